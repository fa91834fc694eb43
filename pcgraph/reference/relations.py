"""The three trust-to-ICB relations, kept apart as ``pc:ICBRelation`` nodes.

- headquarters area (``hq``): column 4 of the ODS trust extracts; the December 2025
  extract for 1 July 2022 to 31 March 2026, the July 2026 extract from 1 April 2026;
  graph ``ods-trusts``.
- constitution partner (``partner``) and principal ICB for finance (``principal``): the
  NHS England partner mapping of August 2023; graph ``nhse-icb-partners``.

Every relation is clipped to the days both the trust and the ICB existed.
"""

from __future__ import annotations

from datetime import date, timedelta

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF

from pcgraph.namespaces import ID, PC, org_iri
from pcgraph.reference import sources
from pcgraph.reference.context import Context
from pcgraph.reference.csvfiles import Where, ods_code, read_records
from pcgraph.reference.geography import ICBS_ESTABLISHED
from pcgraph.reference.trusts import ODS_GRAPH, OdsRow

PARTNER_GRAPH = "nhse-icb-partners"
REORGANISED = date(2026, 4, 1)
CLOSED_BEFORE = "no headquarters relation: the trust had closed before this extract's period"
KIND_KEYS = {PC.HeadquartersArea: "hq", PC.ConstitutionPartner: "partner", PC.PrincipalICB: "principal"}


def _later(a: date | None, b: date | None) -> date | None:
    return max(d for d in (a, b) if d is not None) if (a or b) else None


def _earlier(a: date | None, b: date | None) -> date | None:
    return min(d for d in (a, b) if d is not None) if (a or b) else None


def _relation(ctx: Context, graph: str, trust: str, icb: str, kind: URIRef, start, end, cited) -> None:
    node = ID[f"icb-relation/{trust}/{KIND_KEYS[kind]}/{icb}"]
    ctx.quads.add_all(graph, node, [
        (RDF.type, PC.ICBRelation),
        (PC.organisation, org_iri(trust)),
        (PC.icb, org_iri(icb)),
        (PC.relationKind, kind),
        (PC.startDate, start),
        (PC.endDate, end),
    ] + [(DCTERMS.source, s) for s in cited])


def build_headquarters(ctx: Context, used: dict[str, OdsRow], before: dict[str, OdsRow],
                       after: dict[str, OdsRow], care: dict[str, OdsRow]) -> None:
    """The ICB area holding each trust's headquarters, before and after 1 April 2026."""
    last_before = REORGANISED - timedelta(days=1)
    periods: dict[tuple[str, str], list] = {}
    for rows, first, last, source in ((before, ICBS_ESTABLISHED, last_before, sources.ETR_2025),
                                      (care, ICBS_ESTABLISHED, None, sources.ECT_2023),
                                      (after, REORGANISED, None, sources.ETR_2026)):
        for code, row in rows.items():
            if code not in used or not row.icb:
                continue
            trust = ctx.trusts[code]
            start, end = _later(trust.start, first), _earlier(trust.end, last)
            if end is not None and start > end:
                ctx.report.skip(source.path, CLOSED_BEFORE)
                continue
            if row.icb not in ctx.icbs:
                raise row.where.error(f"ICB code {row.icb!r} (column 4) is not a known ICB")
            icb = ctx.icbs[row.icb]
            start, end = _later(start, icb.start), _earlier(end, icb.end)
            key = (code, row.icb)
            if key in periods:  # same ICB on both sides of April 2026: one continuous relation
                old_start, old_end, cited = periods[key]
                periods[key] = [min(old_start, start), None if end is None or old_end is None else max(old_end, end),
                                cited + [source.iri]]
            else:
                periods[key] = [start, end, [source.iri]]
    for (code, icb), (start, end, cited) in sorted(periods.items()):
        _relation(ctx, ODS_GRAPH, code, icb, PC.HeadquartersArea, start, end, cited)


def build_partner_mapping(ctx: Context) -> None:
    """Constitution partners and the principal ICB of each trust (August 2023)."""
    for source, kind in ((sources.PARTNERS, PC.ConstitutionPartner), (sources.APPORTIONMENT, PC.PrincipalICB)):
        principal_of: dict[str, Where] = {}
        required = ["icb_ods_code", "trust_ods_code"]
        for where, row in read_records(ctx.path(source.path), ctx.root, required=required):
            ctx.report.read[source.path] += 1
            icb = ods_code(where, row["icb_ods_code"], "ICB code")
            trust = ods_code(where, row["trust_ods_code"], "trust code")
            if icb not in ctx.icbs:
                raise where.error(f"ICB {icb} is not one of the known ICBs")
            if trust not in ctx.trusts:
                ctx.report.skip(source.path, "trust not in the ODS trust files")
                continue
            if kind == PC.PrincipalICB:
                if trust in principal_of:
                    raise where.error(f"trust {trust} has a second principal ICB (first at {principal_of[trust]})")
                principal_of[trust] = where
            t, i = ctx.trusts[trust], ctx.icbs[icb]
            _relation(ctx, PARTNER_GRAPH, trust, icb, kind, None, _earlier(t.end, i.end), [source.iri])
