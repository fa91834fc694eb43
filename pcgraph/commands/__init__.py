"""The verbs of the ``pcgraph`` command, one module each (see ``pcgraph.cli.COMMANDS``)."""
