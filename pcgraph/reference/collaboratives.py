"""Collaborative memberships and delegations stated on public web pages, one row per statement.

``data/sources/collaboratives/collaboratives.csv`` holds one row per (collaborative,
member, page): the page's address and date, the member's role and the dates as the page
gives them (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``). ``delegations.csv`` holds one row per
delegation. The same reader serves ``pcgraph build-reference`` and ``pcgraph import``, so a
file with these columns needs no code: a bad cell stops both, naming file, line and column.

What each row becomes (graph ``web-collaboratives``):

- the collaborative (``id/collaborative/{collaborative_id}``), unless it is already
  described elsewhere, with its kind, short name and status;
- one ``org:Membership`` per collaborative and member, citing every page that states it,
  with the union of roles; validity (``pc:startDate``, ``pc:endDate``) only where a page
  gives a date: the first day of the earliest start stated, the last day of the latest end;
- one ``pc:MembershipStatement`` per row: what that page said (role, dates at the precision
  given, the member's name as written, status, planned or approximate dates);
- the page as an ``id/source/page-...`` node with its address (``rdfs:seeAlso``) and, where
  the page shows one, its date (``dcterms:date``, at the precision given). A membership's
  "last confirmed" is the latest date of the pages that state it.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD

from pcgraph.errors import InputError
from pcgraph.namespaces import ID, PC
from pcgraph.reference.csvfiles import ODS_CODE, Where, read_records

MEMBERSHIP_COLUMNS = ["collaborative_id", "collaborative", "short_name", "kind", "footprint", "status", "member_list",
                      "member_ods_code", "member_id", "member_kind", "member_name", "role",
                      "start_date", "end_date", "date_note", "source_url", "source_date", "source_date_note"]
DELEGATION_COLUMNS = ["delegation_id", "delegator_ids", "delegate_id", "delegate_kind", "delegate_name",
                      "delegate_of", "functions", "start_date", "accountable_ids", "budget_gbp",
                      "source_url", "source_date"]
GRAPH = "web-collaboratives"

KINDS = {  # collaborative kind -> (class, integration)
    "acute": (PC.ProviderCollaborative, PC.Horizontal),
    "mental-health": (PC.ProviderCollaborative, PC.Horizontal),
    "specialised-mental-health": (PC.ProviderCollaborative, PC.Horizontal),
    "community": (PC.ProviderCollaborative, PC.Horizontal),
    "all-sector": (PC.ProviderCollaborative, PC.Vertical),
    "group": (PC.ProviderGroup, None),
    "other": (PC.Collaborative, None),
}
ROLES = {"member": PC.Member, "lead-provider": PC.LeadProvider, "host": PC.Host,
         "associate": PC.Associate, "partner": PC.Partner}
MEMBER_KINDS = {  # kind -> class for bodies without ODS codes (None: must have an ODS code)
    "nhs-trust": None, "icb": None,
    "local-authority": PC.LocalAuthority, "ccg": PC.ClinicalCommissioningGroup, "vcse": PC.VCSEBody,
    "cic": PC.CommunityInterestCompany, "independent-provider": PC.IndependentProvider,
    "partnership": PC.Collaborative, "collaborative": PC.Collaborative,
}
MEMBER_TOO = {PC.LeadProvider, PC.Host}  # a lead provider or host is a member too, as the ORG mapping reads them
CODED_CLASSES = {"nhs-trust": PC.NHSTrust, "icb": PC.IntegratedCareBoard}
STATUSES = {"proposed": PC.StatusProposed, "abandoned": PC.StatusAbandoned, "superseded": PC.StatusSuperseded,
            "merged": PC.StatusMerged, "ended": PC.StatusEnded}
DATE_NOTES = {"planned": PC.PlannedDate, "approximate": PC.ApproximateDate}
DELEGATE_KINDS = {"joint-committee": PC.JointCommittee, "committee": PC.Committee}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class StatedDate:
    """A date as a page gives it: a year, a month or a day."""

    text: str
    first: date
    last: date

    @property
    def literal(self) -> Literal:
        datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(self.text), XSD.date)
        return Literal(self.text, datatype=datatype)


def stated_date(where: Where, column: str, value: str) -> StatedDate | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, checked, or None when empty."""
    if not value:
        return None
    match = PARTIAL_DATE.match(value)
    try:
        if not match:
            raise ValueError
        year, month, day = int(match[1]), int(match[2] or 0), int(match[3] or 0)
        if day:
            first = last = date(year, month, day)
        elif month:
            first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        else:
            first, last = date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        raise where.error(f"column {column}: {value!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD") from None
    return StatedDate(value, first, last)


def _choice(where: Where, row: dict, column: str, choices, *, required: bool = True):
    value = row[column]
    if not value and not required:
        return None
    if value not in choices:
        raise where.error(f"column {column}: {value!r} is not one of {', '.join(sorted(choices))}")
    return choices[value]


def _slug(where: Where, row: dict, column: str) -> str:
    value = row[column]
    if not SLUG.match(value):
        raise where.error(f"column {column}: {value!r} is not a lower-case slug such as 'black-country-group'")
    return value


def _url(where: Where, row: dict, column: str = "source_url") -> URIRef:
    value = row[column]
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in value for c in " <>\"{}|\\^`"):
        raise where.error(f"column {column}: {value!r} is not the address (http or https) of the page stating this")
    return URIRef(value)


def source_iri(url: str) -> URIRef:
    """The stable node of a web page: ``id/source/page-`` and a digest of its address."""
    return ID[f"source/page-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:16]}"]


@dataclass(frozen=True)
class Statement:
    """One checked row of the memberships file."""

    where: Where
    collaborative: str
    name: str
    short_name: str
    kind: str
    status: URIRef | None
    partial: bool
    member: URIRef
    member_kind: str
    member_name: str
    role: URIRef
    start: StatedDate | None
    end: StatedDate | None
    date_note: URIRef | None
    url: URIRef
    page_date: StatedDate | None
    page_date_note: URIRef | None


def read_memberships(path: Path, root: Path, org_exists: Callable[[str, str], bool]) -> list[Statement]:
    """Every row of a memberships file, checked; ``org_exists(code, kind)`` says whether an ODS code is known."""
    statements = []
    for where, row in read_records(path, root, required=MEMBERSHIP_COLUMNS):
        for column in ("collaborative", "member_name"):
            if not row[column]:
                raise where.error(f"column {column} is empty")
        collaborative = _slug(where, row, "collaborative_id")
        _choice(where, row, "kind", KINDS)
        member_kind = row["member_kind"]
        _choice(where, row, "member_kind", MEMBER_KINDS)
        code = row["member_ods_code"]
        if code:
            if not ODS_CODE.match(code):
                raise where.error(f"column member_ods_code: {code!r} is not an ODS code (3 to 5 capital letters or digits)")
            if member_kind not in CODED_CLASSES:
                raise where.error(f"column member_kind: a {member_kind} is given without an ODS code; "
                                  f"ODS codes are read for {', '.join(CODED_CLASSES)} only")
            if not org_exists(code, member_kind):
                raise where.error(f"column member_ods_code: {code} names no {member_kind} known to the graph")
            member = ID[f"org/{code}"]
        elif member_kind in CODED_CLASSES:
            raise where.error(f"column member_ods_code is empty: a member of kind {member_kind} needs its ODS code")
        elif member_kind in ("partnership", "collaborative"):
            member = ID[f"collaborative/{_slug(where, row, 'member_id')}"]
        else:
            member = ID[f"org/{_slug(where, row, 'member_id')}"]
        start = stated_date(where, "start_date", row["start_date"])
        end = stated_date(where, "end_date", row["end_date"])
        if start and end and start.first > end.last:
            raise where.error(f"column end_date: {end.text} is before start_date {start.text}")
        statements.append(Statement(
            where, collaborative, row["collaborative"], row["short_name"], row["kind"],
            _choice(where, row, "status", STATUSES, required=False),
            _choice(where, row, "member_list", {"partial": True, "complete": False}, required=False) or False, member, member_kind, row["member_name"],
            _choice(where, row, "role", ROLES), start, end,
            _choice(where, row, "date_note", DATE_NOTES, required=False), _url(where, row),
            stated_date(where, "source_date", row["source_date"]),
            _choice(where, row, "source_date_note", DATE_NOTES, required=False)))
    return statements


def membership_triples(statements: list[Statement], described: Callable[[URIRef], bool],
                       ) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The triples the statements make; ``described(iri)`` is true for collaboratives, organisations
    and memberships already described elsewhere, which gain sources and statements but no new labels or dates."""
    by_membership: dict[URIRef, list[Statement]] = defaultdict(list)
    by_collaborative: dict[str, list[Statement]] = defaultdict(list)
    for s in statements:
        key = str(s.member).rsplit("/", 1)[1]
        by_membership[ID[f"membership/{s.collaborative}/{key}"]].append(s)
        by_collaborative[s.collaborative].append(s)
    for s in _unique_pages(statements):
        yield from _page(s.url, s.page_date, s.page_date_note)
    for collaborative, rows in by_collaborative.items():
        yield from _collaborative(ID[f"collaborative/{collaborative}"], rows, described)
    made: set[URIRef] = set()
    for membership, rows in by_membership.items():
        yield from _membership(membership, rows, described)
        for s in rows:
            own = str(s.member) in {str(ID[f"collaborative/{c}"]) for c in by_collaborative}
            if s.member not in made and not own and not described(s.member) and MEMBER_KINDS[s.member_kind] is not None:
                made.add(s.member)
                yield from _member(s, [r.url for r in statements if r.member == s.member])


def _unique_pages(statements: Iterable[Statement]) -> list[Statement]:
    pages: dict[str, Statement] = {}
    for s in statements:
        known = pages.get(str(s.url))
        if known is not None and (known.page_date, known.page_date_note) != (s.page_date, s.page_date_note):
            raise s.where.error(f"column source_date: {s.url} is dated "
                                f"{known.page_date.text if known.page_date else 'nothing'} at {known.where}")
        pages.setdefault(str(s.url), s)
    return list(pages.values())


def _page(url: URIRef, page_date: StatedDate | None, note: URIRef | None = None):
    """The page as a source: its address and, where it shows one, its date."""
    node = source_iri(str(url))
    parts = urlsplit(str(url))
    yield node, RDF.type, FOAF.Document
    yield node, RDF.type, PROV.Entity
    yield node, DCTERMS.title, Literal(f"Web page at {parts.netloc}{parts.path}")
    yield node, RDFS.seeAlso, url
    if page_date:
        yield node, DCTERMS.date, page_date.literal
        if note is not None:
            yield node, PC.dateNote, note


def _collaborative(node: URIRef, rows: list[Statement], described):
    for s in rows:
        yield node, DCTERMS.source, source_iri(str(s.url))
    if described(node):
        return
    first = rows[0]
    cls, integration = KINDS[first.kind]
    yield node, RDF.type, cls
    yield node, SKOS.prefLabel, Literal(first.name)
    for s in rows:
        if s.short_name:
            yield node, SKOS.altLabel, Literal(s.short_name)
        if s.name != first.name:
            yield node, SKOS.altLabel, Literal(s.name)
    if integration is not None:
        yield node, PC.integration, integration
    if any(s.partial for s in rows):
        yield node, PC.memberListComplete, Literal(False)
        yield node, SKOS.scopeNote, Literal("The pages cited name only some of its members.")

    latest = max(rows, key=lambda r: (r.page_date.text if r.page_date else "", r.status is not None))
    status = latest.status or next((r.status for r in rows if r.status), None)
    if status is not None:
        yield node, PC.status, status


def _membership(node: URIRef, rows: list[Statement], described):
    first = rows[0]
    yield node, RDF.type, ORG.Membership
    yield node, ORG.member, first.member
    yield node, ORG.organization, ID[f"collaborative/{first.collaborative}"]
    for s in rows:
        yield node, PC.role, s.role
        if s.role in MEMBER_TOO:
            yield node, PC.role, PC.Member
        yield node, DCTERMS.source, source_iri(str(s.url))
    if not described(node):
        starts = [s.start for s in rows if s.start]
        ends = [s.end for s in rows if s.end]
        if starts:
            earliest = min(starts, key=lambda d: (d.first, -len(d.text)))
            yield node, PC.startDate, _date(earliest.first)
            yield node, PC.statedStart, earliest.literal
        if ends:
            latest = max(ends, key=lambda d: (d.last, len(d.text)))
            yield node, PC.endDate, _date(latest.last)
            yield node, PC.statedEnd, latest.literal
    for s in rows:
        yield from _statement(node, s)


def _statement(membership: URIRef, s: Statement):
    node = ID[f"statement/{str(membership)[len(str(ID['membership/'])):]}/{str(source_iri(str(s.url))).rsplit('/', 1)[1]}"]
    yield node, RDF.type, PC.MembershipStatement
    yield node, PC.statementOf, membership
    yield node, DCTERMS.source, source_iri(str(s.url))
    yield node, PC.role, s.role
    yield node, PC.nameAsStated, Literal(s.member_name)
    if s.start:
        yield node, PC.statedStart, s.start.literal
    if s.end:
        yield node, PC.statedEnd, s.end.literal
    if s.date_note is not None:
        yield node, PC.dateNote, s.date_note
    if s.status is not None:
        yield node, PC.status, s.status


def _member(s: Statement, urls: list[URIRef]):
    yield s.member, RDF.type, MEMBER_KINDS[s.member_kind]
    yield s.member, SKOS.prefLabel, Literal(s.member_name)
    for url in urls:
        yield s.member, DCTERMS.source, source_iri(str(url))


def _date(day: date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


# --- Delegations --------------------------------------------------------------------

def read_delegations(path: Path, root: Path, known: Callable[[URIRef], bool],
                     functions: set[URIRef]) -> list[tuple[Where, dict]]:
    """Every row of a delegations file, checked; ``known(iri)`` says whether a body exists,
    ``functions`` are the ontology's functions. A committee a row makes is known to later rows."""
    rows = []
    made: set[URIRef] = set()

    def exists(key: str) -> bool:
        return body(key) in made or known(body(key))

    for where, row in read_records(path, root, required=DELEGATION_COLUMNS):
        _slug(where, row, "delegation_id")
        _url(where, row)
        stated_date(where, "start_date", row["start_date"])
        stated_date(where, "source_date", row["source_date"])
        if row["budget_gbp"] and not row["budget_gbp"].isdigit():
            raise where.error(f"column budget_gbp: {row['budget_gbp']!r} is not a whole number of pounds")
        for function in _list(row["functions"]):
            if PC[function] not in functions:
                raise where.error(f"column functions: {function!r} is not a function of the ontology")
        if row["delegate_kind"]:
            _choice(where, row, "delegate_kind", DELEGATE_KINDS)
            if not row["delegate_name"]:
                raise where.error("column delegate_name is empty: a new committee needs a name")
            made.add(body(row["delegate_id"]))
        for column in ("delegator_ids", "accountable_ids"):
            for key in _list(row[column]):
                if not exists(key):
                    raise where.error(f"column {column}: {key} names no organisation or committee known to the graph")
        if not exists(row["delegate_id"]):
            raise where.error(f"column delegate_id: {row['delegate_id']} names no organisation known to the graph")
        rows.append((where, row))
    return rows


def delegation_triples(rows: list[tuple[Where, dict]]):
    """The triples of checked delegation rows: the delegation, its page and any committee it makes."""
    for _, row in rows:
        node = ID[f"delegation/{row['delegation_id']}"]
        page = source_iri(row["source_url"])
        where = Where("", 0)  # the row was checked when read
        yield from _page(URIRef(row["source_url"]), stated_date(where, "source_date", row["source_date"]))
        delegate = body(row["delegate_id"])
        if row["delegate_kind"]:
            yield delegate, RDF.type, DELEGATE_KINDS[row["delegate_kind"]]
            yield delegate, SKOS.prefLabel, Literal(row["delegate_name"])
            yield delegate, DCTERMS.source, page
            if row["delegate_of"]:
                yield delegate, PC.committeeOf, ID[f"collaborative/{row['delegate_of']}"]
        yield node, RDF.type, PC.Delegation
        yield node, DCTERMS.source, page
        for key in _list(row["delegator_ids"]):
            yield node, PC.delegator, body(key)
        yield node, PC.delegate, delegate
        for function in _list(row["functions"]):
            yield node, PC.function, PC[function]
        start = stated_date(where, "start_date", row["start_date"])
        if start:
            yield node, PC.startDate, _date(start.first)
            yield node, PC.statedStart, start.literal
        for key in _list(row["accountable_ids"]):
            yield node, PC.accountableBody, body(key)
        if row["budget_gbp"]:
            yield node, PC.budget, Literal(row["budget_gbp"], datatype=XSD.decimal)


def body(key: str) -> URIRef:
    """An organisation (ODS code or slug) or, for committees, ``id/committee/{slug}``."""
    if ODS_CODE.match(key):
        return ID[f"org/{key}"]
    if key.endswith(("committee", "committees", "committees-in-common", "committee-in-common")):
        return ID[f"committee/{key}"]
    return ID[f"org/{key}"]


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.split(";") if item.strip()]


# --- The reference build ------------------------------------------------------------

FOLDER = "sources/collaboratives"


def build_collaboratives(ctx, functions: set[URIRef]) -> None:
    """Add both files of ``data/sources/collaboratives/`` to the reference graph."""
    typed = {s for triples in ctx.quads.graphs.values() for s, p, o in triples if p == RDF.type}

    def org_exists(code: str, kind: str) -> bool:
        return code in (ctx.trusts if kind == "nhs-trust" else ctx.icbs)

    memberships = read_memberships(ctx.path(f"{FOLDER}/collaboratives.csv"), ctx.root, org_exists)
    ctx.report.read[f"{FOLDER}/collaboratives.csv"] += len(memberships)
    _add(ctx, membership_triples(memberships, typed.__contains__))
    typed = {s for triples in ctx.quads.graphs.values() for s, p, o in triples if p == RDF.type}
    delegations = read_delegations(ctx.path(f"{FOLDER}/delegations.csv"), ctx.root, typed.__contains__, functions)
    ctx.report.read[f"{FOLDER}/delegations.csv"] += len(delegations)
    _add(ctx, delegation_triples(delegations))


def _add(ctx, triples) -> None:
    pages = str(ID["source/page-"])
    for s, p, o in triples:
        ctx.quads.add("sources" if str(s).startswith(pages) else GRAPH, s, p, o)


def oxigraph_term(term: URIRef | Literal):
    """An rdflib term as pyoxigraph's, for writing the same triples into a store."""
    import pyoxigraph as ox
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term), language=term.language) if term.language else ox.Literal(str(term))
