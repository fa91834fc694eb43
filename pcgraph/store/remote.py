"""The remote backend: any SPARQL 1.1 Query/Update endpoint (Virtuoso, Oxigraph server, Fuseki, ...).

Queries go through SPARQLWrapper as POSTed forms; answers come back as SPARQL JSON and
are turned into pyoxigraph terms, so callers see the same ``QueryResult`` as with the
embedded store. What differs from the embedded store is handled here, in the portable
SPARQL 1.1 subset, so that no engine's own habits show through:

- pcgraph's data is recognised by its catalogue graph, not by the endpoint being empty
  (Virtuoso always holds system graphs of its own);
- the dataset is restricted to pcgraph's own graphs (those the catalogue lists, those
  pcgraph has written to, recorded in ``REGISTRY_GRAPH``, and the catalogue itself):
  every query names them as ``named-graph-uri``, so the engine's own graphs never leak
  in. The list is kept per data generation (refreshed after each write and every
  ``GRAPH_LIST_TTL`` seconds), not fetched before every query;
- the default graph is an RDF merge, a set: pcgraph keeps that merge in a graph of its
  own (``MERGE_GRAPH``) on every write, and names it as the ``default-graph-uri``, so a
  triple that two sources state is counted once;
- bound parameters: a VALUES block of typed terms opens the top-level WHERE group
  (``pcgraph.store.values``), since an endpoint takes only text;
- writes go in bounded chunks (``CHUNK_QUADS`` quads an update request; engines cap the
  size of one request: Virtuoso's SQL compiler refuses 2,000) with blank nodes skolemised
  (``SKOLEM_BASE``; engines may refuse blank nodes in ``INSERT DATA``, and a skolem IRI
  can be deleted by value later). A large change is uploaded to staging graphs first and
  put in place by one short last request (``change_requests``), so readers never see half;
- answers are read in pages (``PAGE_ROWS``), since engines cap the rows of one answer,
  and the page count is checked against the engine's own count;
- an engine's refusal is reported with the engine's own reason.
"""

from __future__ import annotations

import ast
import json
import logging
import socket
import threading
import time
import urllib.error
import uuid
from dataclasses import dataclass
from typing import Iterable, Iterator

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from pcgraph.errors import InputError, QueryTimeout, StoreError
from pcgraph.namespaces import GRAPH, PREFIXES
from pcgraph.settings import Settings
from pcgraph.store.base import QueryResult, Store, Term
from pcgraph.store.catalogue import CATALOGUE_GRAPH, RDF_TYPE, VOID
from pcgraph.store.embedded import quad_block, sparql_syntax_error
from pcgraph.store.sparql_json import term_from_json
from pcgraph.store.values import missing_prefixes, query_form, uses_named_graphs, with_values

log = logging.getLogger(__name__)

_CHECKER = ox.Store()  # an empty store, only to check query syntax before sending it

MERGE_GRAPH = str(GRAPH["merge"])
REGISTRY_GRAPH = str(GRAPH["registry"])
STAGING_BASE = str(GRAPH["staging-"])
SKOLEM_BASE = "https://w3id.org/pcgraph/.well-known/genid/"
CHUNK_QUADS = 500
PAGE_ROWS = 10000
GRAPH_LIST_TTL = 30.0

# pcgraph's graphs: those its catalogue or registry lists, and the catalogue, that hold triples.
_OWN = (f"SELECT DISTINCT ?g WHERE {{ {{ GRAPH <{CATALOGUE_GRAPH}> {{ ?g a <{VOID}Dataset> }} }} "
        f"UNION {{ GRAPH <{REGISTRY_GRAPH}> {{ ?g a <{VOID}Dataset> }} }} UNION {{ BIND (<{CATALOGUE_GRAPH}> AS ?g) }} "
        f"FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}")
_CATALOGUED = f"ASK {{ GRAPH <{CATALOGUE_GRAPH}> {{ ?g a <{VOID}Dataset> }} }}"
_MERGE_HELD = f"ASK {{ GRAPH <{MERGE_GRAPH}> {{ ?s ?p ?o }} }}"
# Drops from the merge every triple no named graph of pcgraph's holds any longer.
_SWEEP = (f"DELETE {{ GRAPH <{MERGE_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{MERGE_GRAPH}> {{ ?s ?p ?o }} "
          f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != <{MERGE_GRAPH}>) }} }}")


@dataclass(frozen=True)
class Dataset:
    """pcgraph's own graphs on the endpoint, and whether their merge is kept."""

    graphs: tuple[str, ...]
    merged: bool


class RemoteStore(Store):
    """A store that is a SPARQL 1.1 endpoint (and its update endpoint)."""

    def __init__(self, endpoint: str, update_endpoint: str | None = None, *, settings: Settings | None = None):
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.settings = settings or Settings()
        self._lock = threading.Lock()
        self._dataset: Dataset | None = None
        self._fetched = 0.0
        self._copy: tuple[Dataset, Store] | None = None

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    # -- what is pcgraph's ------------------------------------------------------------------

    def dataset(self) -> Dataset:
        """pcgraph's graphs on the endpoint, as of the last write or the last ``GRAPH_LIST_TTL`` seconds."""
        with self._lock:
            if self._dataset is None or time.monotonic() - self._fetched > GRAPH_LIST_TTL:
                answer = self._send(_OWN, timeout=None)
                graphs = tuple(sorted({row["g"]["value"] for row in answer["results"]["bindings"]
                                       if row["g"]["type"] == "uri"}))
                merged = bool(self._send(_MERGE_HELD, timeout=None).get("boolean", False))
                self._dataset, self._fetched = Dataset(graphs, merged), time.monotonic()
            return self._dataset

    def data_changed(self) -> None:
        """Forget the graph list (and the local copy): the next query reads it again."""
        with self._lock:
            self._dataset = None
            self._copy = None

    def local_copy(self) -> Store:
        """pcgraph's graphs pulled into an in-memory Oxigraph store, once per data generation,
        so the validator runs its rules here as it does on the embedded store."""
        from pcgraph.store.embedded import EmbeddedStore

        dataset = self.dataset()
        kept = self._copy
        if kept is not None and kept[0] is dataset:
            return kept[1]
        copy = EmbeddedStore.in_memory(settings=self.settings)
        copy.oxigraph.extend(self.quads())
        self._copy = (dataset, copy)
        return copy

    def holds_pcgraph_data(self) -> bool:
        """True when the endpoint holds pcgraph's catalogue (it may hold other graphs either way)."""
        return bool(self._send(_CATALOGUED, timeout=None).get("boolean", False))

    def ensure_merge(self) -> None:
        """Build the merge of pcgraph's graphs if the endpoint holds them without it (loaded by hand)."""
        dataset = self.dataset()
        if dataset.merged or not dataset.graphs:
            return
        values = " ".join(f"<{g}>" for g in dataset.graphs)
        self._update(f"INSERT {{ GRAPH <{MERGE_GRAPH}> {{ ?s ?p ?o }} }} "
                     f"WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
        self.data_changed()

    # -- reading -------------------------------------------------------------------------

    def query(self, sparql: str, *, bindings: dict[str, Term] | None = None, timeout: float | None = None,
              max_rows: int | None = None, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> QueryResult:
        started = time.monotonic()
        _check_syntax(sparql)
        text = missing_prefixes(sparql, PREFIXES) + with_values(sparql, bindings or {})
        # Naming any graph in the protocol replaces the endpoint's whole dataset: the merge
        # of pcgraph's graphs is the default graph, and each of them is there by name for GRAPH.
        dataset = self.dataset()
        own = list(dataset.graphs)
        if not default_graphs:
            default_graphs = [MERGE_GRAPH] if dataset.merged or not own else own
        if not named_graphs:
            # Listing a dozen named graphs costs an engine time on every pattern (Virtuoso
            # checks each against them), so they are named only for a query that uses them.
            named_graphs = (own or [MERGE_GRAPH]) if uses_named_graphs(sparql) or not dataset.merged \
                else [MERGE_GRAPH]
        if query_form(sparql) in ("construct", "describe"):
            body = self._send(text, default_graphs=default_graphs, named_graphs=named_graphs, timeout=timeout,
                              return_format=TURTLE)
            result = _graph_result(body, max_rows=max_rows, where=self.endpoint)
        else:
            answer = self._send(text, default_graphs=default_graphs, named_graphs=named_graphs, timeout=timeout)
            result = _result_from_json(answer, max_rows=max_rows)
        result.duration = time.monotonic() - started
        return result

    def graphs(self) -> list[str]:
        return list(self.dataset().graphs)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        for name in [graph] if graph else self.graphs():
            yield from self._graph_quads(name)

    def _graph_quads(self, graph: str) -> Iterator[ox.Quad]:
        name = ox.NamedNode(graph)
        expected = self.count(graph)
        seen = 0
        while seen < expected:
            answer = self._send(f"SELECT ?s ?p ?o WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }} "
                                f"LIMIT {PAGE_ROWS} OFFSET {seen}", timeout=None)
            rows = answer["results"]["bindings"]
            for row in rows:
                yield ox.Quad(term_from_json(row["s"]), term_from_json(row["p"]), term_from_json(row["o"]), name)
            seen += len(rows)
            if len(rows) < PAGE_ROWS:
                break
        if seen != expected:
            raise StoreError(f"the SPARQL endpoint gave {seen} of the {expected} triples of {graph} "
                             "(is its answer size capped?)", where=self.endpoint)

    def count(self, graph: str | None = None) -> int:
        graphs = [graph] if graph else self.graphs()
        if not graphs:
            return 0
        values = " ".join(str(ox.NamedNode(g)) for g in graphs)
        answer = self._send(f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}",
                            timeout=None)
        return int(answer["results"]["bindings"][0]["n"]["value"])

    def is_empty(self) -> bool:
        return not self.dataset().graphs

    # -- writing -------------------------------------------------------------------------

    def apply(self, *, add: Iterable[ox.Quad] = (), replace: Iterable[str] = (),
              remove: Iterable[ox.Quad] = ()) -> None:
        add, replace, remove = skolemise(add), list(replace), list(remove)
        if any(isinstance(t, ox.BlankNode) for q in remove for t in (q.subject, q.object)):
            raise ValueError("cannot delete quads with blank nodes by value")
        if any(isinstance(q.graph_name, ox.DefaultGraph) for q in add):
            raise ValueError("pcgraph keeps every triple in a named graph")
        try:
            for request in change_requests(add, replace, remove):
                self._update(request)
        finally:
            self.data_changed()

    def _update(self, text: str) -> None:
        client = self._client(self.update_endpoint, timeout=None)
        client.setQuery(text)
        try:
            client.query().response.read()
        except (SPARQLWrapperException, urllib.error.URLError, OSError) as exc:
            raise self._error(exc, self.update_endpoint, "write to") from None

    # -- plumbing ------------------------------------------------------------------------

    def _client(self, url: str, *, timeout: float | None) -> SPARQLWrapper:
        client = SPARQLWrapper(url, updateEndpoint=self.update_endpoint, agent="pcgraph")
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        limit = timeout or self.settings.query_timeout
        if limit:
            client.setTimeout(max(1, int(round(limit))))
        return client

    def _send(self, text: str, *, default_graphs: list[str] = (), named_graphs: list[str] = (),
              timeout: float | None, return_format: str = JSON):
        client = self._client(self.endpoint, timeout=timeout)
        client.setReturnFormat(return_format)
        client.setQuery(text)
        for graph in default_graphs:
            client.addDefaultGraph(graph)
        for graph in named_graphs:
            client.addNamedGraph(graph)
        started = time.monotonic()
        try:
            response = client.query()
            body = response.response.read()
        except (SPARQLWrapperException, urllib.error.URLError, OSError) as exc:
            log.debug("refused by %s: %s", self.endpoint, " ".join(text.split())[-1500:])
            raise self._error(exc, self.endpoint, "query") from None
        log.debug("%.3fs on %s: %s", time.monotonic() - started, self.endpoint, " ".join(text.split())[-300:])
        if return_format != JSON:
            return body
        try:
            return json.loads(body)
        except ValueError:
            raise StoreError("the SPARQL endpoint did not answer with SPARQL JSON results",
                             where=self.endpoint) from None

    def _error(self, exc: Exception, url: str, doing: str) -> Exception:
        reason = getattr(exc, "reason", None)
        if isinstance(exc, (socket.timeout, TimeoutError)) or isinstance(reason, (socket.timeout, TimeoutError)):
            return QueryTimeout("the SPARQL endpoint did not answer within the time limit")
        if isinstance(exc, SPARQLWrapperException):
            message = engine_reason(exc)
            if "QueryBadFormed" in type(exc).__name__:
                return InputError(f"the SPARQL endpoint refused the request: {message}", where=url)
            return StoreError(f"the SPARQL endpoint failed: {message}", where=url)
        return StoreError(f"cannot {doing} the SPARQL endpoint ({reason or exc}); is it running, "
                          "and is the URL right?", where=url)


def engine_reason(exc: SPARQLWrapperException, limit: int = 400) -> str:
    """The engine's own reason for refusing a request, from the response SPARQLWrapper keeps in its message.

    Engines echo the request after their reason (Virtuoso: "SPARQL query:"); only the
    reason is kept. Falls back to SPARQLWrapper's own sentence when the engine said nothing.
    """
    text = str(exc)
    head = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    if "Response:\n" not in text:
        return head
    raw = text.split("Response:\n", 1)[1].strip()
    try:
        body = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        body = raw
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    reason = body.strip().split("\n\n", 1)[0]
    reason = " ".join(line.strip() for line in reason.splitlines() if line.strip())
    if not reason:
        return head
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


def skolemise(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads with each blank node replaced by a skolem IRI (RDF 1.1 section 3.5), one per node."""
    prefix = f"{SKOLEM_BASE}{uuid.uuid4().hex}-"
    names: dict[str, ox.NamedNode] = {}

    def term(t):
        if isinstance(t, ox.BlankNode):
            if t.value not in names:
                names[t.value] = ox.NamedNode(prefix + str(len(names)))
            return names[t.value]
        return t

    return [ox.Quad(term(q.subject), q.predicate, term(q.object), q.graph_name) for q in quads]


def change_requests(add: list[ox.Quad], replace: list[str], remove: list[ox.Quad]) -> list[str]:
    """The update requests for one change: the last one makes it, whole.

    A change that fits in one chunk is one request. A larger one is first uploaded in
    chunks to staging graphs no query sees; then one short request drops the replaced
    graphs, deletes ``remove``, moves each staging graph into place and brings the merge
    up to date, so readers see the store before or after the change, never a mix.
    """
    merge = ox.NamedNode(MERGE_GRAPH)
    targets = sorted({q.graph_name.value for q in add})
    final = [f"DROP SILENT GRAPH {ox.NamedNode(graph)}" for graph in replace]
    if remove:
        final.append("DELETE DATA {\n" + quad_block(remove) + "\n}")
    uploads: list[str] = []
    if len(add) <= CHUNK_QUADS:
        if add:
            copies = [ox.Quad(q.subject, q.predicate, q.object, merge) for q in add]
            final.append("INSERT DATA {\n" + quad_block(add + copies) + "\n}")
    else:
        staging = {g: ox.NamedNode(f"{STAGING_BASE}{uuid.uuid4().hex}") for g in targets}
        uploads = ["INSERT DATA {\n" + quad_block([ox.Quad(q.subject, q.predicate, q.object,
                                                            staging[q.graph_name.value]) for q in chunk]) + "\n}"
                   for chunk in _chunks(add)]
        for graph, stage in staging.items():
            final += [f"ADD {stage} TO {ox.NamedNode(graph)}",
                      f"INSERT {{ GRAPH {merge} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {stage} {{ ?s ?p ?o }} }}",
                      f"DROP SILENT GRAPH {stage}"]
    if targets:
        registry, dataset = ox.NamedNode(REGISTRY_GRAPH), ox.NamedNode(VOID + "Dataset")
        final.append("INSERT DATA {\n" + quad_block([ox.Quad(ox.NamedNode(g), RDF_TYPE, dataset, registry)
                                                     for g in targets]) + "\n}")
    if replace or remove:
        final.append(_SWEEP)
    return uploads + ([" ;\n".join(final)] if final else [])


def _chunks(quads: list[ox.Quad]) -> Iterator[list[ox.Quad]]:
    for start in range(0, len(quads), CHUNK_QUADS):
        yield quads[start:start + CHUNK_QUADS]


def _check_syntax(sparql: str) -> None:
    """Raise ``InputError`` with line and column for a query that does not parse."""
    try:
        _CHECKER.query(sparql, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise sparql_syntax_error(exc) from None
    except Exception:  # noqa: BLE001 - only syntax matters here; the endpoint evaluates
        pass


def _graph_result(body: bytes, *, max_rows: int | None, where: str) -> QueryResult:
    try:
        triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)]
    except SyntaxError as exc:
        raise StoreError(f"the SPARQL endpoint sent unreadable Turtle: {exc}", where=where) from None
    truncated = max_rows is not None and len(triples) > max_rows
    return QueryResult("graph", triples=triples[:max_rows] if truncated else triples, truncated=truncated)


def _result_from_json(answer: dict, *, max_rows: int | None) -> QueryResult:
    if "boolean" in answer:
        return QueryResult("ask", boolean=bool(answer["boolean"]))
    variables = list(answer.get("head", {}).get("vars", []))
    rows: list[dict[str, Term]] = []
    truncated = False
    for binding in answer.get("results", {}).get("bindings", []):
        if max_rows is not None and len(rows) >= max_rows:
            truncated = True
            break
        rows.append({name: term_from_json(cell) for name, cell in binding.items()})
    return QueryResult("select", variables=variables, rows=rows, truncated=truncated)
