"""The reorganisation of ICBs on 1 April 2026: 12 abolished, 6 created, 36 in all.

The CC0 ICB list names each new ICB's predecessors and the day it began. The two ODS
trust extracts add what that list leaves out: where a trust's headquarters area moved
from an abolished ICB to a new one that does not list it as a predecessor, part of the
old ICB's area went to the new one (so Herts and West Essex was split, not only merged).
Graph: ``icb-reorganisation-2026``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

from pcgraph.errors import InputError
from pcgraph.namespaces import ID, PC, org_iri
from pcgraph.reference import sources
from pcgraph.reference.context import Context, Organisation
from pcgraph.reference.csvfiles import iso_date, ods_code, read_records, split_list
from pcgraph.reference.geography import region_by_name
from pcgraph.reference.trusts import OdsRow

GRAPH = "icb-reorganisation-2026"
REORGANISATION = ID["reorganisation/icb-2026-04"]


def build_reorganisation(ctx: Context, before: dict[str, OdsRow], after: dict[str, OdsRow]) -> None:
    """New ICBs, end dates of abolished ones, and the mergers and splits between them."""
    source = sources.CC0_ICBS
    predecessors: dict[str, set[str]] = {}
    day_of: dict[str, date] = {}
    required = ["ods_code", "name", "alt_names", "predecessor_codes", "merger_date", "region"]
    for where, row in read_records(ctx.path(source.path), ctx.root, required=required):
        ctx.report.read[source.path] += 1
        code = ods_code(where, row["ods_code"])
        subject = org_iri(code)
        labels = [row["name"], *split_list(row["alt_names"])]
        olds = {ods_code(where, c, "predecessor code") for c in split_list(row["predecessor_codes"])}
        if not olds:
            if code not in ctx.icbs:
                raise where.error(f"ICB {code} lists no predecessor but is not one of the 42 ONS ICBs")
            ctx.quads.add_all(GRAPH, subject, [(SKOS.altLabel, label) for label in labels] + [
                (DCTERMS.source, source.iri)])
            continue
        day = iso_date(where, row["merger_date"], "merger_date")
        if day is None:
            raise where.error(f"new ICB {code} has predecessors but no merger_date")
        unknown = sorted(olds - set(ctx.icbs))
        if unknown:
            raise where.error(f"predecessor(s) {', '.join(unknown)} of {code} are not ICBs")
        predecessors[code], day_of[code] = olds, day
        ctx.quads.add_all(GRAPH, subject, [
            (RDF.type, PC.IntegratedCareBoard),
            (PC.odsCode, code),
            (SKOS.prefLabel, row["name"]),
            (PC.region, region_by_name(ctx, where, row["region"])),
            (PC.startDate, day),
            (DCTERMS.source, source.iri),
        ] + [(SKOS.altLabel, label) for label in split_list(row["alt_names"])])
        ctx.icbs[code] = Organisation(code, day)
    moved = _headquarters_moves(ctx, before, after, predecessors)
    _events(ctx, predecessors, day_of, moved)


def _headquarters_moves(ctx: Context, before, after, predecessors) -> dict[tuple[str, str], list[str]]:
    """(old ICB, new ICB) pairs seen in trust headquarters that the CC0 list does not give."""
    moves: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, row in after.items():
        old_row = before.get(code)
        if old_row is None or row.closed is not None and row.closed < date(2026, 4, 1):
            continue
        old, new = old_row.icb, row.icb
        if new in predecessors and old not in predecessors[new] and old != new:
            moves[(old, new)].append(code)
    return moves


def _events(ctx: Context, predecessors, day_of, moved) -> None:
    sources_of = {new: [sources.CC0_ICBS.iri] for new in predecessors}
    for (old, new), trusts in sorted(moved.items()):
        predecessors[new].add(old)
        sources_of[new] += [sources.ETR_2025.iri, sources.ETR_2026.iri]
    successors: dict[str, set[str]] = defaultdict(set)
    for new, olds in predecessors.items():
        for old in olds:
            successors[old].add(new)
    days = set(day_of.values())
    if len(days) != 1:
        raise InputError(f"the new ICBs begin on different days: {sorted(days)}", where=sources.CC0_ICBS.path)
    day = days.pop()
    last = day - timedelta(days=1)
    ctx.quads.add_all(GRAPH, REORGANISATION, [
        (RDF.type, PC.Reorganisation),
        (SKOS.prefLabel, f"Reorganisation of integrated care boards, {day:%B %Y}"),
        (PC.date, day),
        (DCTERMS.source, sources.CC0_ICBS.iri),
    ])
    for old in sorted(successors):
        ctx.quads.add_all(GRAPH, org_iri(old), [(PC.endDate, last), (DCTERMS.source, sources.CC0_ICBS.iri)])
        ctx.icbs[old].end = last
        if len(successors[old]) > 1:
            via_trusts = any(k[0] == old for k in moved)
            _event(ctx, f"{old.lower()}-split-{day.isoformat()}", PC.Split, [old], sorted(successors[old]), day,
                   f"{old} split among {', '.join(sorted(successors[old]))}",
                   [sources.CC0_ICBS.iri] + ([sources.ETR_2025.iri, sources.ETR_2026.iri] if via_trusts else []))
    for new in sorted(predecessors):
        _event(ctx, f"{new.lower()}-formed-{day.isoformat()}", PC.Merger, sorted(predecessors[new]), [new], day,
               f"{new} formed from {', '.join(sorted(predecessors[new]))}", sources_of[new])


def _event(ctx: Context, key: str, kind, originals, results, day, label, cited) -> None:
    event = ID[f"event/{key}"]
    ctx.quads.add_all(GRAPH, event, [
        (RDF.type, ORG.ChangeEvent),
        (PC.changeType, kind),
        (PC.date, day),
        (PC.partOfReorganisation, REORGANISATION),
        (SKOS.prefLabel, label),
    ] + [(ORG.originalOrganization, org_iri(c)) for c in originals]
      + [(ORG.resultingOrganization, org_iri(c)) for c in results]
      + [(DCTERMS.source, s) for s in cited])
