"""Start ``pcgraph serve`` or ``oxigraph serve`` as processes a test can kill outright (SIGKILL)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from support.cli import PCGRAPH


def stop(process: subprocess.Popen) -> None:
    """Ask a process to stop (SIGTERM), and kill it if it has not within ten seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait()


class ServerProcess:
    """A ``pcgraph serve`` process; its standard error is collected in ``log`` as it runs."""

    def __init__(self, *args: str, env: dict[str, str] | None = None, timeout: float = 60.0):
        env = {**os.environ, **(env or {})}
        self._scratch: tempfile.TemporaryDirectory | None = None
        if not _names_its_data(args, env):
            # A fresh store of its own, as `pcgraph serve` gives a newcomer: never the user's,
            # never one another server of the suite has open.
            self._scratch = tempfile.TemporaryDirectory(prefix="pcgraph-serve-")
            args = ("--store", str(Path(self._scratch.name) / "store"), *args)
        command = [*PCGRAPH, "serve", "--host", "127.0.0.1", "--port", "0", *args]
        self.process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                                        env=env)
        self.log: list[str] = []
        self.url: str | None = None
        started = threading.Event()
        self._reader = threading.Thread(target=self._read, args=(started,), daemon=True)
        self._reader.start()
        if not started.wait(timeout) or self.url is None:
            self.kill()
            self.process.stderr.close()
            raise RuntimeError("pcgraph serve did not start:\n" + "".join(self.log))

    def _read(self, started: threading.Event) -> None:
        for line in self.process.stderr:
            self.log.append(line)
            match = re.search(r"serving on (http://[\d.]+:\d+)/", line)
            if match and self.url is None:
                self.url = match.group(1)
                started.set()
        started.set()

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed or closed."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        stop(self.process)

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
        self._reader.join(timeout=10)  # it reads to the end of the log; closing first races it
        self.process.stderr.close()
        if self._scratch is not None:
            self._scratch.cleanup()


def _names_its_data(args: tuple[str, ...], env: dict[str, str]) -> bool:
    """Whether a server's arguments or environment say which store or endpoint it serves."""
    given = {arg.split("=", 1)[0] for arg in args}
    return bool(given & {"--store", "--endpoint"}) or bool(env.get("PCGRAPH_STORE") or env.get("PCGRAPH_ENDPOINT"))


class OxigraphProcess:
    """``oxigraph serve`` on a fixed loopback port, so it can be killed and started again at the same URL."""

    def __init__(self, location: Path, port: int):
        self.location, self.port = location, port
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        executable = shutil.which("oxigraph")
        if executable is None:
            raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
        # A file, not a pipe, for its log: nobody reads it while it runs, so a pipe could fill.
        log = tempfile.TemporaryFile()
        self.process = subprocess.Popen([executable, "serve", "--location", str(self.location),
                                         "--bind", f"127.0.0.1:{self.port}"],
                                        stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"{self.base}/query?query=ASK%7B%7D", timeout=2):
                        return
                except (urllib.error.URLError, ConnectionError):
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        self.kill()
                        log.seek(0)
                        raise RuntimeError("oxigraph serve did not start: " + log.read().decode()) from None
                    time.sleep(0.1)
        finally:
            log.close()

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.process is not None:
            self.process.wait()
