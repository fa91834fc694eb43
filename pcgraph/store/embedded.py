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
            raise StoreError(f"cannot open the store: {exc}", where=str(path)) from None
        store = cls(inner, path, settings)
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
        return iter(self._store.quads_for_pattern(None, None, None, graph_name))

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> int:
        name = ox.NamedNode(graph)
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
        # One SPARQL update is one transaction: readers see the old graph or the new one.
        update = f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}"
        try:
            self._store.update(update)
        except OSError as exc:
            raise StoreError(f"cannot write the store: {exc}") from None
        return len(triples)

    def add_to_graph(self, graph: str, quads: Iterable[ox.Quad]) -> int:
        name = ox.NamedNode(graph)
        staged = [ox.Quad(q.subject, q.predicate, q.object, name) for q in quads]
        try:
            self._store.extend(staged)
        except OSError as exc:
            raise StoreError(f"cannot write the store: {exc}") from None
        return len(staged)

    def drop_graph(self, graph: str) -> None:
        try:
            self._store.remove_graph(ox.NamedNode(graph))
        except OSError as exc:
            raise StoreError(f"cannot write the store: {exc}") from None

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def close(self) -> None:
        self.flush() if self.path is not None else None
        del self._store
