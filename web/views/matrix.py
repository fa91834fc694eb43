"""``/matrix``: who sits where, the organisations-by-collaboratives membership grid, and its CSV.

Filter by NHS England region, ICB (where the organisation's headquarters lie), sector and
date. The grid is read at a glance at national scale: columns are grouped by the kind of
collaborative and its footprint (the region it covers, or its members' regions), rows and
columns are seriated so blocks of shared membership show, each row and column is counted,
and a dot fades with the time since a source last confirmed the membership. The CSV has
one row per organisation and one column per collaborative.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request
from markupsafe import Markup, escape

from pcgraph.errors import ParameterError

from .. import context, entity_data
from ..coverage import RECENCY, recency
from ..coverage import build as coverage_figures
from ..entity_data import date_term, select, select_result
from ..provenance import month_year
from ..request_args import as_of_arg, iri_arg
from ..seriation import seriate
from ..spreadsheet import people_csv

bp = Blueprint("matrix", __name__)

# The filters are patterns added to the query, so the row cap counts only matching rows.
MATRIX_QUERY = """
SELECT ?as_of {filter_vars} ?org (SAMPLE(?ol) AS ?orgLabel) (SAMPLE(?oc) AS ?code) (SAMPLE(?orl) AS ?orgRegion)
       ?collaborative (SAMPLE(?cl) AS ?collaborativeLabel) (GROUP_CONCAT(DISTINCT ?rl; separator=", ") AS ?roles)
       (MAX(COALESCE(STR(?confirmed), "")) AS ?lastConfirmed)
WHERE {{
  ?membership org:member ?org ; org:organization ?collaborative .
  FILTER NOT EXISTS {{ ?membership pc:startDate ?s FILTER (?s > ?as_of) }}
  FILTER NOT EXISTS {{ ?membership pc:endDate ?e FILTER (?e < ?as_of) }}
  {filters}
  OPTIONAL {{ ?org skos:prefLabel ?ol }}
  OPTIONAL {{ ?org pc:odsCode ?oc }}
  OPTIONAL {{ ?collaborative skos:prefLabel ?cl }}
  OPTIONAL {{ ?membership pc:role/skos:prefLabel ?rl }}
  OPTIONAL {{ ?org pc:region/skos:prefLabel ?orl }}
  OPTIONAL {{ ?membership dcterms:source/dcterms:date ?confirmed }}
}}
GROUP BY ?as_of {filter_vars} ?org ?collaborative
"""

# What kind of collaborative each is (its most specific class) and the regions its footprint lies in.
COLUMNS_QUERY = """
SELECT DISTINCT ?collaborative ?kind ?regionLabel WHERE {
  ?collaborative a ?class . ?class rdfs:subClassOf* pc:Collaborative ; rdfs:label ?kind .
  FILTER NOT EXISTS { ?collaborative a ?narrower . ?narrower rdfs:subClassOf+ ?class FILTER (?narrower != ?class) }
  OPTIONAL { ?collaborative pc:footprint/pc:region? ?region . ?region a pc:Region ; skos:prefLabel ?regionLabel }
}
"""
ICB_REGIONS = "SELECT ?icb ?region WHERE { ?icb a pc:IntegratedCareBoard ; pc:region ?region }"
SEVERAL_REGIONS = "several regions"
NO_REGION = "region not recorded"

_FILTERS = {
    "icb": """?hq pc:organisation ?org ; pc:icb ?icb ; pc:relationKind pc:HeadquartersArea .
  FILTER NOT EXISTS { ?hq pc:startDate ?hs FILTER (?hs > ?as_of) }
  FILTER NOT EXISTS { ?hq pc:endDate ?he FILTER (?he < ?as_of) }""",
    "region": "?org pc:region ?region .",
    "sector": "?org pc:sector ?sector .",
}

# A grid bigger than this is unreadable in a browser and slow to draw: the page then shows
# the busiest organisations and collaboratives, and says how to see the rest. The whole
# country (about 200 trusts and 100 collaboratives, with their other members) fits.
MAX_GRID_ROWS = 320
MAX_GRID_COLUMNS = 160


@dataclass
class Cell:
    roles: str
    lead: bool
    last_confirmed: str  # as the sources give it ("2023", "2023-05", "2023-05-17"), "" if none
    recency: str  # "recent", "older", "stale" or "undated" (see coverage.RECENCY)


@dataclass
class Group:
    """Consecutive columns of one kind and footprint, drawn under one heading."""
    kind: str
    footprint: str
    columns: list[dict]

    @property
    def heading(self) -> str:
        """The footprint's name, or its initials over a group too narrow for it (the full name is on hover)."""
        if len(self.footprint) <= 4 * len(self.columns):  # a column is about four letters wide
            return self.footprint
        return _SHORT.get(self.footprint) or "".join(
            word[0].upper() for word in self.footprint.split() if word.lower() not in _MINOR)


_SHORT = {"several regions": "multi", "region not recorded": "?"}
_MINOR = {"and", "of", "the"}


@dataclass
class Matrix:
    organisations: list[dict] = field(default_factory=list)  # {iri, label, code, region, count}
    collaboratives: list[dict] = field(default_factory=list)  # {iri, label, kind, footprint, count}
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)  # (org, collaborative) -> cell


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
                              "code": row["code"].value if "code" in row else "",
                              "region": row["orgRegion"].value if "orgRegion" in row else None})
        collabs.setdefault(collaborative, {"iri": collaborative, "label": row["collaborativeLabel"].value
                                           if "collaborativeLabel" in row else collaborative})
        roles = row["roles"].value if "roles" in row and row["roles"].value else "member"
        confirmed = row["lastConfirmed"].value if "lastConfirmed" in row else ""
        matrix.cells[(org, collaborative)] = Cell(roles, "lead" in roles or "host" in roles, confirmed,
                                                  recency(confirmed, as_of))
    per_collaborative = Counter(c for _, c in matrix.cells)
    per_org = Counter(o for o, _ in matrix.cells)
    _describe_columns(collabs, orgs, matrix.cells)
    for item, counts in ((orgs, per_org), (collabs, per_collaborative)):
        for entry in item.values():
            entry["count"] = counts[entry["iri"]]
    # Busiest first: what the page keeps when the grid is bigger than it shows.
    matrix.collaboratives = sorted(collabs.values(), key=lambda c: (-c["count"], c["label"]))
    matrix.organisations = sorted(orgs.values(), key=lambda o: (-o["count"], o["label"]))
    return matrix


def _describe_columns(collabs: dict[str, dict], orgs: dict[str, dict], cells: dict) -> None:
    """Each collaborative's kind and footprint: the region its footprint lies in, else its members' region."""
    kinds: dict[str, str] = {}
    regions: dict[str, set[str]] = {}
    for row in _cached(COLUMNS_QUERY):
        iri = row["collaborative"].value
        if iri in collabs:
            kinds.setdefault(iri, row["kind"].value)
            if "regionLabel" in row:
                regions.setdefault(iri, set()).add(row["regionLabel"].value)
    members: dict[str, set[str]] = {}
    for org, collaborative in cells:
        if orgs[org]["region"]:
            members.setdefault(collaborative, set()).add(orgs[org]["region"])
    for iri, entry in collabs.items():
        entry["kind"] = kinds.get(iri, "collaborative")
        where = regions.get(iri) or members.get(iri) or set()
        entry["footprint"] = next(iter(where)) if len(where) == 1 else SEVERAL_REGIONS if where else NO_REGION


def layout(matrix: Matrix, organisations: list[dict], collaboratives: list[dict]) -> tuple[list[dict], list[Group]]:
    """The rows and column groups to draw: columns grouped by kind (most columns first) and footprint
    (by name, several regions and none last), rows and columns seriated so shared membership shows."""
    kind_size = Counter(c["kind"] for c in collaboratives)

    def group_key(c: dict) -> tuple:
        return (-kind_size[c["kind"]], c["kind"], c["footprint"] in (SEVERAL_REGIONS, NO_REGION),
                c["footprint"] == NO_REGION, c["footprint"])

    ordered = sorted(collaboratives, key=lambda c: (group_key(c), -c["count"], c["label"]))
    shown_orgs = {o["iri"] for o in organisations}
    shown_cols = {c["iri"] for c in ordered}
    links = [(o, c) for o, c in matrix.cells if o in shown_orgs and c in shown_cols]
    names = {item["iri"]: item["label"] for item in (*organisations, *ordered)}
    row_order, column_order = seriate([o["iri"] for o in organisations], [c["iri"] for c in ordered], links,
                                      group_of={c["iri"]: group_key(c) for c in ordered}, names=names)
    by_iri = {item["iri"]: item for item in (*organisations, *ordered)}
    groups: list[Group] = []
    for iri in column_order:
        column = by_iri[iri]
        if not groups or (groups[-1].kind, groups[-1].footprint) != (column["kind"], column["footprint"]):
            groups.append(Group(column["kind"], column["footprint"], []))
        groups[-1].columns.append(column)
    return [by_iri[iri] for iri in row_order], groups


def cells_html(matrix: Matrix, organisation: dict, groups: list[Group]) -> Markup:
    """One row's cells, a dot in each membership (its title says the roles and when a source last
    confirmed it). Written here rather than in the template: a national grid has some 40,000
    cells, which Jinja draws in a second and this in a few milliseconds."""
    parts = []
    for group in groups:
        for index, column in enumerate(group.columns):
            cell = matrix.cells.get((organisation["iri"], column["iri"]))
            parts.append('<td class="gs">' if index == 0 else "<td>")
            if cell is not None:
                when = f"last confirmed {month_year(cell.last_confirmed)}" if cell.last_confirmed else "no source date recorded"
                title = escape(f'{organisation["label"]} in {column["label"]}: {cell.roles}; {when}')
                parts.append(f'<span class="dot {cell.recency}{" lead" if cell.lead else ""}" title="{title}"></span>')
    return Markup("".join(parts))  # HTML closes each cell at the next one: no </td> to send 40,000 times


@dataclass
class Overview:
    """The whole seriated grid shrunk to one picture: a square per membership, a band per column group."""
    width: float
    height: float
    squares: list[tuple[float, float, str, str]]  # x, y, recency, title
    bands: list[tuple[float, float, str, str]]  # x, width, title, label (as much of the footprint as fits)
    step_x: float
    step_y: float


OVERVIEW_WIDTH = 900
OVERVIEW_TOP = 18  # room for the groups' labels
OVERVIEW_FROM_ROWS = 40  # a smaller grid is its own overview


def overview(matrix: Matrix, rows: list[dict], groups: list[Group]) -> Overview:
    """Blocks of shared membership, for the whole country at a glance (as seriated in the grid)."""
    columns = [column for group in groups for column in group.columns]
    step_x = min(12.0, OVERVIEW_WIDTH / max(len(columns), 1))
    step_y = min(8.0, max(2.5, 520 / max(len(rows), 1)))
    x_of = {column["iri"]: index * step_x for index, column in enumerate(columns)}
    y_of = {row["iri"]: OVERVIEW_TOP + index * step_y for index, row in enumerate(rows)}
    label = {item["iri"]: item["label"] for item in (*rows, *columns)}
    squares = sorted((x_of[c], y_of[o], cell.recency, f"{label[o]} in {label[c]}")
                     for (o, c), cell in matrix.cells.items() if o in y_of and c in x_of)
    bands, x = [], 0.0
    for group in groups:
        width = len(group.columns) * step_x
        fits = int(width // 6.5)  # letters of 11 px text
        label = group.footprint if len(group.footprint) <= fits else group.footprint[:fits - 1] + "…" if fits > 3 else ""
        bands.append((x, width, f"{group.kind}: {group.footprint} ({len(group.columns)})", label))
        x += width
    return Overview(len(columns) * step_x, OVERVIEW_TOP + len(rows) * step_y + 4, squares, bands, step_x, step_y)


def kind_spans(groups: list[Group]) -> list[tuple[str, int]]:
    """The kinds over the column groups, each with the number of columns it spans."""
    spans: list[list] = []
    for group in groups:
        if spans and spans[-1][0] == group.kind:
            spans[-1][1] += len(group.columns)
        else:
            spans.append([group.kind, len(group.columns)])
    return [(kind, span) for kind, span in spans]


def _args():
    return as_of_arg(), iri_arg("icb"), iri_arg("region"), iri_arg("sector")


def _cached(query: str) -> list[dict]:
    """The rows of a query that takes no parameters, kept until the data changes."""
    key = ("matrix", query)
    cache = context.cache()
    if key not in cache:
        cache[key] = select(query)
    return cache[key]


def _roles(cell: Cell | None) -> str:
    return cell.roles if cell is not None else ""


@bp.get("/matrix.csv")
def matrix_csv():
    as_of, icb, region, sector = _args()
    matrix = build(as_of, icb, region, sector)
    header = ["organisation", "ods_code", "label", *[c["label"] for c in matrix.collaboratives]]
    rows = [[org["iri"], org["code"], org["label"],
             *[_roles(matrix.cells.get((org["iri"], c["iri"]))) for c in matrix.collaboratives]]
            for org in matrix.organisations]
    response = Response(people_csv([header, *rows]), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'inline; filename="who-sits-where-{as_of.isoformat()}.csv"'
    return response


def icbs_by_region(as_of, keep: str | None) -> list[tuple[str, str, list[dict]]]:
    """The ICB picker's options under their regions: (region IRI, region name, ICBs); ICBs of no
    known region last, under an empty IRI and name."""
    region_of = {row["icb"].value: row["region"].value for row in _cached(ICB_REGIONS)}
    names = {row["item"].value: row.get("itemLabel") for row in entity_data.list_of("region")}
    grouped: dict[str, list[dict]] = {}
    for item in entity_data.list_of("icb", as_of, keep=keep):
        region = region_of.get(item["item"].value, "")
        grouped.setdefault(region if region in names else "", []).append(item)
    named = [(iri, names[iri].value if names[iri] is not None else iri, items) for iri, items in grouped.items() if iri]
    return sorted(named, key=lambda group: group[1]) + ([("", "", grouped[""])] if "" in grouped else [])


@bp.get("/matrix")
def matrix_page():
    as_of, icb, region, sector = _args()
    too_many = None
    try:
        matrix = build(as_of, icb, region, sector)
    except ParameterError as exc:  # too many memberships: keep the filters on screen to narrow it down
        matrix, too_many = Matrix(), exc.message
    shown_organisations = matrix.organisations[:MAX_GRID_ROWS]
    shown_collaboratives = matrix.collaboratives[:MAX_GRID_COLUMNS]
    rows, groups = layout(matrix, shown_organisations, shown_collaboratives)
    return render_template("matrix.html", matrix=matrix, as_of=as_of, icb=icb, region=region, sector=sector,
                           too_many=too_many, rows=rows, groups=groups, kinds=kind_spans(groups), cells_html=cells_html,
                           overview=overview(matrix, rows, groups) if len(rows) > OVERVIEW_FROM_ROWS else None,
                           dated=any(cell.recency != "undated" for cell in matrix.cells.values()),
                           trimmed=len(shown_organisations) < len(matrix.organisations)
                           or len(shown_collaboratives) < len(matrix.collaboratives),
                           shown_organisations=shown_organisations, shown_collaboratives=shown_collaboratives,
                           recency=RECENCY, icb_groups=icbs_by_region(as_of, icb), coverage=coverage_figures(as_of), by_icb=True,
                           regions=entity_data.list_of("region"),
                           sectors=entity_data.list_of("sector"), query_string=request.query_string.decode())
