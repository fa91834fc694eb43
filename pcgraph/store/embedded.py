"""The embedded backend: an Oxigraph (RocksDB) store in a folder on disk.

A new, empty store loads the ontology and the reference graph on first open, so
``pcgraph serve`` answers at once. Oxigraph's transactions make every write all-or-nothing.
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from pcgraph.errors import InputError, StoreError
from pcgraph.namespaces import PREFIXES
from pcgraph.settings import Settings
from pcgraph.store.base import QueryResult, Store, Term, collect

log = logging.getLogger(__name__)

_POSITION = re.compile(r"error at (\d+):(\d+)")


def sparql_syntax_error(exc: SyntaxError, what: str = "query") -> InputError:
    """An ``InputError`` for a SPARQL syntax error, naming the line and column."""
    text = str(exc)
    match = _POSITION.search(text)
    where = f"{what} line {match.group(1)}, column {match.group(2)}" if match else what
    message = _POSITION.sub("", text).strip(" :") or "syntax error"
    error = InputError(f"SPARQL syntax error: {message}", where=where)
    error.line = int(match.group(1)) if match else None
    error.column = int(match.group(2)) if match else None
    return error


class EmbeddedStore(Store):
    """An on-disk Oxigraph store (or an in-memory one when ``path`` is None)."""

    def __init__(self, inner: ox.Store, path: Path | None, settings: Settings | None = None):
        self._store = inner
        self.path = path
        self.settings = settings or Settings()
        self.read_only = False

    @classmethod
    def open(cls, path: Path, *, settings: Settings | None = None, read_only: bool = False,
             load_defaults: bool = True) -> "EmbeddedStore":
        """Open (creating if need be) the store in ``path``; a new store gets the default data."""
        path = Path(path)
        try:
            if read_only:
                inner = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                inner = ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError("the store is in use by another process (a running pcgraph serve, or another "
                                 "import); stop it first, or send the data through its web API",
                                 where=str(path)) from None
            raise StoreError(f"cannot open the store: {exc}", where=str(path)) from None
        store = cls(inner, path, settings)
        store.read_only = read_only
        if load_defaults and not read_only and store.is_empty():
            from pcgraph.store.defaults import load_default_data

            load_default_data(store)
        return store

    @classmethod
    def in_memory(cls, *, settings: Settings | None = None) -> "EmbeddedStore":
        """A store in memory, for tests and for validating files."""
        return cls(ox.Store(), None, settings)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for set-at-a-time work (validation, bulk loads)."""
        return self._store

    def is_empty(self) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, None)), None) is None

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def query(self, sparql: str, *, bindings: dict[str, Term] | None = None, timeout: float | None = None,
              max_rows: int | None = None, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> QueryResult:
        started = time.monotonic()
        deadline = started + timeout if timeout else None
        kwargs: dict = {"prefixes": PREFIXES}
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if bindings:
            kwargs["substitutions"] = {ox.Variable(name): term for name, term in bindings.items()}
        try:
            results = self._store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise sparql_syntax_error(exc) from None
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from None
        result = collect(results, max_rows=max_rows, deadline=deadline)
        result.duration = time.monotonic() - started
        return result

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        graph_name = ox.NamedNode(graph) if graph else None
        return (q for q in self._store.quads_for_pattern(None, None, None, graph_name)
                if not isinstance(q.graph_name, ox.DefaultGraph))

    def apply(self, *, add: Iterable[ox.Quad] = (), replace: Iterable[str] = (),
              remove: Iterable[ox.Quad] = ()) -> None:
        replace, remove = list(replace), list(remove)
        try:
            if not replace and not remove:
                # One RocksDB transaction: committed whole or not at all, even under SIGKILL.
                self._store.extend(add)
            else:
                # One SPARQL update is one transaction too, and can also drop and delete.
                self._store.update(update_text(add=add, replace=replace, remove=remove))
        except OSError as exc:
            raise StoreError(f"cannot write the store: {exc}", where=self._where) from None

    @property
    def _where(self) -> str | None:
        return str(self.path) if self.path is not None else None

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def close(self) -> None:
        if getattr(self, "_store", None) is None:
            return
        if self.path is not None and not self.read_only:
            try:
                self._store.flush()
            except OSError as exc:
                # Committed writes are already in the write-ahead log; a failed flush (a full
                # disk) loses nothing and must not hide the error that brought us here.
                log.warning("%s: could not flush the store on close: %s", self._where, exc)
        self._store = None


def update_text(*, add: Iterable[ox.Quad], replace: Iterable[str], remove: Iterable[ox.Quad]) -> str:
    """One SPARQL 1.1 update that drops ``replace``, deletes ``remove`` and inserts ``add``.

    Terms are written from typed pyoxigraph terms (their N-Triples form), never from user text.
    """
    parts = [f"DROP SILENT GRAPH {ox.NamedNode(graph)}" for graph in replace]
    remove = list(remove)
    if remove:
        if any(isinstance(t, ox.BlankNode) for q in remove for t in (q.subject, q.object)):
            raise ValueError("cannot delete quads with blank nodes by value")
        parts.append("DELETE DATA {\n" + quad_block(remove) + "\n}")
    add = list(add)
    if add:
        parts.append("INSERT DATA {\n" + quad_block(add) + "\n}")
    return " ;\n".join(parts) if parts else ""


def quad_block(quads: list[ox.Quad]) -> str:
    """The quads as ``GRAPH <g> { s p o . }`` groups, for INSERT DATA and DELETE DATA."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            raise ValueError("pcgraph keeps every triple in a named graph")
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    return "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
