"""NHS trusts from the ODS extracts (etr before and after April 2026, ect for care trusts),
their sectors and short names from the CC0 list, and their mergers and closures.

Graphs: ``ods-trusts`` (identity, kind, names, dates, region, headquarters),
``cc0-trusts`` (sector, benchmarking group, alternative names) and ``trust-changes``
(change events).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

from pcgraph.namespaces import ID, PC, org_iri
from pcgraph.reference import sources
from pcgraph.reference.context import Context, Organisation
from pcgraph.reference.csvfiles import Where, compact_date, iso_date, ods_code, read_records, read_rows, split_list
from pcgraph.reference.names import readable, same_name

ODS_GRAPH = "ods-trusts"
CC0_GRAPH = "cc0-trusts"
CHANGES_GRAPH = "trust-changes"
WALES = "W"
ODS_COLUMNS = 27

SECTORS = {
    "Acute and Acute & Community Trusts": PC.Acute,
    "Mental Health & Learning Disability and Mental Health, Learning Disability & Community Trusts": PC.MentalHealth,
    "Acute Specialist Trusts": PC.Specialist,
    "Community Trusts": PC.Community,
    "Ambulance Trusts": PC.Ambulance,
    "Online / Digital": PC.Online,
}


@dataclass
class OdsRow:
    """One row of an ODS organisation extract (the columns pcgraph uses)."""

    where: Where
    code: str
    name: str
    region: str
    icb: str
    postcode: str
    opened: date | None
    closed: date | None
    country: str


def read_ods(ctx: Context, source: sources.SourceFile) -> dict[str, OdsRow]:
    """Rows of an ODS 27-column extract, by code; checks codes, names and dates."""
    rows: dict[str, OdsRow] = {}
    for where, cells in read_rows(ctx.path(source.path), ctx.root, columns=ODS_COLUMNS):
        ctx.report.read[source.path] += 1
        code = ods_code(where, cells[0])
        if not cells[1].strip():
            raise where.error(f"organisation {code} has no name (column 2)")
        opened = compact_date(where, cells[10], "open date (column 11)")
        closed = compact_date(where, cells[11], "close date (column 12)")
        if opened and closed and closed < opened:
            raise where.error(f"close date {closed} is before open date {opened}")
        if code in rows:
            raise where.error(f"code {code} appears twice (first at line {rows[code].where.line})")
        rows[code] = OdsRow(where, code, cells[1].strip(), cells[2].strip(), cells[3].strip(),
                            cells[9].strip(), opened, closed, cells[23].strip())
    return rows


def _kinds(name: str, care_trust: bool) -> list:
    kinds = [PC.FoundationTrust if "FOUNDATION" in name.upper() else PC.NHSTrust]
    if care_trust:
        kinds.append(PC.CareTrust)
    return kinds


def build_trusts(ctx: Context, before: dict[str, OdsRow], after: dict[str, OdsRow],
                 care: dict[str, OdsRow]) -> dict[str, OdsRow]:
    """Every English trust in the etr and ect files, open or closed; returns the rows used."""
    cc0_names = {r["ods_code"]: r["name"] for _, r in read_records(
        ctx.path(sources.CC0_TRUSTS.path), ctx.root, required=["ods_code", "name"])}
    used: dict[str, OdsRow] = {}
    for code in sorted(set(before) | set(after) | set(care)):
        files = [s for s, rows in ((sources.ETR_2025, before), (sources.ETR_2026, after), (sources.ECT_2023, care))
                 if code in rows]
        latest = after.get(code) or before.get(code) or care[code]
        if latest.country == WALES:
            for source in files:
                ctx.report.skip(source.path, "trust in Wales (ODS country W)")
            continue
        if latest.region not in ctx.regions:
            raise latest.where.error(f"region {latest.region!r} of {code} is not one of the seven NHS England regions")
        used[code] = latest
        subject = org_iri(code)
        label = readable(latest.name)
        cited = list(files)
        if code in cc0_names and same_name(cc0_names[code], latest.name):
            label = cc0_names[code]
        elif code in cc0_names and latest is care.get(code):
            # The care-trust extract (2023) is older than the CC0 list (2026): take its newer name.
            label = cc0_names[code]
            cited.append(sources.CC0_TRUSTS)
        ctx.quads.add_all(ODS_GRAPH, subject, [(RDF.type, kind) for kind in _kinds(latest.name, code in care)] + [
            (PC.odsCode, code),
            (SKOS.prefLabel, label),
            (PC.startDate, latest.opened),
            (PC.endDate, latest.closed),
            (PC.region, ctx.regions[latest.region]),
            (PC.headquarters, latest.postcode or None),
        ] + [(DCTERMS.source, s.iri) for s in cited])
        former = {row.name for row in (before.get(code), care.get(code)) if row and not same_name(row.name, label)}
        for name in sorted(former):
            ctx.quads.add(ODS_GRAPH, subject, SKOS.altLabel, readable(name))
        ctx.trusts[code] = Organisation(code, latest.opened, latest.closed)
    return used


def build_cc0_trusts(ctx: Context) -> None:
    """Sector (from the staff survey benchmarking group), short names, and trust mergers."""
    source = sources.CC0_TRUSTS
    required = ["ods_code", "name", "alt_names", "type", "predecessor_codes", "merger_date"]
    acquired: set[str] = set()
    for where, row in read_records(ctx.path(source.path), ctx.root, required=required):
        ctx.report.read[source.path] += 1
        code = ods_code(where, row["ods_code"])
        if code not in ctx.trusts:
            ctx.report.skip(source.path, "trust not in the ODS trust files")
            continue
        if row["type"] not in SECTORS:
            raise where.error(f"unknown benchmarking group {row['type']!r} for {code}")
        subject = org_iri(code)
        labels = {row["name"], *split_list(row["alt_names"])} - {str(x) for x in ctx.quads.objects(subject, SKOS.prefLabel)}
        ctx.quads.add_all(CC0_GRAPH, subject, [
            (PC.sector, SECTORS[row["type"]]),
            (PC.benchmarkingGroup, row["type"]),
            (DCTERMS.source, source.iri),
        ] + [(SKOS.altLabel, label) for label in sorted(labels)])
        merger_day = iso_date(where, row["merger_date"], "merger_date")
        for predecessor in split_list(row["predecessor_codes"]):
            predecessor = ods_code(where, predecessor, "predecessor code")
            acquired.add(_merger_event(ctx, where, predecessor, code, merger_day))
    _closure_events(ctx, skip=acquired)


def _merger_event(ctx: Context, where: Where, predecessor: str, successor: str, merger_day: date | None) -> str:
    """One predecessor trust taken over by (or merged into) a successor; returns the predecessor."""
    old = ctx.trusts.get(predecessor)
    if old is None:
        raise where.error(f"predecessor {predecessor} of {successor} is not in the ODS trust files")
    if old.end is None:
        raise where.error(f"predecessor {predecessor} of {successor} has no ODS close date")
    if merger_day is not None and merger_day != old.end + timedelta(days=1):
        raise where.error(f"merger_date {merger_day} is not the day after {predecessor}'s ODS close date {old.end}")
    new = ctx.trusts[successor]
    kind = PC.Acquisition if new.start is None or new.start < old.end else PC.Merger
    verb = "acquired-by" if kind == PC.Acquisition else "merged-into"
    event = ID[f"event/{predecessor.lower()}-{verb}-{successor.lower()}-{old.end.isoformat()}"]
    ctx.quads.add_all(CHANGES_GRAPH, event, [
        (RDF.type, ORG.ChangeEvent),
        (PC.changeType, kind),
        (ORG.originalOrganization, org_iri(predecessor)),
        (ORG.resultingOrganization, org_iri(successor)),
        (PC.date, old.end),
        (SKOS.prefLabel, f"{predecessor} {'acquired by' if kind == PC.Acquisition else 'merged into'} {successor}"),
        (DCTERMS.source, sources.CC0_TRUSTS.iri),
        (DCTERMS.source, sources.ETR_2026.iri),
    ])
    return predecessor


def _closure_events(ctx: Context, skip: set[str]) -> None:
    """A closure event for each closed trust whose successor no source names."""
    for code, trust in sorted(ctx.trusts.items()):
        if trust.end is None or code in skip:
            continue
        event = ID[f"event/{code.lower()}-closed-{trust.end.isoformat()}"]
        ctx.quads.add_all(CHANGES_GRAPH, event, [
            (RDF.type, ORG.ChangeEvent),
            (PC.changeType, PC.Closure),
            (ORG.originalOrganization, org_iri(code)),
            (PC.date, trust.end),
            (SKOS.prefLabel, f"{code} closed"),
            (DCTERMS.source, sources.ETR_2026.iri),
        ])

