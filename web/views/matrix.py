"""``/matrix``: who sits where, the organisations-by-collaboratives membership grid, and its CSV.

Filter by ICB (where the organisation's headquarters lie), NHS England region, sector
and date. The picture is a grid of dots, coloured by role; the CSV has one row per
organisation and one column per collaborative.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask import Blueprint, Response, render_template, request

from .. import entity_data
from ..entity_data import select, date_term
from ..request_args import as_of_arg, iri_arg

bp = Blueprint("matrix", __name__)

MATRIX_QUERY = """
SELECT ?as_of ?org (SAMPLE(?ol) AS ?orgLabel) (SAMPLE(?oc) AS ?code) ?collaborative (SAMPLE(?cl) AS ?collaborativeLabel)
       (GROUP_CONCAT(DISTINCT ?rl; separator=", ") AS ?roles)
       (GROUP_CONCAT(DISTINCT STR(?reg); separator=" ") AS ?regions)
       (GROUP_CONCAT(DISTINCT STR(?sec); separator=" ") AS ?sectors)
       (GROUP_CONCAT(DISTINCT STR(?icb); separator=" ") AS ?icbs)
WHERE {
  ?membership org:member ?org ; org:organization ?collaborative .
  OPTIONAL { ?membership pc:startDate ?s } OPTIONAL { ?membership pc:endDate ?e }
  FILTER (!BOUND(?s) || ?s <= ?as_of) FILTER (!BOUND(?e) || ?e >= ?as_of)
  OPTIONAL { ?org skos:prefLabel ?ol }
  OPTIONAL { ?org pc:odsCode ?oc }
  OPTIONAL { ?collaborative skos:prefLabel ?cl }
  OPTIONAL { ?membership pc:role/skos:prefLabel ?rl }
  OPTIONAL { ?org pc:region ?reg }
  OPTIONAL { ?org pc:sector ?sec }
  OPTIONAL {
    ?relation pc:organisation ?org ; pc:icb ?icb ; pc:relationKind pc:HeadquartersArea .
    OPTIONAL { ?relation pc:startDate ?rs } OPTIONAL { ?relation pc:endDate ?re }
    FILTER (!BOUND(?rs) || ?rs <= ?as_of) FILTER (!BOUND(?re) || ?re >= ?as_of)
  }
}
GROUP BY ?as_of ?org ?collaborative
"""


@dataclass
class Matrix:
    organisations: list[dict] = field(default_factory=list)  # {iri, label, code}
    collaboratives: list[dict] = field(default_factory=list)  # {iri, label}
    cells: dict[tuple[str, str], str] = field(default_factory=dict)  # (org, collaborative) -> roles


def build(as_of, icb: str | None, region: str | None, sector: str | None) -> Matrix:
    rows = select(MATRIX_QUERY, as_of=date_term(as_of))
    matrix = Matrix()
    orgs: dict[str, dict] = {}
    collabs: dict[str, dict] = {}
    for row in rows:
        def words(name):
            return row[name].value.split() if name in row else []
        if icb and icb not in words("icbs"):
            continue
        if region and region not in words("regions"):
            continue
        if sector and sector not in words("sectors"):
            continue
        org, collaborative = row["org"].value, row["collaborative"].value
        orgs.setdefault(org, {"iri": org, "label": row["orgLabel"].value if "orgLabel" in row else org,
                              "code": row["code"].value if "code" in row else ""})
        collabs.setdefault(collaborative, {"iri": collaborative, "label": row["collaborativeLabel"].value
                                           if "collaborativeLabel" in row else collaborative})
        matrix.cells[(org, collaborative)] = row["roles"].value if "roles" in row and row["roles"].value else "member"
    counts = {c: sum(1 for (o, cc) in matrix.cells if cc == c) for c in collabs}
    matrix.collaboratives = sorted(collabs.values(), key=lambda c: (-counts[c["iri"]], c["label"]))
    per_org = {o: sum(1 for (oo, c) in matrix.cells if oo == o) for o in orgs}
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
    matrix = build(as_of, icb, region, sector)
    return render_template("matrix.html", matrix=matrix, as_of=as_of, icb=icb, region=region, sector=sector,
                           icbs=entity_data.list_of("icb"), regions=entity_data.list_of("region"),
                           sectors=entity_data.list_of("sector"), query_string=request.query_string.decode())
