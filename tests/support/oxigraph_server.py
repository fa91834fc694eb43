"""Start a real Oxigraph SPARQL server (``oxigraph serve``) on a free loopback port."""

from __future__ import annotations

import socket
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from support.processes import OxigraphProcess


@dataclass(frozen=True)
class SparqlServer:
    """A running SPARQL server: its base URL and where it takes queries and updates."""

    base: str
    query_path: str = "/query"
    update_path: str = "/update"

    @property
    def query_url(self) -> str:
        return self.base + self.query_path

    @property
    def update_url(self) -> str:
        return self.base + self.update_path


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
