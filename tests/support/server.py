"""Start a real ``pcgraph serve`` process for a test and stop it afterwards."""

from __future__ import annotations

import os
import re
import subprocess
import time
from contextlib import contextmanager

from support.cli import PCGRAPH


@contextmanager
def running_server(*args: str, env: dict[str, str] | None = None, timeout: float = 60.0):
    """Start ``pcgraph serve`` on a free loopback port; yield its base URL; stop it after.

    The server prints ``... serving on http://HOST:PORT/`` to standard error once it listens.
    """
    full_env = {**os.environ, **(env or {})}
    command = [*PCGRAPH, "serve", "--host", "127.0.0.1", "--port", "0", *args]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=full_env, text=True)
    url = None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                if process.poll() is not None:
                    break
                continue
            seen.append(line)
            match = re.search(r"serving on (http://[\d.]+:\d+/)", line)
            if match:
                url = match.group(1)
                break
        if url is None:
            raise RuntimeError("pcgraph serve did not start:\n" + "".join(seen))
        yield url.rstrip("/")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()
