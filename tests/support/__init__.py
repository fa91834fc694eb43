"""Helpers the tests share: paths, and starting a real pcgraph server."""
