"""The JSON API: health, search, canned queries, validation, imports, and its OpenAPI description.

Every JSON answer is an object with ``"ok"``; errors share the one shape
``{"ok": false, "error": ..., "status": ...}``. ``/api/openapi.json`` describes it all
(a test keeps the description and the routes in step).
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, request, url_for

from pcgraph import __version__, queries
from pcgraph.errors import ParameterError

from .. import context, import_gate, search
from ..auth import require_token
from ..errors import HTTPError
from ..openapi import openapi_document
from ..request_args import text_arg
from .queries import result_json

bp = Blueprint("api", __name__)


@bp.get("/healthz")
def healthz():
    store = context.get_store()
    # a round trip, so a store that has gone away is a 503 here (the graph list may be kept)
    store.query("ASK {}", timeout=context.settings().query_timeout)
    return {"ok": True, "version": __version__, "graphs": len(store.graphs())}


@bp.get("/api/openapi.json")
def openapi():
    from flask import current_app

    return openapi_document(server=context.public_url(url_for("pages.home")).rstrip("/"),
                            ask=current_app.config.get("ASK_ENABLED", False))


@bp.get("/api/search")
def api_search():
    text = text_arg("q", search.MAX_CHARS)
    if not text:
        raise ParameterError("give some text to search for", where="parameter 'q'")
    try:
        limit = min(max(int(request.args.get("limit", "20")), 1), 100)
    except ValueError:
        raise ParameterError("expected a whole number", where="parameter 'limit'") from None
    return {"ok": True, "q": text, "results": [hit.to_json() for hit in search.find(text, limit=limit)]}


@bp.get("/api/queries")
def api_queries():
    return {"ok": True, "queries": [q.to_json() for q in sorted(queries.catalog().values(), key=lambda q: q.name)]}


@bp.get("/api/queries/<name>")
def api_query(name: str):
    catalogue = queries.catalog()
    if name not in catalogue:
        raise HTTPError(404, f"there is no canned query called {name!r}", where="query name")
    query = catalogue[name]
    raw = request.args.to_dict()
    bound = query.bind(raw)
    result = queries.run(context.get_store(), query, raw, context.settings())
    return result_json(query, result, bound, raw)


@bp.post("/api/import")
def api_import():
    require_token()
    graph = request.args.get("graph") or None
    replace = request.args.get("replace", "false").lower() in {"1", "true", "yes"}
    as_of = None
    if request.args.get("as_of"):
        try:
            as_of = dt.date.fromisoformat(request.args["as_of"])
        except ValueError:
            raise ParameterError("expected a date as YYYY-MM-DD", where="parameter 'as_of'") from None
    if request.mimetype == "multipart/form-data":
        files = [(f.filename or "upload", f.read()) for f in request.files.getlist("file")]
    else:
        suffix = import_gate.SUFFIXES.get(request.mimetype)
        if suffix is None:
            raise HTTPError(415, "send files as multipart form field 'file', or one RDF document as the body",
                            where="Content-Type")
        files = [(f"upload{suffix}", request.get_data())]
    if not files or not any(content.strip() for _, content in files):
        raise HTTPError(400, "nothing to import: the upload is empty", where="file")
    report = import_gate.import_files(files, graph=graph, replace=replace, as_of=as_of)
    return {"ok": True, "report": report}
