"""``/graphs``: the SPARQL 1.1 Graph Store Protocol, with graphs named indirectly (``?graph=IRI``).

GET is open to all (the same data the SPARQL endpoint serves). ``?default`` is the default
graph, as at ``/sparql``: the merge of all of pcgraph's graphs; it can be read, not written
(a write is 405, with ``Allow``). PUT (replace), POST (add; with no graph named, into a new
graph, answered 201 with its ``Location``) and DELETE need the bearer token and go through
the import gate: a change that breaks the rules is refused with 422 and nothing is written.
A PUT with an empty body empties the graph (through the gate, as a DELETE does): pcgraph
keeps only graphs that hold triples. The ontology and the load catalogue are pcgraph's own
graphs: writing or deleting them is refused with 403.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, request, url_for
from werkzeug.exceptions import MethodNotAllowed

from pcgraph.errors import ParameterError
from pcgraph.namespaces import GRAPH
from pcgraph.queries.parameters import expand_iri

from .. import context
from ..auth import require_token
from ..errors import HTTPError
from ..import_gate import SUFFIXES, drop_graph, import_files
from ..serialize import RDF_TYPES, serialize_graph

bp = Blueprint("graphs", __name__)

GRAPH_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
DEFAULT_GRAPH_METHODS = ["GET", "HEAD"]


def _target() -> str | None:
    """The graph the request names: its IRI, or None for the default graph (``?default``)."""
    named = "graph" in request.args
    if "default" in request.args:
        if named:
            raise HTTPError(400, "name one graph: either ?default or ?graph=IRI, not both", where="graph")
        return None
    text = request.args.get("graph", "").strip()
    if not text:
        raise HTTPError(400, "name the graph with ?graph=IRI (or ?default for the default graph)", where="graph")
    try:
        return expand_iri(text)
    except ValueError as exc:
        raise ParameterError(str(exc), where="parameter 'graph'") from None


def _named_target() -> str:
    """The named graph a write goes to; the default graph cannot be written."""
    graph = _target()
    if graph is None:
        raise MethodNotAllowed(DEFAULT_GRAPH_METHODS, description=(
            "the default graph is the merge of all of pcgraph's named graphs, so it is read-only; "
            "write a named graph with ?graph=IRI"))
    return graph


@bp.get("/graphs")
def list_or_get():
    store = context.get_store()
    if "graph" not in request.args and "default" not in request.args:
        return {"ok": True, "graphs": store.graphs()}
    graph = _target()
    if graph is not None and graph not in store.graphs():
        raise HTTPError(404, f"there is no graph {graph}", where="graph")
    mimetype = request.accept_mimetypes.best_match(list(RDF_TYPES)) if request.accept_mimetypes.provided else None
    mimetype = mimetype or "text/turtle"
    settings = context.settings()
    result = store.query(GRAPH_QUERY, default_graphs=[graph] if graph else None, timeout=settings.query_timeout)
    return Response(serialize_graph(result.triples, mimetype), mimetype=mimetype)


def _body() -> list[tuple[str, bytes]]:
    """The uploaded files; empty when the request carries no data at all."""
    mimetype = request.mimetype
    if mimetype == "multipart/form-data":
        files = [(f.filename or name, f.read()) for name in request.files for f in request.files.getlist(name)]
        if not files:
            raise HTTPError(400, "attach the data as files in the form (for example a field named 'file')",
                            where="file")
        return files
    data = request.get_data()
    if not data.strip():
        return []
    if mimetype not in SUFFIXES:
        raise HTTPError(415, f"send RDF as one of: {', '.join(sorted(SUFFIXES))}", where="Content-Type")
    return [(f"upload{SUFFIXES[mimetype]}", data)]


@bp.put("/graphs")
def put_graph():
    graph = _named_target()
    require_token()
    files = _body()
    existed = graph in context.get_store().graphs()
    if not files:
        removed = drop_graph(graph) if existed else 0
        return {"ok": True, "graph": graph, "created": False, "removed": removed}
    report = import_files(files, graph=graph, replace=True)
    return {"ok": True, "graph": graph, "created": not existed, "report": report}, (200 if existed else 201)


@bp.post("/graphs")
def post_graph():
    created = "graph" not in request.args and "default" not in request.args
    graph = str(GRAPH[f"new-{uuid.uuid4()}"]) if created else _named_target()
    require_token()
    files = _body()
    if not files:
        if created:
            raise HTTPError(400, "the request body is empty: send the new graph's RDF", where="body")
        return {"ok": True, "graph": graph, "report": None}
    report = import_files(files, graph=graph, replace=False)
    if not created:
        return {"ok": True, "graph": graph, "report": report}
    location = url_for("graphs.list_or_get", graph=graph, _external=True)
    return {"ok": True, "graph": graph, "created": True, "report": report}, 201, {"Location": location}


@bp.delete("/graphs")
def delete_graph():
    graph = _named_target()
    require_token()
    drop_graph(graph)
    return Response(status=204)
