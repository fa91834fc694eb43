"""Start a real ``pcgraph serve`` process for a test and stop it afterwards."""

from __future__ import annotations

from contextlib import contextmanager

import requests

from support.processes import ServerProcess


@contextmanager
def running_server(*args: str, env: dict[str, str] | None = None, timeout: float = 60.0):
    """Start ``pcgraph serve`` on a free loopback port; yield its base URL; stop it after.

    The server prints ``... serving on http://HOST:PORT/`` to standard error once it listens.
    """
    with ServerProcess(*args, env=env, timeout=timeout) as server:
        yield server.url


def send_every_way(server: str, text: str, timeout: float = 60) -> list[requests.Response]:
    """The query sent to ``/sparql`` as GET, as a POSTed form and as a direct POST."""
    url = f"{server}/sparql"
    return [
        requests.get(url, params={"query": text}, timeout=timeout),
        requests.post(url, data={"query": text}, timeout=timeout),
        requests.post(url, data=text.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=timeout),
    ]
