"""``/graphs``: the SPARQL 1.1 Graph Store Protocol for named graphs (``?graph=IRI``).

GET is open to all (the same data the SPARQL endpoint serves). PUT (replace), POST (add)
and DELETE need the bearer token and go through the import gate: a change that breaks
the rules is refused with 422 and nothing is written. The ontology and the load
catalogue are pcgraph's own graphs: writing or deleting them is refused with 403.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from pcgraph.errors import ParameterError
from pcgraph.queries.parameters import expand_iri

from .. import context
from ..auth import require_token
from ..errors import HTTPError
from ..import_gate import SUFFIXES, drop_graph, import_files
from ..serialize import RDF_TYPES, serialize_graph

bp = Blueprint("graphs", __name__)

GRAPH_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _graph_arg() -> str:
    if "default" in request.args:
        raise HTTPError(400, "the default graph is the union of all named graphs here; name a graph with ?graph=IRI",
                        where="default")
    text = request.args.get("graph", "").strip()
    if not text:
        raise HTTPError(400, "name the graph with ?graph=IRI", where="graph")
    try:
        return expand_iri(text)
    except ValueError as exc:
        raise ParameterError(str(exc), where="parameter 'graph'") from None


@bp.get("/graphs")
def list_or_get():
    store = context.get_store()
    if "graph" not in request.args and "default" not in request.args:
        return {"ok": True, "graphs": store.graphs()}
    graph = _graph_arg()
    if graph not in store.graphs():
        raise HTTPError(404, f"there is no graph {graph}", where="graph")
    mimetype = request.accept_mimetypes.best_match(list(RDF_TYPES)) if request.accept_mimetypes.provided else None
    mimetype = mimetype or "text/turtle"
    settings = context.settings()
    result = store.query(GRAPH_QUERY, default_graphs=[graph], timeout=settings.query_timeout)
    return Response(serialize_graph(result.triples, mimetype), mimetype=mimetype)


def _body() -> list[tuple[str, bytes]]:
    mimetype = request.mimetype
    if mimetype == "multipart/form-data":
        files = [(f.filename or "upload", f.read()) for f in request.files.getlist("file")]
        if not files:
            raise HTTPError(400, "attach the data as form field 'file'", where="file")
        return files
    if mimetype not in SUFFIXES:
        raise HTTPError(415, f"send RDF as one of: {', '.join(sorted(SUFFIXES))}", where="Content-Type")
    data = request.get_data()
    if not data.strip():
        raise HTTPError(400, "the request body is empty", where="body")
    return [(f"upload{SUFFIXES[mimetype]}", data)]


@bp.put("/graphs")
def put_graph():
    require_token()
    graph = _graph_arg()
    existed = graph in context.get_store().graphs()
    report = import_files(_body(), graph=graph, replace=True)
    return {"ok": True, "graph": graph, "created": not existed, "report": report}, (200 if existed else 201)


@bp.post("/graphs")
def post_graph():
    require_token()
    graph = _graph_arg()
    report = import_files(_body(), graph=graph, replace=False)
    return {"ok": True, "graph": graph, "report": report}


@bp.delete("/graphs")
def delete_graph():
    require_token()
    drop_graph(_graph_arg())
    return Response(status=204)
