"""The remote SPARQL engines the suite runs pcgraph on: each started once per session.

``remote_engine(name, folder)`` starts the engine on a temporary folder and yields an
``Engine``: its name, ``query_url`` and ``update_url``. An engine that is not
installed is skipped with the reason, except in CI (``CI`` set), where it is a failure:
``.ci/run`` installs them.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from support import virtuoso_server
from support.missing import skip_or_fail
from support.oxigraph_server import oxigraph_server

ENGINES = ("oxigraph", "virtuoso")


def missing(name: str) -> str | None:
    """Why the engine cannot run here, or None."""
    if name == "virtuoso" and not virtuoso_server.available():
        return "Virtuoso is not installed (apt-get install virtuoso-opensource)"
    return None


@dataclass(frozen=True)
class Engine:
    name: str
    query_url: str
    update_url: str


@contextmanager
def remote_engine(name: str, folder: Path):
    reason = missing(name)
    if reason:
        skip_or_fail(reason)
    if name == "virtuoso":
        start = virtuoso_server.virtuoso_server
    else:
        start = oxigraph_server
    with start(folder) as server:
        yield Engine(name, server.query_url, server.update_url)
