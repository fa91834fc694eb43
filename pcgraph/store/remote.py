"""The remote backend: any SPARQL 1.1 Query/Update endpoint (Fuseki, GraphDB, Oxigraph server, ...).

Queries go through SPARQLWrapper as POSTed forms; answers come back as SPARQL JSON and
are turned into pyoxigraph terms, so callers see the same ``QueryResult`` as with the
embedded store. Three things differ from the embedded store and are handled here:

- the union of named graphs as default graph: the query names every named graph as a
  ``default-graph-uri`` (the protocol's way of saying "merge these") and as a
  ``named-graph-uri`` (so ``GRAPH`` patterns still see them), so it works on any
  endpoint, whatever its own default graph holds;
- bound parameters: a VALUES block of typed terms opens the top-level WHERE group
  (``pcgraph.store.values``), since an endpoint takes only text;
- writes: each ``apply`` is one SPARQL Update request, which SPARQL 1.1 endpoints run as
  one transaction (Oxigraph, Fuseki and GraphDB do).
"""

from __future__ import annotations

import json
import logging
import socket
import time
import urllib.error
from typing import Iterable, Iterator

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from pcgraph.errors import InputError, QueryTimeout, StoreError
from pcgraph.namespaces import PREFIXES, sparql_prologue
from pcgraph.settings import Settings
from pcgraph.store.base import QueryResult, Store, Term
from pcgraph.store.embedded import sparql_syntax_error, update_text
from pcgraph.store.sparql_json import term_from_json
from pcgraph.store.values import query_form, with_values

log = logging.getLogger(__name__)

_CHECKER = ox.Store()  # an empty store, only to check query syntax before sending it


class RemoteStore(Store):
    """A store that is a SPARQL 1.1 endpoint (and its update endpoint)."""

    def __init__(self, endpoint: str, update_endpoint: str | None = None, *, settings: Settings | None = None):
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.settings = settings or Settings()

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    # -- reading -------------------------------------------------------------------------

    def query(self, sparql: str, *, bindings: dict[str, Term] | None = None, timeout: float | None = None,
              max_rows: int | None = None, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None) -> QueryResult:
        started = time.monotonic()
        _check_syntax(sparql)
        text = sparql_prologue() + with_values(sparql, bindings or {})
        # Naming any graph in the protocol replaces the endpoint's whole dataset, so every
        # named graph is listed twice: merged as the default graph, and by name for GRAPH.
        every = self.graphs() if not (default_graphs and named_graphs) else []
        graphs = default_graphs or every
        named_graphs = named_graphs or every
        if query_form(sparql) in ("construct", "describe"):
            body = self._send(text, default_graphs=graphs, named_graphs=named_graphs or [], timeout=timeout,
                              return_format=TURTLE)
            result = _graph_result(body, max_rows=max_rows, where=self.endpoint)
        else:
            answer = self._send(text, default_graphs=graphs, named_graphs=named_graphs or [], timeout=timeout)
            result = _result_from_json(answer, max_rows=max_rows)
        result.duration = time.monotonic() - started
        return result

    def graphs(self) -> list[str]:
        answer = self._send("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", timeout=None)
        return sorted(row["g"]["value"] for row in answer["results"]["bindings"] if row["g"]["type"] == "uri")

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        where = f"GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} BIND({ox.NamedNode(graph)} AS ?g)" if graph \
            else "GRAPH ?g { ?s ?p ?o }"
        answer = self._send(f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}", timeout=None)
        for row in answer["results"]["bindings"]:
            yield ox.Quad(term_from_json(row["s"]), term_from_json(row["p"]), term_from_json(row["o"]),
                          term_from_json(row["g"]))

    def count(self, graph: str | None = None) -> int:
        where = f"GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        answer = self._send(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", timeout=None)
        return int(answer["results"]["bindings"][0]["n"]["value"])

    def is_empty(self) -> bool:
        answer = self._send("ASK { GRAPH ?g { ?s ?p ?o } }", timeout=None)
        return not answer.get("boolean", False)

    # -- writing -------------------------------------------------------------------------

    def apply(self, *, add: Iterable[ox.Quad] = (), replace: Iterable[str] = (),
              remove: Iterable[ox.Quad] = ()) -> None:
        text = update_text(add=add, replace=replace, remove=remove)
        if not text:
            return
        client = self._client(self.update_endpoint, timeout=None)
        client.setQuery(text)
        try:
            client.query()
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
        try:
            response = client.query()
            body = response.response.read()
        except (SPARQLWrapperException, urllib.error.URLError, OSError) as exc:
            raise self._error(exc, self.endpoint, "query") from None
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
            message = str(exc).strip().splitlines()[0]
            if "QueryBadFormed" in type(exc).__name__:
                return InputError(f"the SPARQL endpoint refused the request: {message}", where=url)
            return StoreError(f"the SPARQL endpoint failed: {message}", where=url)
        return StoreError(f"cannot {doing} the SPARQL endpoint ({reason or exc}); is it running, "
                          "and is the URL right?", where=url)


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
