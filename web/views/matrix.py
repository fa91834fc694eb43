"""``/matrix``: who sits where, the organisations-by-collaboratives membership grid, and its CSV.

Filter by ICB (where the organisation's headquarters lie), NHS England region, sector
and date. The picture is a grid of dots, coloured by role; the CSV has one row per
organisation and one column per collaborative.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from pcgraph.errors import ParameterError

from .. import entity_data
from ..coverage import coverage
from ..provenance import month_year
from ..entity_data import date_term, select_result
from ..request_args import as_of_arg, iri_arg

bp = Blueprint("matrix", __name__)

# The filters are patterns added to the query, so the row cap counts only matching rows.
MATRIX_QUERY = """
SELECT ?as_of {filter_vars} ?org (SAMPLE(?ol) AS ?orgLabel) (SAMPLE(?oc) AS ?code) ?collaborative
       (SAMPLE(?cl) AS ?collaborativeLabel) (GROUP_CONCAT(DISTINCT ?rl; separator=", ") AS ?roles)
       (MAX(STR(?confirmed)) AS ?lastConfirmed)
WHERE {{
  ?membership org:member ?org ; org:organization ?collaborative .
  FILTER NOT EXISTS {{ ?membership pc:startDate ?s FILTER (?s > ?as_of) }}
  FILTER NOT EXISTS {{ ?membership pc:endDate ?e FILTER (?e < ?as_of) }}
  {filters}
  OPTIONAL {{ ?org skos:prefLabel ?ol }}
  OPTIONAL {{ ?org pc:odsCode ?oc }}
  OPTIONAL {{ ?collaborative skos:prefLabel ?cl }}
  OPTIONAL {{ ?membership pc:role/skos:prefLabel ?rl }}
  OPTIONAL {{ ?membership dcterms:source/dcterms:date ?confirmed }}
}}
GROUP BY ?as_of {filter_vars} ?org ?collaborative
"""

_FILTERS = {
    "icb": """?hq pc:organisation ?org ; pc:icb ?icb ; pc:relationKind pc:HeadquartersArea .
  FILTER NOT EXISTS { ?hq pc:startDate ?hs FILTER (?hs > ?as_of) }
  FILTER NOT EXISTS { ?hq pc:endDate ?he FILTER (?he < ?as_of) }""",
    "region": "?org pc:region ?region .",
    "sector": "?org pc:sector ?sector .",
}

# A grid bigger than this is unreadable in a browser and slow to draw: the page then shows
# the busiest organisations and collaboratives, and says how to see the rest.
MAX_GRID_ROWS = 200
MAX_GRID_COLUMNS = 80


@dataclass
class Matrix:
    organisations: list[dict] = field(default_factory=list)  # {iri, label, code, count}
    collaboratives: list[dict] = field(default_factory=list)  # {iri, label}
    cells: dict[tuple[str, str], str] = field(default_factory=dict)  # (org, collaborative) -> roles
    confirmed: dict[tuple[str, str], str] = field(default_factory=dict)  # -> last confirmed, "June 2021"


def _query(chosen: dict[str, str]) -> str:
    """The membership query with a pattern for each filter in use (values bound as IRIs)."""
    return MATRIX_QUERY.format(filter_vars=" ".join(f"?{name}" for name in chosen),
                               filters="\n  ".join(_FILTERS[name] for name in chosen))


def build(as_of, icb: str | None, region: str | None, sector: str | None) -> Matrix:
    """Every active membership matching the filters, as a grid sorted busiest first.

    ``ParameterError`` when more memberships match than the row cap allows, so a grid is
    never silently missing some."""
    chosen = {name: value for name, value in (("icb", icb), ("region", region), ("sector", sector)) if value}
    result = select_result(_query(chosen), as_of=date_term(as_of),
                           **{name: ox.NamedNode(value) for name, value in chosen.items()})
    if result.truncated:
        raise ParameterError(f"more than {len(result.rows):,} memberships match; narrow the grid down by ICB, "
                             "region or sector (or raise PCGRAPH_MAX_ROWS)", where="parameters icb, region, sector")
    matrix = Matrix()
    orgs: dict[str, dict] = {}
    collabs: dict[str, dict] = {}
    for row in result.rows:
        org, collaborative = row["org"].value, row["collaborative"].value
        orgs.setdefault(org, {"iri": org, "label": row["orgLabel"].value if "orgLabel" in row else org,
                              "code": row["code"].value if "code" in row else ""})
        collabs.setdefault(collaborative, {"iri": collaborative, "label": row["collaborativeLabel"].value
                                           if "collaborativeLabel" in row else collaborative})
        matrix.cells[(org, collaborative)] = row["roles"].value if "roles" in row and row["roles"].value else "member"
        if row.get("lastConfirmed") and row["lastConfirmed"].value:
            matrix.confirmed[(org, collaborative)] = month_year(row["lastConfirmed"].value)
    per_collaborative = Counter(c for _, c in matrix.cells)
    per_org = Counter(o for o, _ in matrix.cells)
    matrix.collaboratives = sorted(collabs.values(), key=lambda c: (-per_collaborative[c["iri"]], c["label"]))
    matrix.organisations = sorted(orgs.values(), key=lambda o: (-per_org[o["iri"]], o["label"]))
    for org in matrix.organisations:
        org["count"] = per_org[org["iri"]]
    return matrix


def _args():
    return as_of_arg(), iri_arg("icb"), iri_arg("region"), iri_arg("sector")


@bp.get("/matrix.csv")
def matrix_csv():
    as_of, icb, region, sector = _args()
    matrix = build(as_of, icb, region, sector)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["organisation", "ods_code", "label", *[c["label"] for c in matrix.collaboratives]])
    for org in matrix.organisations:
        writer.writerow([org["iri"], org["code"], org["label"],
                         *[matrix.cells.get((org["iri"], c["iri"]), "") for c in matrix.collaboratives]])
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'inline; filename="who-sits-where-{as_of.isoformat()}.csv"'
    return response


@bp.get("/matrix")
def matrix_page():
    as_of, icb, region, sector = _args()
    too_many = None
    try:
        matrix = build(as_of, icb, region, sector)
    except ParameterError as exc:  # too many memberships: keep the filters on screen to narrow it down
        matrix, too_many = Matrix(), exc.message
    return render_template("matrix.html", matrix=matrix, as_of=as_of, icb=icb, region=region, sector=sector,
                           too_many=too_many, coverage=coverage(as_of), by_icb=True,
                           shown_organisations=matrix.organisations[:MAX_GRID_ROWS],
                           shown_collaboratives=matrix.collaboratives[:MAX_GRID_COLUMNS],
                           icbs=entity_data.list_of("icb", as_of, keep=icb), regions=entity_data.list_of("region"),
                           sectors=entity_data.list_of("sector"), query_string=request.query_string.decode())
