"""Entity pages at the IRIs' own paths: ``https://w3id.org/pcgraph/id/org/RXK`` is ``/id/org/RXK``.

Browsers get a page (organisation, collaborative, or a generic one for anything else);
Linked Data clients get the resource's description in Turtle, JSON-LD, RDF/XML or
N-Triples by content negotiation, or by a ``.ttl``/``.jsonld``/``.rdf``/``.nt`` suffix.
"""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, render_template, request

from pcgraph.namespaces import ID, PC

from .. import context, entity_data, findings, network, provenance
from ..display import nice_date
from ..errors import HTTPError
from ..request_args import as_of_arg
from ..rows import grouped
from ..serialize import RDF_EXTENSIONS, RDF_TYPES, serialize_graph
from ..timeline import Timeline

bp = Blueprint("entities", __name__)

DESCRIBE = "DESCRIBE ?iri WHERE { ?iri ?p ?o }"


@bp.get("/id/<path:key>")
def entity(key: str):
    iri = str(ID) + key
    suffix_type = None
    stem, dot, extension = key.rpartition(".")
    if dot and extension in RDF_EXTENSIONS:
        iri, suffix_type = str(ID) + stem, RDF_EXTENSIONS[extension]
    try:
        ox.NamedNode(iri)
    except ValueError:  # a space, a quote, a NUL...: no resource can have this IRI
        raise HTTPError(404, f"nothing is known about {iri!r}: it is not a valid IRI", where="path") from None
    kind = entity_data.kind_of(iri)
    if kind == "missing":
        raise HTTPError(404, f"nothing is known about {iri}", where="path")
    mimetype = suffix_type or _negotiate()
    if mimetype != "text/html":
        return _rdf(iri, mimetype)
    as_of = as_of_arg()
    if kind == "collaborative":
        return _collaborative_page(iri, as_of)
    if kind == "organisation":
        return _organisation_page(iri, as_of)
    return render_template("entity/resource.html", iri=iri, summary=entity_data.summary(iri),
                           statements=entity_data.statements(iri), incoming=entity_data.incoming(iri),
                           findings=findings.for_focus(iri, as_of), as_of=as_of)


def _negotiate() -> str:
    fmt = request.args.get("format")
    if fmt:
        if fmt in RDF_EXTENSIONS:
            return RDF_EXTENSIONS[fmt]
        if fmt == "html":
            return "text/html"
        raise HTTPError(406, f"unknown format {fmt!r}; choose html, {', '.join(RDF_EXTENSIONS)}", where="format")
    accept = request.accept_mimetypes
    if not accept.provided:
        return "text/html"
    best = accept.best_match(["text/html", *RDF_TYPES])
    if best is None:
        raise HTTPError(406, f"available types: text/html, {', '.join(RDF_TYPES)}")
    return best


def _rdf(iri: str, mimetype: str) -> Response:
    settings = context.settings()
    result = context.get_store().query(DESCRIBE, bindings={"iri": ox.NamedNode(iri)},
                                       timeout=settings.query_timeout, max_rows=settings.max_rows)
    response = Response(serialize_graph(result.triples, mimetype), mimetype=mimetype)
    response.headers["Vary"] = "Accept"
    return response


def _active(row: dict, as_of: dt.date) -> bool:
    start = row.get("startDate")
    end = row.get("endDate")
    return (start is None or start.value <= as_of.isoformat()) and (end is None or end.value >= as_of.isoformat())


def _mark_active(rows: list[dict], as_of: dt.date) -> list[dict]:
    """The rows, each told whether it is in force on ``as_of`` (``row["active"]``)."""
    for row in rows:
        row["active"] = _active(row, as_of)
    return rows


def _organisation_page(iri: str, as_of: dt.date):
    summary = entity_data.summary(iri)
    is_icb = str(PC.IntegratedCareBoard) in entity_data.classes_of(iri)
    area = {}
    if is_icb:  # an ICB's page also answers "what happens in its area"
        area = {"collaboratives": _with_reasons(entity_data.canned("collaboratives-in-icb", icb=iri,
                                                                   as_of=as_of.isoformat())),
                "trusts": entity_data.canned("trusts-in-area", area=iri, as_of=as_of.isoformat())}
    memberships = provenance.mark_confirmed(_mark_active(entity_data.memberships_of(iri), as_of))
    delegations = _mark_active(entity_data.delegations_involving(iri), as_of)
    # What the page shows is what its findings cover: the organisation, its memberships,
    # and the delegations it made or received (an ICB's delegations are its business).
    related = {iri, *(r["membership"].value for r in memberships), *(d["delegation"].value for d in delegations)}
    return render_template(
        "entity/organisation.html", iri=iri, key=iri[len(str(ID)):], summary=summary, as_of=as_of,
        is_icb=is_icb, area=area,
        icb_relations=_relations_by_icb(_mark_active(entity_data.icb_relations(iri), as_of)), memberships=memberships,
        history=entity_data.canned("organisation-history", organisation=iri),
        delegations=delegations,
        indirect=grouped([row for row in entity_data.canned("delegations-to-organisation", organisation=iri)
                          if row.get("via") and row["via"].value != "directly"], "delegation", ("functionLabel",)),
        posts=entity_data.canned("people-in-posts", organisation=iri, as_of=as_of.isoformat()),
        findings=findings.for_focus(related, as_of), statements=entity_data.statements(iri),
    )


def _relations_by_icb(relations: list[dict]) -> list[dict]:
    """One row per ICB, listing each kind of relation the organisation has with it and its dates."""
    rows = grouped(relations, "icb")
    for row in rows:
        row["relations"] = [ox.Literal(_dated(part.get("kindLabel"), part)) for part in row["parts"]]
    return rows


def _dated(kind, row: dict) -> str:
    text = kind.value if kind is not None else "related"
    start, end = row.get("startDate"), row.get("endDate")
    if start is not None and end is not None:
        return f"{text}, {nice_date(start.value)} to {nice_date(end.value)}"
    if start is not None:
        return f"{text}, from {nice_date(start.value)}"
    if end is not None:
        return f"{text}, until {nice_date(end.value)}"
    return text


# How the collaboratives-in-icb query says why a collaborative counts, in words for its list.
_REASON_PREFIX = "member: "


def _with_reasons(rows: list[dict]) -> list[dict]:
    """Each row's ``basis`` ("footprint; member: X; member: Y") as a list of reasons, one per line."""
    for row in rows:
        parts = sorted(row["basis"].value.split("; ")) if row.get("basis") is not None else []
        row["reasons"] = [ox.Literal("its footprint is this ICB's area" if part == "footprint"
                                     else "member headquartered here: " + part[len(_REASON_PREFIX):]
                                     if part.startswith(_REASON_PREFIX) else part) for part in parts]
    return rows


def _collaborative_page(iri: str, as_of: dt.date):
    summary = entity_data.summary(iri)
    label = summary["label"].value if "label" in summary else iri.rsplit("/", 1)[-1]
    members = provenance.mark_confirmed(_mark_active(entity_data.members_over_time(iri), as_of))
    said = entity_data.page_statements(iri)
    governance = entity_data.canned("collaborative-governance", collaborative=iri, as_of=as_of.isoformat())
    delegations = _mark_active(entity_data.delegations_involving(iri), as_of)
    related = {iri, *(r["membership"].value for r in members), *(d["delegation"].value for d in delegations)}
    return render_template(
        "entity/collaborative.html", iri=iri, key=iri[len(str(ID)):], summary=summary, label=label, as_of=as_of,
        members=members, active_count=sum(1 for m in members if m["active"]),
        governance=governance[0] if governance else {}, committees=entity_data.committees(iri),
        delegations=delegations,
        sharing=entity_data.canned("collaboratives-sharing-members", collaborative=iri, as_of=as_of.isoformat()),
        network=network.build(iri, label, as_of), timeline=Timeline.of(members, as_of),
        findings=findings.for_focus(related, as_of),
        statements=entity_data.statements(iri),
        page_statements=said, differences=provenance.differences(said), status=entity_data.status(iri),
    )


@bp.get("/id/")
@bp.get("/id")
def id_root():
    return redirect("/search", code=303)
