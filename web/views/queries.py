"""``/queries``: the canned query catalogue, each query a page with a form, and its twins.

``/queries/NAME`` shows a form built from the query's parameters and, once the required
ones are given, the results. ``/queries/NAME.json`` and ``/queries/NAME.csv`` (or the
Accept header) give the same answer as data; a parameter of the wrong type is a 400 that
names it.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, render_template, request

from pcgraph import queries
from pcgraph.errors import ParameterError

from .. import context, entity_data
from ..errors import HTTPError
from ..serialize import results_json
from ..spreadsheet import results_for_people

bp = Blueprint("queries", __name__)

# Which list a parameter's picker offers, by parameter name.
PICKERS = {
    "collaborative": ("collaborative",), "other": ("collaborative",), "organisation": ("organisation",),
    "icb": ("icb",), "area": ("icb", "region"), "sector": ("sector",), "function": ("function",),
}


def plain(term) -> str | None:
    return None if term is None else term.value


def notices(query, result, raw: dict) -> list[dict]:
    """For an empty answer: the IRIs given that the graph does not hold, each named."""
    if result.rows:
        return []
    return [{"parameter": name, "message": f"{iri} is not in the graph"}
            for name, iri in queries.unknown_iris(context.get_store(), query, raw).items()]


def result_json(query, result, params: dict, raw: dict | None = None) -> dict:
    """The friendly JSON twin: plain values, columns in order, the truncated flag, and
    ``notices`` naming any IRI parameter the graph does not hold when nothing matched."""
    return {
        "ok": True,
        "query": query.name,
        "title": query.title,
        "parameters": {name: plain(term) for name, term in params.items()},
        "columns": result.variables,
        "rows": [{var: plain(row.get(var)) for var in result.variables} for row in result.rows],
        "row_count": len(result.rows),
        "truncated": result.truncated,
        "duration_ms": round(result.duration * 1000, 1),
        "notices": notices(query, result, raw or {}),
    }


@bp.get("/queries")
def catalogue():
    items = sorted(queries.catalog().values(), key=lambda q: q.title)
    if _wants("application/json"):
        return {"ok": True, "queries": [q.to_json() for q in items]}
    # Queries tagged "questions" are building blocks of the plain-English answers: listed apart.
    return render_template("queries/list.html", queries=[q for q in items if "questions" not in q.tags],
                           building_blocks=[q for q in items if "questions" in q.tags])


@bp.get("/queries/<name>.json")
def query_json(name: str):
    return _answer(name, "application/json")


@bp.get("/queries/<name>.csv")
def query_csv(name: str):
    return _answer(name, "text/csv")


@bp.get("/queries/<name>")
def query_page(name: str):
    best = request.accept_mimetypes.best_match(
        ["text/html", "application/json", "application/sparql-results+json", "text/csv"]) \
        if request.accept_mimetypes.provided else "text/html"
    if best and best != "text/html":
        return _answer(name, best)
    query = _lookup(name)
    raw = request.args.to_dict()
    missing = [p.name for p in query.parameters if p.required and not raw.get(p.name, "").strip()]
    result = bound = error = None
    if not missing:
        try:
            bound = query.bind(raw)
        except ParameterError as exc:
            error = exc
        else:
            result = queries.run(context.get_store(), query, raw, context.settings())
    status = 400 if error else 200
    return render_template("queries/query.html", query=query, raw=raw, result=result, bound=bound,
                           error=error, missing=missing, pickers=_pickers(query),
                           notices=notices(query, result, raw) if result is not None else []), status


def _lookup(name: str):
    catalogue = queries.catalog()
    if name not in catalogue:
        raise HTTPError(404, f"there is no canned query called {name!r}", where="query name")
    return catalogue[name]


def _answer(name: str, mimetype: str) -> Response:
    query = _lookup(name)
    raw = request.args.to_dict()
    bound = query.bind(raw)
    result = queries.run(context.get_store(), query, raw, context.settings())
    if mimetype == "text/csv":
        response = Response(results_for_people(result), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'inline; filename="{query.name}.csv"'
    elif mimetype == "application/sparql-results+json":
        response = Response(results_json(result), mimetype=mimetype)
    else:
        response = Response(json.dumps(result_json(query, result, bound, raw), ensure_ascii=False),
                            mimetype="application/json")
    if result.truncated:
        response.headers["Pcgraph-Truncated"] = "true"
    response.headers["Vary"] = "Accept"
    return response


def _wants(mimetype: str) -> bool:
    accept = request.accept_mimetypes
    return accept.provided and accept.best_match(["text/html", mimetype]) == mimetype


def _pickers(query) -> dict[str, list[dict]]:
    """Suggestions for IRI parameters, so people pick a collaborative by name rather than type an IRI."""
    pickers = {}
    for parameter in query.parameters:
        if parameter.type == "iri" and parameter.name in PICKERS:
            pickers[parameter.name] = [row for kind in PICKERS[parameter.name] for row in entity_data.list_of(kind)]
    return pickers
