"""Start a real ``pcgraph serve`` process for a test and stop it afterwards."""

from __future__ import annotations

from contextlib import contextmanager

from support.processes import ServerProcess


@contextmanager
def running_server(*args: str, env: dict[str, str] | None = None, timeout: float = 60.0):
    """Start ``pcgraph serve`` on a free loopback port; yield its base URL; stop it after.

    The server prints ``... serving on http://HOST:PORT/`` to standard error once it listens.
    """
    with ServerProcess(*args, env=env, timeout=timeout) as server:
        yield server.url
