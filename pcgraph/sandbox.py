"""Run untrusted SPARQL in worker processes that can be killed when their time is up.

pyoxigraph offers no way to cancel a query: an aggregate over a cartesian product keeps a
core busy until it finishes, however long that takes, and a deadline checked between rows
never fires because the first row is the whole cost. So queries that anyone may send
(the public ``/sparql`` endpoint) run here instead:

- each worker is a separate process holding an in-memory copy of the store, loaded from an
  N-Quads snapshot that the parent writes when the data has changed;
- a query goes to an idle worker; if no answer comes within the time limit the worker is
  killed (SIGKILL: the work stops at once), a fresh one takes its place, and the caller gets
  ``QueryTimeout``;
- when every worker is busy, a query waits for one until its own time limit, so a burst
  of slow queries cannot queue work for later.

Writers call ``invalidate()`` after changing the store; the next query reloads a new
snapshot, so a reader sees the data as it was before or after a write, never a mix.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import shutil
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from pcgraph.errors import InputError, PcgraphError, QueryTimeout, StoreError
from pcgraph.namespaces import PREFIXES
from pcgraph.store.base import QueryResult, collect

log = logging.getLogger(__name__)

# Loading a snapshot is not the query's fault, so it gets its own, generous limit.
SNAPSHOT_LOAD_TIMEOUT = 600.0


@dataclass(frozen=True)
class _Request:
    sparql: str
    max_rows: int | None
    timeout: float | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]


def _worker_main(connection: Connection) -> None:
    """The worker loop: load snapshots and answer queries until the parent hangs up."""
    store = ox.Store()
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        kind, payload = message
        if kind == "load":
            store = ox.Store()
            try:
                store.bulk_load(path=payload, format=ox.RdfFormat.N_QUADS)
                connection.send(("loaded", len(store)))
            except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises
                connection.send(("error", ("store", f"cannot load the snapshot: {exc}")))
        elif kind == "query":
            connection.send(_answer(store, payload))


def _answer(store: ox.Store, request: _Request):
    kwargs: dict = {"prefixes": PREFIXES}
    if request.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if request.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    started = time.monotonic()
    deadline = started + request.timeout if request.timeout else None
    try:
        results = store.query(request.sparql, **kwargs)
        result = collect(results, max_rows=request.max_rows, deadline=deadline)
    except SyntaxError as exc:
        return ("error", ("syntax", str(exc)))
    except QueryTimeout as exc:
        return ("error", ("timeout", str(exc)))
    except Exception as exc:  # noqa: BLE001 - evaluation errors go back as messages
        return ("error", ("evaluation", str(exc)))
    result.duration = time.monotonic() - started
    return ("ok", result)


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, context) -> None:
        parent_end, child_end = context.Pipe()
        self.connection = parent_end
        self.process = context.Process(target=_worker_main, args=(child_end,), daemon=True,
                                       name="pcgraph-query-worker")
        self.process.start()
        child_end.close()
        self.generation = -1

    def call(self, message, timeout: float | None):
        """Send one message and wait for the reply; ``None`` when the time runs out."""
        self.connection.send(message)
        if not self.connection.poll(timeout):
            return None
        return self.connection.recv()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()

    @property
    def alive(self) -> bool:
        return self.process.is_alive()


class QuerySandbox:
    """A small pool of killable query workers over snapshots of an embedded store."""

    def __init__(self, store, *, workers: int = 2) -> None:
        if workers < 1:
            raise ValueError("a sandbox needs at least one worker")
        self._store = store
        self._context = multiprocessing.get_context("forkserver")
        # Workers fork from a server that has already imported this module, so a worker
        # that replaces a killed one is ready in milliseconds.
        self._context.set_forkserver_preload([__name__])
        self._size = workers
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._generation = 0
        self._snapshot: tuple[int, Path] | None = None
        self._directory = Path(tempfile.mkdtemp(prefix="pcgraph-sandbox-"))
        self._closed = False
        for _ in range(workers):
            self._idle.put(_Worker(self._context))
        # Stop the workers and remove the snapshots however the sandbox goes away: closed,
        # garbage-collected with its app, or left until the interpreter exits.
        self._cleanup = weakref.finalize(self, _stop, self._idle, self._directory)

    def invalidate(self) -> None:
        """The store has changed: later queries run on a new snapshot."""
        with self._lock:
            self._generation += 1

    def query(self, sparql: str, *, timeout: float | None, max_rows: int | None = None,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None) -> QueryResult:
        """Run ``sparql`` in a worker; ``QueryTimeout`` once ``timeout`` seconds have passed."""
        if self._closed:
            raise StoreError("the query sandbox is closed")
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout("the server is busy with other queries; try again shortly") from None
        # Waiting for a worker counts against the limit; loading new data does not.
        remaining = None if timeout is None else max(0.0, timeout - (time.monotonic() - started))
        try:
            self._ensure_snapshot(worker)
            started = time.monotonic()
            request = _Request(sparql, max_rows, remaining, tuple(default_graphs or ()), tuple(named_graphs or ()))
            reply = worker.call(("query", request), remaining)
        except (OSError, EOFError) as exc:
            self._replace(worker)
            raise StoreError(f"a query worker failed: {exc}") from None
        if reply is None:
            log.warning("query cancelled after %.1fs; restarting its worker", time.monotonic() - started)
            self._replace(worker)
            raise QueryTimeout("the query ran past its time limit and was cancelled")
        self._idle.put(worker)
        status, payload = reply
        if status == "ok":
            return payload
        raise _error_from(payload)

    def _ensure_snapshot(self, worker: _Worker) -> None:
        with self._lock:
            generation = self._generation
            if self._snapshot is None or self._snapshot[0] != generation:
                path = self._directory / f"snapshot-{generation}.nq"
                self._store.oxigraph.dump(str(path), format=ox.RdfFormat.N_QUADS)
                if self._snapshot is not None:
                    self._snapshot[1].unlink(missing_ok=True)
                self._snapshot = (generation, path)
            path = self._snapshot[1]
        if worker.generation != generation:
            reply = worker.call(("load", str(path)), SNAPSHOT_LOAD_TIMEOUT)
            if reply is None or reply[0] != "loaded":
                raise StoreError("a query worker could not load the data")
            worker.generation = generation

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        if not self._closed:
            self._idle.put(_Worker(self._context))

    def close(self) -> None:
        """Stop every worker and remove the snapshots."""
        self._closed = True
        self._cleanup()

    def worker_pids(self) -> list[int]:
        """The process ids of the idle workers (for tests and diagnostics)."""
        return [w.process.pid for w in list(self._idle.queue) if w.alive]


def _stop(idle: queue.Queue, directory: Path) -> None:
    while True:
        try:
            idle.get_nowait().kill()
        except queue.Empty:
            break
    shutil.rmtree(directory, ignore_errors=True)


def _error_from(payload) -> PcgraphError:
    kind, message = payload
    if kind == "syntax":
        from pcgraph.store.embedded import sparql_syntax_error

        return sparql_syntax_error(SyntaxError(message))
    if kind == "timeout":
        return QueryTimeout(message)
    if kind == "store":
        return StoreError(message)
    return InputError(f"the query could not be evaluated: {message}", where="query")


def default_worker_count() -> int:
    """Two workers on a small machine, never more than the cores."""
    return max(1, min(2, os.cpu_count() or 1))
