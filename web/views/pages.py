"""The home page, entity search, the about page and the site icon."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request

from pcgraph import queries

from .. import entity_data, search
from ..coverage import build as coverage_figures
from ..request_args import text_arg

bp = Blueprint("pages", __name__)

# The questions a newcomer most often has, each one click from the home page.
STARTERS = [
    ("Who sits in the Black Country Provider Collaborative?", "/id/collaborative/black-country-provider-collaborative"),
    ("What did Black Country ICB delegate?", "/queries/delegations-by-icb?icb=id:org/QUA"),
    ("What does the validator think is wrong?", "/validation"),
    ("Which trusts are in no provider collaborative?", "/queries/trusts-in-no-collaborative"),
    ("Who sits where? The membership matrix", "/matrix"),
]


@bp.get("/favicon.ico")
def favicon():
    """The icon browsers ask every site for (a 404 on every page otherwise)."""
    icon = Path(current_app.static_folder, "favicon.ico").read_bytes()
    response = Response(icon, mimetype="image/vnd.microsoft.icon")
    response.cache_control.max_age = 86400
    return response


@bp.get("/")
def home():
    collaboratives = entity_data.canned("collaboratives")
    ready_made = [q for q in queries.catalog().values() if "questions" not in q.tags]
    today = dt.date.today()
    return render_template("home.html", starters=STARTERS, collaboratives=collaboratives,
                           question_count=len(ready_made), coverage=coverage_figures(today), as_of=today, by_icb=True)


@bp.get("/search")
def search_page():
    text = text_arg("q", search.MAX_CHARS)
    hits = search.find(text, limit=40) if text else []
    return render_template("search.html", q=text, hits=hits)


@bp.get("/about")
def about():
    return render_template("about.html")


@bp.get("/ontology")
def ontology_page():
    """The ontology: its documentation for people, the Turtle source for machines."""

    from pcgraph import paths
    from pcgraph.ontology_docs import render_html

    accept = request.accept_mimetypes
    best = accept.best_match(["text/html", "text/turtle"]) if accept.provided else "text/html"
    if best == "text/turtle":
        return Response(paths.ontology_file().read_text(encoding="utf-8"), mimetype="text/turtle")
    return render_html()
