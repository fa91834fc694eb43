"""``/coverage``: how complete the graph is, per NHS England region and ICB, as a picture and a table."""

from __future__ import annotations

from flask import Blueprint, render_template

from .. import coverage
from ..request_args import as_of_arg

bp = Blueprint("coverage", __name__)


@bp.get("/coverage")
def coverage_page():
    as_of = as_of_arg()
    figures = coverage.build(as_of)
    return render_template("coverage_page.html", as_of=as_of, coverage=figures,
                           picture=coverage.picture(figures, as_of), recency=coverage.RECENCY)
