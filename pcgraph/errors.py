"""The errors pcgraph raises on purpose, each with a message fit to show a user.

    PcgraphError                 anything pcgraph reports to a user (exit code 2 on the CLI)
    ├── InputError               bad input: a file, a line, a parameter; says what and where
    │   └── ParameterError       a query or API parameter of the wrong type; names it
    ├── StoreError               the store could not be opened, read or written
    └── QueryTimeout             a query ran past its time limit and was cancelled

Other modules add subclasses beside these. The CLI prints ``error: <message>`` and exits
2 for any of them; the web app maps them to one JSON error shape.
"""

from __future__ import annotations


class PcgraphError(Exception):
    """Base class: anything pcgraph reports to a user rather than as a traceback."""

    exit_code = 2

    def __init__(self, message: str, *, where: str | None = None):
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class InputError(PcgraphError):
    """Bad input. ``where`` names the file and line, or the parameter."""


class ParameterError(InputError):
    """A parameter of the wrong type or value; ``where`` is the parameter's name."""


class StoreError(PcgraphError):
    """The store could not be opened, read or written."""


class QueryTimeout(PcgraphError):
    """A query ran past its time limit and was cancelled."""
