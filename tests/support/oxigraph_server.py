"""Start a real Oxigraph SPARQL server (``oxigraph serve``) on a free loopback port."""

from __future__ import annotations

import socket
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from support.processes import OxigraphProcess


@dataclass(frozen=True)
class SparqlServer:
    base: str

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def oxigraph_server(location: Path, *, timeout: float = 30.0):
    """Run ``oxigraph serve --location LOCATION`` on 127.0.0.1; yield its URLs; stop it after."""
    server = OxigraphProcess(location, free_port())
    server.start(timeout)
    try:
        yield SparqlServer(server.base)
    finally:
        server.stop()
