"""Run SPARQL in worker processes that can be killed when their time is up.

pyoxigraph offers no way to cancel a query: an aggregate over a cartesian product keeps a
core busy until it finishes, however long that takes, and a deadline checked between rows
never fires because the first row is the whole cost. So every query the web service runs
on the embedded store (the public ``/sparql`` endpoint, and pcgraph's own canned queries,
pages and questions) runs here instead:

- ``Snapshots`` makes a read-only copy of the store for each generation of its data: a
  RocksDB checkpoint beside an on-disk store (hard links, made in milliseconds; workers
  open it read-only, so the operating system's page cache is shared and a worker costs
  tens of MiB, not a copy of the data), or an N-Quads dump of an in-memory store, which
  each worker loads into memory;
- each ``QuerySandbox`` is a small pool of worker processes over those snapshots; a query
  goes to an idle worker, and if no answer comes within the time limit the worker is killed
  (SIGKILL: the work stops at once), a fresh one takes its place, and the caller gets
  ``QueryTimeout``;
- when every worker of a pool is busy, a query waits for one until its own time limit, so
  a burst of slow queries cannot queue work for later;
- a worker has no network unless its pool is given one (``network=True``, the public pool
  when ``PCGRAPH_ALLOW_SERVICE`` is on): it moves into a network namespace of its own, with
  no interface up, before it reads anything, so a SERVICE pattern the engine meets cannot
  reach any host, loopback included (where the kernel refuses a namespace, a warning is
  logged and only the endpoint's check of the parsed query stands);
- answers travel back as SPARQL TSV or N-Triples bytes written by Oxigraph itself, cut at
  the row cap and at the byte cap (``PCGRAPH_MAX_ANSWER_BYTES``: whole rows only, the
  answer marked truncated), so a large answer costs the server what it would cost
  in-process and never more than the cap;
- each worker may hold at most ``PCGRAPH_WORKER_MEMORY`` bytes (its data segment limit):
  a query that needs more ends its worker, a fresh one takes its place, and the caller gets
  ``WorkerOutOfMemory`` (503, as for a timeout).

Writers call ``Snapshots.invalidate()`` after changing the store; each worker opens the new
snapshot before its next query, so a reader sees the data as it was before or after a
write, never a mix.
"""

from __future__ import annotations

import ctypes
import io
import logging
import multiprocessing
import os
import queue
import resource
import shutil
import signal
import tempfile
import threading
import time
import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from pcgraph.errors import InputError, PcgraphError, QueryTimeout, StoreError
from pcgraph.namespaces import PREFIXES
from pcgraph.store.base import QueryResult, Store, Term, collect

log = logging.getLogger(__name__)

# Opening a snapshot is not the query's fault, so it gets its own, generous limit.
SNAPSHOT_LOAD_TIMEOUT = 600.0
_SNAPSHOT_PREFIX = "snapshots-"


class WorkerOutOfMemory(QueryTimeout):
    """A query needed more memory than a worker may have; the worker was replaced.

    Like a timeout, the work was stopped and nothing is wrong with the server: 503."""


class AnswerTooLarge(PcgraphError):
    """An answer held a single value larger than can be read back from a worker (413)."""

    http_status = 413


@dataclass(frozen=True)
class Snapshot:
    generation: int
    path: Path
    kind: str  # "checkpoint" (open read-only) or "nquads" (load into memory)


class Snapshots:
    """Read-only copies of one embedded store, one per generation of its data.

    A snapshot is kept while a worker still has it open, and removed once none has.
    """

    def __init__(self, store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._generation = 0
        self._current: Snapshot | None = None
        self._users: dict[int, int] = {}
        self._paths: dict[int, Path] = {}
        self._directory = _snapshot_directory(store.path)
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._directory, True)

    def invalidate(self) -> None:
        """The store has changed: workers move to a new snapshot before their next query."""
        with self._lock:
            self._generation += 1

    def acquire(self) -> Snapshot:
        """The current snapshot (made now if the data changed), held until ``release``d."""
        with self._lock:
            if self._current is None or self._current.generation != self._generation:
                self._current = self._make(self._generation)
            self._users[self._current.generation] = self._users.get(self._current.generation, 0) + 1
            return self._current

    def hold(self, snapshot: Snapshot) -> None:
        """One more user of ``snapshot``, which its caller already holds (so it still exists)."""
        with self._lock:
            self._users[snapshot.generation] += 1

    def release(self, generation: int | None) -> None:
        """A user has let go of the snapshot of ``generation`` (a worker moved on, killed or
        stopped, or a web request ended)."""
        with self._lock:
            self._release(generation)

    def _release(self, generation: int | None) -> None:
        if generation is None or generation not in self._users:
            return
        self._users[generation] -= 1
        if self._users[generation] == 0 and (self._current is None or self._current.generation != generation):
            del self._users[generation]
            _remove(self._paths.pop(generation))

    def _make(self, generation: int) -> Snapshot:
        if self._current is not None and not self._users.get(self._current.generation):
            self._users.pop(self._current.generation, None)
            _remove(self._paths.pop(self._current.generation))
        inner = self._store.oxigraph
        started = time.monotonic()
        if self._store.path is not None:
            path = self._directory / f"checkpoint-{generation}"
            try:
                inner.backup(str(path))
            except OSError as exc:
                raise StoreError(f"cannot snapshot the store for queries: {exc}", where=str(path)) from None
            kind = "checkpoint"
        else:
            path = self._directory / f"snapshot-{generation}.nq"
            inner.dump(str(path), format=ox.RdfFormat.N_QUADS)
            kind = "nquads"
        self._paths[generation] = path
        log.info("query snapshot %d (%s) made in %.0f ms", generation, kind, 1000 * (time.monotonic() - started))
        return Snapshot(generation, path, kind)

    def close(self) -> None:
        """Remove every snapshot (workers must be stopped first)."""
        self._cleanup()


def _snapshot_directory(store_path: Path | None) -> Path:
    """A folder for snapshots: beside an on-disk store (so a checkpoint is hard links, not a
    copy), else in the temporary folder. Folders left by a killed server are removed."""
    if store_path is not None:
        parent = Path(store_path).parent
        prefix = f".{Path(store_path).name}.{_SNAPSHOT_PREFIX}"
        _remove_stale(parent, prefix)
        try:
            return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
        except OSError:
            pass  # e.g. a read-only folder: RocksDB copies the files instead of linking them
    return Path(tempfile.mkdtemp(prefix=f"pcgraph-{_SNAPSHOT_PREFIX}"))


def _remove_stale(parent: Path, prefix: str) -> None:
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return
    for folder in candidates:
        pid = folder.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Request:
    sparql: str
    max_rows: int | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    bindings: tuple[tuple[str, Term], ...] = ()
    max_bytes: int | None = None


_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000


def _leave_network() -> bool:
    """Move this process into a network namespace of its own, where no address answers.

    As root a network namespace is enough; otherwise a user namespace comes with it (where
    the kernel allows them). True when the process has no network any more."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        unshare = libc.unshare
    except (OSError, AttributeError):
        return False
    return any(unshare(flags) == 0 for flags in (_CLONE_NEWNET, _CLONE_NEWNET | _CLONE_NEWUSER))


def _worker_main(connection: Connection, network: bool = False, memory: int | None = None) -> None:
    """The worker loop: open snapshots and answer queries until the parent hangs up."""
    offline = False if network else _leave_network()
    if memory is not None:
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
        os.environ["RUST_BACKTRACE"] = "0"  # an allocation past the limit ends the worker, quietly
    store = ox.Store()
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        kind, payload = message
        if kind == "load":
            store = None  # let go of the previous snapshot's files first
            snapshot: Snapshot = payload
            try:
                if snapshot.kind == "checkpoint":
                    store = ox.Store.read_only(str(snapshot.path))
                else:
                    store = ox.Store()
                    store.bulk_load(path=str(snapshot.path), format=ox.RdfFormat.N_QUADS)
                connection.send(("loaded", len(store), offline))
            except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises
                store = ox.Store()
                connection.send(("error", ("store", f"cannot load the snapshot: {exc}")))
        elif kind == "query":
            connection.send(_answer(store, payload))


class _Full(Exception):
    """The answer has passed the row cap or the byte cap."""


class _CappedWriter(io.RawIOBase):
    """Collects serialized answer lines, stopping the serializer once there are more than
    ``lines`` or more than ``max_bytes`` bytes."""

    def __init__(self, lines: int | None, max_bytes: int | None = None) -> None:
        super().__init__()
        self.buffer = bytearray()
        self.lines = lines
        self.max_bytes = max_bytes
        self.seen = 0
        self.full = False

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        chunk = bytes(data)
        if self.max_bytes is not None and len(self.buffer) + len(chunk) > self.max_bytes:
            self.buffer += chunk[:self.max_bytes - len(self.buffer)]
            self.full = True
            raise _Full()
        self.buffer += chunk
        if self.lines is not None:
            self.seen += chunk.count(b"\n")
            if self.seen > self.lines:
                self.full = True
                raise _Full()
        return len(chunk)

    def text(self) -> bytes:
        """Everything written, or when a cap was passed the whole lines before it."""
        if not self.full:
            return bytes(self.buffer)
        end = 0
        for _ in range(self.lines if self.lines is not None else len(self.buffer)):
            found = self.buffer.find(b"\n", end)
            if found < 0:
                break
            end = found + 1
        return bytes(self.buffer[:end])


def _answer(store: ox.Store, request: _Request):
    kwargs: dict = {"prefixes": PREFIXES}
    if request.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if request.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    if request.bindings:
        kwargs["substitutions"] = {ox.Variable(name): term for name, term in request.bindings}
    try:
        results = store.query(request.sparql, **kwargs)
        if isinstance(results, ox.QueryBoolean):
            return ("ok", ("ask", bool(results), False))
        select = isinstance(results, ox.QuerySolutions)
        cap = request.max_rows
        # TSV has a header line; both formats escape newlines in terms, so a line is a row.
        writer = _CappedWriter(None if cap is None else cap + 1 if select else cap, request.max_bytes)
        try:
            results.serialize(writer, format=ox.QueryResultsFormat.TSV if select else ox.RdfFormat.N_TRIPLES)
        except Exception:
            if not writer.full:
                raise
        return ("ok", ("select" if select else "graph", writer.text(), writer.full))
    except SyntaxError as exc:
        return ("error", ("syntax", str(exc)))
    except MemoryError:
        return ("error", ("memory", "out of memory"))
    except Exception as exc:  # noqa: BLE001 - evaluation errors go back as messages
        return ("error", ("evaluation", str(exc)))


def _result(payload) -> QueryResult:
    kind, body, truncated = payload
    if kind == "ask":
        return QueryResult("ask", boolean=body)
    if kind == "select" and not body:  # cut inside its header line: no variables, no rows
        result = QueryResult("select")
    else:
        try:
            if kind == "select":
                result = collect(ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV), max_rows=None,
                                 deadline=None)
            else:
                result = QueryResult("graph", triples=[q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)])
        except MemoryError:
            # The reader's buffer for one term is bounded (16 MiB).
            raise AnswerTooLarge("the answer holds a single value too large to read back (more than 16 MiB); "
                                 "select less of it, e.g. SUBSTR or STRLEN") from None
    result.truncated = truncated
    return result


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, context, name: str, network: bool = False, memory: int | None = None) -> None:
        parent_end, child_end = context.Pipe()
        self.connection = parent_end
        self.process = context.Process(target=_worker_main, args=(child_end, network, memory), daemon=True,
                                       name=name)
        self.process.start()
        child_end.close()
        self.generation: int | None = None

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
    """A small pool of killable query workers over the snapshots of an embedded store."""

    def __init__(self, snapshots: Snapshots, *, workers: int = 2, name: str = "query",
                 network: bool = False, memory: int | None = None, max_answer_bytes: int | None = None) -> None:
        """``network``: whether queries may reach other hosts (SERVICE); off, workers have none.
        ``memory``: the most bytes a worker may hold (None: no limit). ``max_answer_bytes``:
        answers are cut (and marked truncated) at this many bytes."""
        if workers < 1:
            raise ValueError("a sandbox needs at least one worker")
        self._snapshots = snapshots
        self._name = f"pcgraph-{name}-worker"
        self._network = network
        self._memory = memory
        self._max_answer_bytes = max_answer_bytes
        self._warned = False
        self._context = multiprocessing.get_context("forkserver")
        # Workers fork from a server that has already imported this module, so a worker
        # that replaces a killed one is ready in milliseconds.
        self._context.set_forkserver_preload([__name__])
        # Last in, first out: a run of queries goes to the worker whose caches are warmest.
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._closed = False
        for _ in range(workers):
            self._idle.put(_Worker(self._context, self._name, self._network, self._memory))
        # Stop the workers however the sandbox goes away: closed, garbage-collected with its
        # app, or left until the interpreter exits.
        self._cleanup = weakref.finalize(self, _stop, self._idle, snapshots)

    def query(self, sparql: str, *, timeout: float | None, max_rows: int | None = None,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
              bindings: dict[str, Term] | None = None, snapshot: Snapshot | None = None) -> QueryResult:
        """Run ``sparql`` in a worker; ``QueryTimeout`` once ``timeout`` seconds have passed.

        ``snapshot`` (held by the caller) pins the data the query reads, so several queries
        answering one request read the same data even if a write lands between them."""
        if self._closed:
            raise StoreError("the query sandbox is closed")
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout("the server is busy with other queries; try again shortly") from None
        # Waiting for a worker counts against the limit; opening new data does not.
        remaining = None if timeout is None else max(0.0, timeout - (time.monotonic() - started))
        try:
            self._ensure_snapshot(worker, snapshot)
            started = time.monotonic()
            request = _Request(sparql, max_rows, tuple(default_graphs or ()), tuple(named_graphs or ()),
                               tuple((bindings or {}).items()), self._max_answer_bytes)
            reply = worker.call(("query", request), remaining)
        except (OSError, EOFError) as exc:
            worker.process.join(timeout=5)
            aborted = worker.process.exitcode == -signal.SIGABRT
            self._replace(worker)
            if aborted and self._memory is not None:
                # The engine aborts its process when an allocation fails: past the limit.
                log.warning("a query worker passed its memory limit of %d bytes; replaced", self._memory)
                raise self._out_of_memory() from None
            raise StoreError(f"a query worker failed: {exc}") from None
        except PcgraphError:
            self._replace(worker)
            raise
        if reply is None:
            log.warning("query cancelled after %.1fs; restarting its worker", time.monotonic() - started)
            self._replace(worker)
            raise QueryTimeout(f"the query ran past its time limit of {timeout:g} s (PCGRAPH_QUERY_TIMEOUT) "
                               "and was cancelled")
        status, payload = reply
        if status != "ok" and payload[0] == "memory":
            self._replace(worker)  # it may not have let go of what it took
            raise self._out_of_memory()
        if self._closed:
            worker.kill()
            self._snapshots.release(worker.generation)
        else:
            self._idle.put(worker)
        if status != "ok":
            raise _error_from(payload)
        result = _result(payload)
        result.duration = time.monotonic() - started
        return result

    def _out_of_memory(self) -> WorkerOutOfMemory:
        limit = f" ({self._memory:,} bytes, setting PCGRAPH_WORKER_MEMORY)" if self._memory else ""
        return WorkerOutOfMemory(f"the query needed more memory than a query worker may have{limit}; "
                                 "it was stopped")

    def _ensure_snapshot(self, worker: _Worker, pinned: Snapshot | None = None) -> None:
        if pinned is not None:
            self._snapshots.hold(pinned)
            snapshot = pinned
        else:
            snapshot = self._snapshots.acquire()
        if worker.generation == snapshot.generation:
            self._snapshots.release(snapshot.generation)  # the worker holds it already
            return
        try:
            reply = worker.call(("load", snapshot), SNAPSHOT_LOAD_TIMEOUT)
        finally:
            self._snapshots.release(worker.generation)
            worker.generation = snapshot.generation
        if reply is None or reply[0] != "loaded":
            raise StoreError("a query worker could not open the data" +
                             (f": {reply[1][1]}" if reply is not None and reply[0] == "error" else ""))
        if not self._network and not reply[2] and not self._warned:
            self._warned = True
            log.warning("%s: the kernel refused a network namespace, so query workers can still "
                        "reach the network; only the endpoint's SERVICE check stands", self._name)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._snapshots.release(worker.generation)
        if not self._closed:
            self._idle.put(_Worker(self._context, self._name, self._network, self._memory))

    def close(self) -> None:
        """Stop every idle worker (a busy one is stopped when its query returns)."""
        self._closed = True
        self._cleanup()

    def worker_pids(self) -> list[int]:
        """The process ids of the idle workers (for tests and diagnostics)."""
        return [w.process.pid for w in list(self._idle.queue) if w.alive]


def _stop(idle: queue.Queue, snapshots: Snapshots) -> None:
    while True:
        try:
            worker = idle.get_nowait()
        except queue.Empty:
            break
        worker.kill()
        snapshots.release(worker.generation)


def _error_from(payload) -> PcgraphError:
    kind, message = payload
    if kind == "syntax":
        from pcgraph.store.embedded import sparql_syntax_error

        return sparql_syntax_error(SyntaxError(message))
    if kind == "store":
        return StoreError(message)
    return InputError(f"the query could not be evaluated: {message}", where="query")


def unpin(pins: dict | None) -> None:
    """Let go of the snapshot a unit of work pinned (see ``SandboxedStore``), if it pinned one."""
    if pins and "snapshot" in pins:
        snapshot = pins.pop("snapshot")
        pins.pop("snapshots").release(snapshot.generation)


class SandboxedStore(Store):
    """An embedded store whose queries run in a ``QuerySandbox`` with a time limit always set.

    Everything else (listing graphs, reading quads, the validator's set-at-a-time access
    through ``oxigraph``, and writes, which move the workers to new data) goes to the store
    itself.
    """

    def __init__(self, store, sandbox: QuerySandbox, snapshots: Snapshots, *, timeout: float,
                 pins: Callable[[], dict | None] | None = None) -> None:
        self.inner = store
        self.sandbox = sandbox
        self._snapshots = snapshots
        self._timeout = timeout
        self._pins = pins

    def query(self, sparql: str, *, bindings: dict[str, Term] | None = None, timeout: float | None = None,
              max_rows: int | None = None, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> QueryResult:
        """Run in a worker; past ``timeout`` (default: the configured limit) the worker is killed."""
        return self.sandbox.query(sparql, timeout=timeout or self._timeout, max_rows=max_rows,
                                  default_graphs=default_graphs, named_graphs=named_graphs, bindings=bindings,
                                  snapshot=self._pinned())

    def _pinned(self) -> Snapshot | None:
        """The snapshot this unit of work (a web request) reads, taken at its first query.

        ``pins`` gives a dict that lives as long as the unit of work, or None outside one;
        whoever owns it calls ``unpin`` at its end."""
        pins = self._pins() if self._pins is not None else None
        if pins is None:
            return None
        if "snapshot" not in pins:
            pins["snapshot"] = self._snapshots.acquire()
            pins["snapshots"] = self._snapshots
        return pins["snapshot"]

    def graphs(self) -> list[str]:
        return self.inner.graphs()

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        return self.inner.quads(graph)

    def count(self, graph: str | None = None) -> int:
        return self.inner.count(graph)

    def is_empty(self) -> bool:
        return self.inner.is_empty()

    @property
    def oxigraph(self) -> ox.Store:
        """The store itself, for the validator (which runs in-process, set-at-a-time)."""
        return self.inner.oxigraph

    def apply(self, *, add: Iterable[ox.Quad] = (), replace: Iterable[str] = (),
              remove: Iterable[ox.Quad] = ()) -> None:
        self.inner.apply(add=add, replace=replace, remove=remove)
        self._snapshots.invalidate()


@contextmanager
def killable(store: Store, *, timeout: float, memory: int | None = None) -> Iterator[Store]:
    """``store`` with its queries run in one killable worker, as ``pcgraph serve`` runs them:
    past ``timeout`` the worker is killed and ``QueryTimeout`` raised, so a command on the
    command line stops for real too. A remote store is given back as it is (its HTTP
    timeout is its limit)."""
    from pcgraph.store.embedded import EmbeddedStore

    if not isinstance(store, EmbeddedStore):
        yield store
        return
    snapshots = Snapshots(store)
    sandbox = QuerySandbox(snapshots, workers=1, name="command", memory=memory)
    try:
        yield SandboxedStore(store, sandbox, snapshots, timeout=timeout)
    finally:
        sandbox.close()
        snapshots.close()
