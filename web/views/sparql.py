"""``/sparql``: the SPARQL 1.1 Protocol endpoint (queries only) and the query editor page.

GET ``?query=``, POST form or ``application/sparql-query`` (UTF-8, as the protocol requires);
``default-graph-uri`` and ``named-graph-uri``; answers by content negotiation. A POST must
say what its body is (a Content-Type). Relative IRIs in a query resolve against the
endpoint's own URL, the base the service defines. GET with no query gives the service
description (or, to a browser, the editor). Updates (by POST or by GET) and SERVICE are
refused; every query has the configured time limit and row cap.
"""

from __future__ import annotations

import logging

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request, url_for

from pcgraph.errors import InputError, PcgraphError, QueryTimeout

from .. import context
from ..errors import HTTPError, pcgraph_error_response, wants_html
from ..examples import EXAMPLES
from ..serialize import RDF_TYPES, RESULT_TYPES, WRITERS, serialize_graph
from ..sparql_guard import UpdateRefused, check_query

log = logging.getLogger(__name__)
bp = Blueprint("sparql", __name__)

# ``format=`` (also sent by SPARQLWrapper and YASGUI as a hint) per kind of answer; unknown
# values fall back to the Accept header rather than failing.
RESULT_ALIASES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values", "html": "text/html"}
GRAPH_ALIASES = {"ttl": "text/turtle", "turtle": "text/turtle", "n3": "text/turtle", "nt": "application/n-triples",
                 "ntriples": "application/n-triples", "jsonld": "application/ld+json", "json-ld": "application/ld+json",
                 "json": "application/ld+json", "rdf": "application/rdf+xml", "xml": "application/rdf+xml",
                 "rdfxml": "application/rdf+xml", "trig": "application/trig", "nq": "application/n-quads",
                 "nquads": "application/n-quads", "html": "text/html"}
_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"


def _read_request() -> tuple[str | None, list[str], list[str]]:
    """The query text and dataset graphs, from whichever of the protocol's three forms was used."""
    args = request.args
    if "update" in args:
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted (and never by GET)",
                            where="update")
    if request.method == "GET":
        form = args
    else:
        mimetype = request.mimetype
        if not mimetype:
            raise HTTPError(415, "say what the body is: send 'Content-Type: application/sparql-query' with the "
                                 "query as the body, or 'application/x-www-form-urlencoded' with a field named "
                                 "'query'", where="Content-Type")
        if mimetype == "application/sparql-update":
            raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted", where="request body")
        if mimetype == "application/sparql-query":
            return _body_text(), args.getlist("default-graph-uri"), args.getlist("named-graph-uri")
        if mimetype not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            raise HTTPError(415, "send the query as application/sparql-query or as a form field named 'query'",
                            where="Content-Type")
        form = request.form
        if "update" in form:
            raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted", where="update")
    queries = form.getlist("query")
    if len(queries) > 1:
        raise HTTPError(400, "give exactly one 'query' parameter", where="query")
    defaults = form.getlist("default-graph-uri") + (args.getlist("default-graph-uri") if form is not args else [])
    named = form.getlist("named-graph-uri") + (args.getlist("named-graph-uri") if form is not args else [])
    return (queries[0] if queries else None), defaults, named


def _body_text() -> str:
    """A directly POSTed query: UTF-8, the only encoding the protocol allows, decoded strictly
    (undecodable bytes would silently change its meaning)."""
    charset = request.mimetype_params.get("charset", "utf-8")
    if charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise HTTPError(415, f"the query is sent as {charset}; the SPARQL protocol takes queries in UTF-8 only",
                        where="Content-Type")
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPError(400, f"the query is not valid UTF-8 (byte {exc.start + 1})", where="request body") from None


def _base_iri() -> str:
    """The base relative IRIs in a query resolve against: this endpoint's own URL."""
    url = url_for("sparql.endpoint", _external=True)
    try:
        ox.NamedNode(url)
    except ValueError:
        raise HTTPError(400, "the request's Host header does not make a valid IRI for this endpoint",
                        where="Host") from None
    return url


def _run(query: str, default_graphs: list[str], named_graphs: list[str]):
    """Run a public query with the endpoint's URL as its base, its time limit and row cap.

    The base is given as a ``BASE`` line before the query (a ``BASE`` in the query itself
    still wins), so it holds on every store; syntax errors are reported at the query's own lines.
    """
    settings = context.settings()
    check_query(query, allow_service=settings.allow_service)
    try:
        return context.get_public_store().query(
            f"BASE <{_base_iri()}>\n{query}", timeout=settings.query_timeout, max_rows=settings.max_rows,
            default_graphs=default_graphs or None, named_graphs=named_graphs or None)
    except InputError as exc:
        line = getattr(exc, "line", None)
        if not line or line < 2:
            raise
        error = InputError(exc.message, where=f"query line {line - 1}, column {exc.column}")
        error.line, error.column = line - 1, exc.column
        raise error from None


def _requested_type(choices: list[str], default: str, aliases: dict[str, str]) -> str:
    """The response type: a known ``format=`` hint, else the Accept header, else ``default``."""
    hint = (request.values.get("format") or request.values.get("output") or "").lower()
    if hint in aliases and aliases[hint] in choices:
        return aliases[hint]
    if hint in choices:
        return hint
    accept = request.accept_mimetypes
    if not accept.provided:
        return default
    best = accept.best_match(choices)
    if best is None:
        raise HTTPError(406, f"cannot answer in any type the Accept header names; available: {', '.join(choices)}")
    # When the client likes our default as much as its best choice (Accept: */*), answer the default.
    return default if accept.quality(default) >= accept.quality(best) else best


@bp.errorhandler(PcgraphError)
def sparql_error(exc: PcgraphError) -> Response:
    """An error in the type the client asked for: SPARQL clients (YASGUI, Comunica) that ask
    for results or RDF, not JSON, get the message as text, which they show as it is; a
    client that takes JSON as readily (curl, ``*/*``) gets the API's JSON shape."""
    response = pcgraph_error_response(exc)
    if response.mimetype != "application/json" or not _prefers_sparql_types():
        return response
    body = response.get_json()
    where = f" (line {body['line']}, column {body['column']})" if body.get("line") is not None else ""
    response.set_data(f"{body['error']}{where}\n".encode())
    response.mimetype = "text/plain"
    return response


def _prefers_sparql_types() -> bool:
    accept = request.accept_mimetypes
    if not accept.provided:
        return False
    best = max(accept.quality(t) for t in (*RESULT_TYPES, *RDF_TYPES) if t != "application/json")
    return best > accept.quality("application/json")


@bp.after_request
def allow_other_origins(response: Response) -> Response:
    """The endpoint is public and read-only, so browser-based clients (YASGUI) on any origin may use it."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
    response.headers["Access-Control-Expose-Headers"] = "Pcgraph-Truncated"
    return response


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    query, default_graphs, named_graphs = _read_request()
    if query is None:
        return _service_description()
    if not query.strip():
        raise HTTPError(400, "the query is empty", where="query")
    try:
        result = _run(query, default_graphs, named_graphs)
    except PcgraphError as exc:
        if not _editor_wanted():
            raise
        # Back to the editor with the query kept and the error beside it.
        status = getattr(exc, "http_status", None) or (503 if isinstance(exc, QueryTimeout) else 400)
        return Response(render_template("sparql.html", query=query, result=None, examples=EXAMPLES, error=exc),
                        status=status, mimetype="text/html")
    log.info("query sparql: %.3fs, %d rows%s", result.duration, len(result), ", truncated" if result.truncated else "")

    if result.kind == "graph":
        choices = [*RDF_TYPES, "text/html"]
        mimetype = _requested_type(choices, "text/turtle", GRAPH_ALIASES)
    else:
        choices = [*RESULT_TYPES, "text/html"]
        mimetype = _requested_type(choices, "application/sparql-results+json", RESULT_ALIASES)
    if mimetype == "text/html":
        response = Response(render_template("sparql.html", query=query, result=result, examples=EXAMPLES,
                                            default_graphs=default_graphs, named_graphs=named_graphs),
                            mimetype="text/html")
    elif result.kind == "graph":
        response = Response(serialize_graph(result.triples, mimetype), mimetype=mimetype)
    else:
        response = Response(WRITERS[RESULT_TYPES[mimetype]](result), mimetype=mimetype)
    response.headers["Vary"] = "Accept"
    if result.truncated:
        response.headers["Pcgraph-Truncated"] = "true"
    return response


def _editor_wanted() -> bool:
    """True when a person at the editor sent the query (format=html, or a browser's Accept)."""
    hint = (request.values.get("format") or "").lower()
    if hint:
        return hint == "html"
    return wants_html()


def _service_description() -> Response:
    """The SPARQL 1.1 service description, or the query editor for a browser."""
    choices = ["text/html", *RDF_TYPES]
    best = request.accept_mimetypes.best_match(choices) if request.accept_mimetypes.provided else None
    if request.values.get("format"):
        best = _requested_type(choices, "text/turtle", GRAPH_ALIASES)
    if best == "text/html":
        example = request.args.get("example")
        query = next((e["query"] for e in EXAMPLES if e["name"] == example), EXAMPLES[0]["query"])
        return Response(render_template("sparql.html", query=query, result=None, examples=EXAMPLES),
                        mimetype="text/html")
    mimetype = best or "text/turtle"
    endpoint_iri = ox.NamedNode(context.public_url(url_for("sparql.endpoint")))
    sd = lambda name: ox.NamedNode(_SD + name)  # noqa: E731
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    dataset = ox.BlankNode()
    default_graph = ox.BlankNode()
    triples = [
        ox.Triple(endpoint_iri, rdf_type, sd("Service")),
        ox.Triple(endpoint_iri, sd("endpoint"), endpoint_iri),
        ox.Triple(endpoint_iri, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(endpoint_iri, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(endpoint_iri, sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, rdf_type, sd("Graph")),
    ]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads"):
        triples.append(ox.Triple(endpoint_iri, sd("resultFormat"), ox.NamedNode(_FORMATS + name)))
    for graph in context.get_store().graphs():
        named = ox.BlankNode()
        triples += [ox.Triple(dataset, sd("namedGraph"), named), ox.Triple(named, sd("name"), ox.NamedNode(graph))]
    response = Response(serialize_graph(triples, mimetype), mimetype=mimetype)
    response.headers["Vary"] = "Accept"
    return response
