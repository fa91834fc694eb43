"""pcgraph: a knowledge graph of NHS England provider collaboratives.

The version below is the single source of the package version: ``pyproject.toml``
reads it, and ``pcgraph --version`` prints it.
"""

__version__ = "0.1.0"
