"""NHS England regions, the 42 ICBs of July 2022 and the sub-ICB locations under them.

From the ONS products (codes and names) and the ODS sub-ICB extract (open dates).
Graphs: ``ons`` and ``ods-sub-icb-locations``. ICBs start on 1 July 2022, the day the
Health and Care Act 2022 made them statutory (stated in the seed briefings).
"""

from __future__ import annotations

import re
from datetime import date

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

from pcgraph.errors import InputError
from pcgraph.namespaces import ID, PC, org_iri
from pcgraph.reference import sources
from pcgraph.reference.context import Context, Organisation
from pcgraph.reference.csvfiles import compact_date, ods_code, read_records, read_rows

ONS_GRAPH = "ons"
SUB_ICB_GRAPH = "ods-sub-icb-locations"
ICBS_ESTABLISHED = date(2022, 7, 1)
# The seed briefings that state ICBs became statutory bodies on 1 July 2022.
ESTABLISHMENT_SOURCE = ID["source/seed-nhs-providers-squaring-the-circle"]
SUB_ICB_ROLE = "RO319"

_ONS = {"E40": re.compile(r"^E40\d{6}$"), "E54": re.compile(r"^E54\d{6}$"), "E38": re.compile(r"^E38\d{6}$")}


def _ons_code(where, value: str, kind: str) -> str:
    if not _ONS[kind].match(value):
        raise where.error(f"{value!r} is not an ONS {kind} code")
    return value


def build_geography(ctx: Context) -> None:
    """Regions and ICBs (ONS lookup and names), and the sub-ICB locations under each ICB."""
    lookup = sources.ONS_LOOKUP
    icb_region: dict[str, str] = {}
    sub_icbs: dict[str, tuple[str, str, str]] = {}
    required = ["SICBL23CD", "SICBL23CDH", "SICBL23NM", "ICB23CD", "ICB23CDH", "NHSER23CD", "NHSER23CDH", "NHSER23NM"]
    for where, row in read_records(ctx.path(lookup.path), ctx.root, required=required):
        ctx.report.read[lookup.path] += 1
        region = ods_code(where, row["NHSER23CDH"], "region code")
        if region not in ctx.regions:
            ctx.regions[region] = org_iri(region)
            ctx.region_names[row["NHSER23NM"]] = region
            ctx.quads.add_all(ONS_GRAPH, org_iri(region), [
                (RDF.type, PC.Region),
                (PC.odsCode, region),
                (PC.onsCode, _ons_code(where, row["NHSER23CD"], "E40")),
                (SKOS.prefLabel, row["NHSER23NM"]),
                (SKOS.altLabel, f"NHS England {row['NHSER23NM']}"),
                (DCTERMS.source, lookup.iri),
            ])
        icb = ods_code(where, row["ICB23CDH"], "ICB code")
        _ons_code(where, row["ICB23CD"], "E54")
        if icb_region.setdefault(icb, region) != region:
            raise where.error(f"ICB {icb} is placed in two regions")
        sub = ods_code(where, row["SICBL23CDH"], "sub-ICB location code")
        sub_icbs[sub] = (_ons_code(where, row["SICBL23CD"], "E38"), row["SICBL23NM"], icb)
    _build_icbs(ctx, icb_region)
    _build_sub_icbs(ctx, sub_icbs)


def _build_icbs(ctx: Context, icb_region: dict[str, str]) -> None:
    names = sources.ONS_ICB
    for where, row in read_records(ctx.path(names.path), ctx.root, required=["ICB24CD", "ICB24CDH", "ICB24NM"]):
        ctx.report.read[names.path] += 1
        code = ods_code(where, row["ICB24CDH"], "ICB code")
        if code not in icb_region:
            raise where.error(f"ICB {code} is not in the ONS sub-ICB lookup, so its region is unknown")
        ctx.quads.add_all(ONS_GRAPH, org_iri(code), [
            (RDF.type, PC.IntegratedCareBoard),
            (PC.odsCode, code),
            (PC.onsCode, _ons_code(where, row["ICB24CD"], "E54")),
            (SKOS.prefLabel, row["ICB24NM"]),
            (PC.region, ctx.regions[icb_region[code]]),
            (PC.startDate, ICBS_ESTABLISHED),
            (DCTERMS.source, names.iri),
            (DCTERMS.source, sources.ONS_LOOKUP.iri),
            (DCTERMS.source, ESTABLISHMENT_SOURCE),
        ])
        short = re.sub(r"^NHS (.*) Integrated Care Board$", r"\1 ICB", row["ICB24NM"])
        if short != row["ICB24NM"]:
            ctx.quads.add(ONS_GRAPH, org_iri(code), SKOS.altLabel, short)
        ctx.icbs[code] = Organisation(code, ICBS_ESTABLISHED)
    missing = sorted(set(icb_region) - set(ctx.icbs))
    if missing:
        raise ctx_error(names.path, f"ICB(s) {', '.join(missing)} of the ONS lookup have no name and code row")


def ctx_error(file: str, reason: str) -> InputError:
    """An error about a whole file rather than one row of it."""
    return InputError(reason, where=file)


def _build_sub_icbs(ctx: Context, sub_icbs: dict[str, tuple[str, str, str]]) -> None:
    for sub, (ons, name, icb) in sorted(sub_icbs.items()):
        ctx.quads.add_all(ONS_GRAPH, org_iri(sub), [
            (RDF.type, PC.SubICBLocation),
            (PC.odsCode, sub),
            (PC.onsCode, ons),
            (SKOS.prefLabel, name),
            (ORG.subOrganizationOf, org_iri(icb)),
            (DCTERMS.source, sources.ONS_LOOKUP.iri),
        ])
    eccg = sources.ECCG_2025
    seen: set[str] = set()
    for where, cells in read_rows(ctx.path(eccg.path), ctx.root, columns=27):
        ctx.report.read[eccg.path] += 1
        code = ods_code(where, cells[0])
        roles = cells[13].split("|")
        if cells[11].strip():
            ctx.report.skip(eccg.path, "closed clinical commissioning group or hub")
            continue
        if SUB_ICB_ROLE not in roles:
            ctx.report.skip(eccg.path, "open, but not a sub-ICB location (reporting entity or commissioning hub)")
            continue
        if code not in sub_icbs:
            raise where.error(f"sub-ICB location {code} is not in the ONS lookup")
        parent = ods_code(where, cells[3], "ICB code (column 4)")
        if parent != sub_icbs[code][2]:
            raise where.error(f"sub-ICB location {code} sits under {parent} here but under {sub_icbs[code][2]} in the ONS lookup")
        ctx.quads.add_all(SUB_ICB_GRAPH, org_iri(code), [
            (RDF.type, PC.SubICBLocation),
            (PC.odsCode, code),
            (PC.startDate, compact_date(where, cells[10], "open date (column 11)")),
            (PC.region, ctx.regions.get(cells[2].strip())),
            (SKOS.altLabel, cells[1].strip()),
            (DCTERMS.source, eccg.iri),
        ])
        seen.add(code)
    missing = sorted(set(sub_icbs) - seen)
    if missing:
        raise ctx_error(eccg.path, f"sub-ICB location(s) {', '.join(missing)} of the ONS lookup are not open in ODS")


def region_by_name(ctx: Context, where, name: str) -> URIRef:
    """The region IRI for a region name as the CC0 files write it."""
    if name not in ctx.region_names:
        raise where.error(f"unknown NHS England region {name!r}")
    return ctx.regions[ctx.region_names[name]]
