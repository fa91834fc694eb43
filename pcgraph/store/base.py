"""The store interface every backend implements, and the query result it returns.

Terms are pyoxigraph terms (``NamedNode``, ``BlankNode``, ``Literal``) whatever the
backend, so callers write one code path.
"""

from __future__ import annotations

import abc
import time
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Literal as TypingLiteral

import pyoxigraph as ox

from pcgraph.errors import QueryTimeout

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class QueryResult:
    """A query's answer: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: TypingLiteral["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False
    duration: float = 0.0

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "graph":
            return len(self.triples)
        return 1


def collect(results, *, max_rows: int | None, deadline: float | None) -> QueryResult:
    """Turn a pyoxigraph answer into a ``QueryResult``, stopping at the row cap or the deadline."""
    started = time.monotonic()
    if isinstance(results, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(results), duration=time.monotonic() - started)
    if isinstance(results, ox.QuerySolutions):
        variables = [v.value for v in results.variables]
        rows: list[dict[str, Term]] = []
        truncated = False
        for solution in results:
            _check_deadline(deadline)
            if max_rows is not None and len(rows) >= max_rows:
                truncated = True
                break
            rows.append({name: solution[name] for name in variables if solution[name] is not None})
        return QueryResult("select", variables=variables, rows=rows, truncated=truncated,
                           duration=time.monotonic() - started)
    triples: list[ox.Triple] = []
    truncated = False
    for triple in results:
        _check_deadline(deadline)
        if max_rows is not None and len(triples) >= max_rows:
            truncated = True
            break
        triples.append(triple)
    return QueryResult("graph", triples=triples, truncated=truncated, duration=time.monotonic() - started)


def _check_deadline(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout("the query ran past its time limit and was cancelled")


class Store(abc.ABC):
    """What pcgraph needs of a store. Implementations: ``EmbeddedStore``, ``RemoteStore``."""

    @abc.abstractmethod
    def query(
        self,
        sparql: str,
        *,
        bindings: dict[str, Term] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        """Run a read-only SPARQL query over the union of all graphs (or the graphs given).

        ``bindings`` are typed RDF terms substituted for variables (never formatted into
        the text). Raises ``InputError`` on a syntax error (with line and column),
        ``QueryTimeout`` past ``timeout`` seconds.
        """

    @abc.abstractmethod
    def graphs(self) -> list[str]:
        """The IRIs of the named graphs in the store."""

    @abc.abstractmethod
    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Every quad in the store, or in one named graph."""

    @abc.abstractmethod
    def apply(self, *, add: Iterable[ox.Quad] = (), replace: Iterable[str] = (),
              remove: Iterable[ox.Quad] = ()) -> None:
        """Make one change, all or nothing: empty the graphs in ``replace``, delete ``remove``, add ``add``.

        Readers (and a process killed half-way) see the store before or after the change,
        never a mix. ``remove`` may not hold blank nodes.
        """

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> int:
        """Atomically replace (or create) one named graph; readers see old or new, never a mix."""
        staged = in_graph(graph, quads)
        self.apply(add=staged, replace=[graph])
        return len(staged)

    def add_to_graph(self, graph: str, quads: Iterable[ox.Quad]) -> int:
        """Atomically add quads to one named graph."""
        staged = in_graph(graph, quads)
        self.apply(add=staged)
        return len(staged)

    def drop_graph(self, graph: str) -> None:
        """Remove one named graph, and its catalogue entry with it."""
        from pcgraph.store.catalogue import entry_quads

        self.apply(replace=[graph], remove=entry_quads(self, graph, keep_history=False))

    def count(self, graph: str | None = None) -> int:
        """How many quads the store (or one named graph) holds."""
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", timeout=None)
        return int(result.rows[0]["n"].value)

    def is_empty(self) -> bool:
        """True when the store holds no quad at all."""
        return next(iter(self.quads()), None) is None

    def local_copy(self) -> "Store":
        """A store with the same data that pcgraph's validator can read set-at-a-time (it
        needs an Oxigraph store in this process): the store itself when it is one."""
        return self

    def close(self) -> None:  # noqa: B027 - optional for backends
        """Release the store's resources."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def in_graph(graph: str, quads: Iterable[ox.Quad | ox.Triple]) -> list[ox.Quad]:
    """The quads (or triples) moved into the named graph ``graph``."""
    name = ox.NamedNode(graph)
    return [ox.Quad(q.subject, q.predicate, q.object, name) for q in quads]
