"""What the entity pages show, read from the store with parameters bound as RDF terms.

Each function returns plain rows (dicts of pyoxigraph terms) for one block of a page;
blocks that answer a catalogue question use the canned query, so the page and
``/queries/NAME`` always agree.
"""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox

from pcgraph import queries
from pcgraph.namespaces import ORG, PC, PREFIXES
from pcgraph.store.values import sort_concatenations

from . import context

XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
ORGANISATION_CLASSES = {str(PC.Organisation), str(ORG.Organization), str(ORG.FormalOrganization)}
_LISTED = "\n"  # joins the names GROUP_CONCAT lists (an escaped newline in the query): a label is one line
_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def select(sparql: str, **bindings) -> list[dict]:
    """Rows of a SELECT over the app's store, pcgraph's prefixes declared, ``bindings`` as typed terms."""
    return select_result(sparql, **bindings).rows


def select_result(sparql: str, **bindings):
    """``select``'s whole ``QueryResult``, for callers that must know whether the row cap cut it."""
    settings = context.settings()
    result = context.get_store().query(_PROLOGUE + sparql, bindings=bindings or None,
                                       timeout=settings.query_timeout, max_rows=settings.max_rows)
    sort_concatenations(sparql, result.rows)
    return result


def canned(name: str, **params: str) -> list[dict]:
    """Rows of a canned query, with text parameter values as a user would give them."""
    return queries.run(context.get_store(), name, params, context.settings()).rows


def date_term(day: dt.date) -> ox.Literal:
    return ox.Literal(day.isoformat(), datatype=XSD_DATE)


def classes_of(iri: str) -> set[str]:
    """Every class ``iri`` belongs to, through the ontology's subclass links."""
    return {row["class"].value for row in select(
        "SELECT ?iri ?class WHERE { ?iri a/rdfs:subClassOf* ?class }", iri=ox.NamedNode(iri)) if "class" in row}


def kind_of(iri: str) -> str:
    """``collaborative``, ``organisation``, ``resource`` or ``missing``: which page fits ``iri``."""
    node = ox.NamedNode(iri)
    classes = classes_of(iri)
    if str(PC.Collaborative) in classes:
        return "collaborative"
    if classes & ORGANISATION_CLASSES:
        return "organisation"
    if classes:
        return "resource"
    known = select("SELECT ?iri ?p WHERE { { ?iri ?p ?o } UNION { ?s ?p ?iri } } LIMIT 1", iri=node)
    return "resource" if known else "missing"


def statements(iri: str) -> list[dict]:
    """Every (property, value) of ``iri`` with labels, for the facts table and generic pages."""
    return select("""
SELECT ?iri ?p ?o (SAMPLE(?pl) AS ?pLabel) (SAMPLE(?ol) AS ?oLabel) WHERE {
  ?iri ?p ?o .
  OPTIONAL { ?p rdfs:label ?pl }
  OPTIONAL { ?o skos:prefLabel|rdfs:label|foaf:name ?ol }
}
GROUP BY ?iri ?p ?o
ORDER BY ?p ?o""", iri=ox.NamedNode(iri))


def incoming(iri: str, limit: int = 200) -> list[dict]:
    """Resources that point at ``iri``, with labels."""
    return select(f"""
SELECT ?iri ?s ?p (SAMPLE(?sl) AS ?sLabel) (SAMPLE(?pl) AS ?pLabel) WHERE {{
  ?s ?p ?iri .
  OPTIONAL {{ ?s skos:prefLabel|rdfs:label|foaf:name ?sl }}
  OPTIONAL {{ ?p rdfs:label ?pl }}
}}
GROUP BY ?iri ?s ?p
ORDER BY ?p ?s
LIMIT {int(limit)}""", iri=ox.NamedNode(iri))


def summary(iri: str) -> dict:
    """Label, other names, kind, code and the common facts of an organisation or collaborative."""
    rows = select("""
SELECT ?iri (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?a; separator="; ") AS ?altLabels)
       (GROUP_CONCAT(DISTINCT ?tl; separator=", ") AS ?kinds) (SAMPLE(?c) AS ?code) (SAMPLE(?ons0) AS ?ons)
       (SAMPLE(?sec) AS ?sector) (SAMPLE(?secl) AS ?sectorLabel) (SAMPLE(?reg) AS ?region)
       (SAMPLE(?regl) AS ?regionLabel) (SAMPLE(?s) AS ?startDate) (SAMPLE(?e) AS ?endDate)
       (SAMPLE(?pur) AS ?purpose) (SAMPLE(?hq) AS ?headquarters) (SAMPLE(?complete) AS ?memberListComplete)
WHERE {
  OPTIONAL { ?iri skos:prefLabel|foaf:name ?l }
  OPTIONAL { ?iri skos:altLabel ?a }
  OPTIONAL { ?iri a ?t . ?t rdfs:label ?tl }
  OPTIONAL { ?iri pc:odsCode ?c }
  OPTIONAL { ?iri pc:onsCode ?ons0 }
  OPTIONAL { ?iri pc:sector ?sec OPTIONAL { ?sec skos:prefLabel ?secl } }
  OPTIONAL { ?iri pc:region ?reg OPTIONAL { ?reg skos:prefLabel ?regl } }
  OPTIONAL { ?iri pc:startDate ?s }
  OPTIONAL { ?iri pc:endDate ?e }
  OPTIONAL { ?iri pc:purpose ?pur }
  OPTIONAL { ?iri pc:headquarters ?hq }
  OPTIONAL { ?iri pc:memberListComplete ?complete }
}
GROUP BY ?iri""", iri=ox.NamedNode(iri))
    return rows[0] if rows else {}


def icb_relations(iri: str) -> list[dict]:
    return select("""
SELECT ?iri ?relation ?icb (SAMPLE(?il) AS ?icbLabel) (SAMPLE(?kl) AS ?kindLabel) (SAMPLE(?s) AS ?startDate) (SAMPLE(?e) AS ?endDate)
WHERE {
  ?relation pc:organisation ?iri ; pc:icb ?icb .
  OPTIONAL { ?relation pc:relationKind/skos:prefLabel ?kl }
  OPTIONAL { ?icb skos:prefLabel ?il }
  OPTIONAL { ?relation pc:startDate ?s }
  OPTIONAL { ?relation pc:endDate ?e }
}
GROUP BY ?iri ?relation ?icb
ORDER BY ?kindLabel ?icbLabel""", iri=ox.NamedNode(iri))


def memberships_of(iri: str) -> list[dict]:
    """Every membership the organisation has held, past and present, with roles."""
    return select("""
SELECT ?iri ?membership ?collaborative (SAMPLE(?cl) AS ?collaborativeLabel)
       (GROUP_CONCAT(DISTINCT ?rl; separator=", ") AS ?roles) (SAMPLE(?s) AS ?startDate) (SAMPLE(?e) AS ?endDate)
       (MAX(STR(?confirmed)) AS ?lastConfirmed) (SAMPLE(?ss) AS ?statedStart) (SAMPLE(?se) AS ?statedEnd)
WHERE {
  ?membership org:member ?iri ; org:organization ?collaborative .
  OPTIONAL { ?membership pc:statedStart ?ss }
  OPTIONAL { ?membership pc:statedEnd ?se }
  OPTIONAL { ?collaborative skos:prefLabel ?cl }
  OPTIONAL { ?membership pc:role/skos:prefLabel ?rl }
  OPTIONAL { ?membership dcterms:source/dcterms:date ?confirmed }
  OPTIONAL { ?membership pc:startDate ?s }
  OPTIONAL { ?membership pc:endDate ?e }
}
GROUP BY ?iri ?membership ?collaborative
ORDER BY ?collaborativeLabel ?startDate""", iri=ox.NamedNode(iri))


def members_over_time(iri: str) -> list[dict]:
    """Every membership of the collaborative, past and present, with roles and codes."""
    return select("""
SELECT ?iri ?membership ?member (SAMPLE(?ml) AS ?memberLabel) (SAMPLE(?c) AS ?odsCode) (SAMPLE(?secl) AS ?sector)
       (GROUP_CONCAT(DISTINCT ?rl; separator=", ") AS ?roles) (SAMPLE(?s) AS ?startDate) (SAMPLE(?e) AS ?endDate)
       (MAX(STR(?confirmed)) AS ?lastConfirmed) (SAMPLE(?ss) AS ?statedStart) (SAMPLE(?se) AS ?statedEnd)
WHERE {
  ?membership org:organization ?iri ; org:member ?member .
  OPTIONAL { ?membership pc:statedStart ?ss }
  OPTIONAL { ?membership pc:statedEnd ?se }
  OPTIONAL { ?membership dcterms:source/dcterms:date ?confirmed }
  OPTIONAL { ?member skos:prefLabel ?ml }
  OPTIONAL { ?member pc:odsCode ?c }
  OPTIONAL { ?member pc:sector/skos:prefLabel ?secl }
  OPTIONAL { ?membership pc:role/skos:prefLabel ?rl }
  OPTIONAL { ?membership pc:startDate ?s }
  OPTIONAL { ?membership pc:endDate ?e }
}
GROUP BY ?iri ?membership ?member
ORDER BY ?memberLabel ?startDate""", iri=ox.NamedNode(iri))


def status(iri: str) -> str:
    """What became of the collaborative (proposed, abandoned, ...) where a source says; else empty."""
    rows = select("SELECT ?iri ?label WHERE { ?iri pc:status/skos:prefLabel ?label }", iri=ox.NamedNode(iri))
    return ", ".join(sorted({row["label"].value for row in rows}))


def page_statements(iri: str) -> list[dict]:
    """What each source said about the collaborative's memberships: one row per statement."""
    return select("""
SELECT ?iri ?membership ?member (SAMPLE(?ml) AS ?memberLabel) ?source (SAMPLE(?address) AS ?page)
       (SAMPLE(STR(?day)) AS ?pageDate) (SAMPLE(?asStated) AS ?nameAsStated) (SAMPLE(?rl) AS ?role)
       (SAMPLE(STR(?from)) AS ?statedStart) (SAMPLE(STR(?to)) AS ?statedEnd) (SAMPLE(?nl) AS ?dateNote)
WHERE {
  ?membership org:organization ?iri ; org:member ?member .
  ?statement pc:statementOf ?membership ; dcterms:source ?source .
  OPTIONAL { ?member skos:prefLabel ?ml }
  OPTIONAL { ?source rdfs:seeAlso ?address }
  OPTIONAL { ?source dcterms:date ?day }
  OPTIONAL { ?statement pc:nameAsStated ?asStated }
  OPTIONAL { ?statement pc:role/skos:prefLabel ?rl }
  OPTIONAL { ?statement pc:statedStart ?from }
  OPTIONAL { ?statement pc:statedEnd ?to }
  OPTIONAL { ?statement pc:dateNote/skos:prefLabel ?nl }
}
GROUP BY ?iri ?membership ?member ?source ?statement
ORDER BY DESC(?pageDate) ?page ?memberLabel""", iri=ox.NamedNode(iri))


# The delegations made or received by ?iri or by a committee of it.
_DELEGATIONS_OF = """
  { ?delegation pc:delegator ?iri } UNION { ?delegation pc:delegate ?iri }
  UNION { ?committee pc:committeeOf ?iri . { ?delegation pc:delegate ?committee } UNION { ?delegation pc:delegator ?committee } }"""


def delegations_involving(iri: str) -> list[dict]:
    """Delegations made or received by ``iri`` or by a committee of it, one row each; its functions
    and accountable bodies are lists of names.

    Who is accountable for each is asked apart: in one query with the rest, Virtuoso 7
    estimates the plan above its cost limit (400 s) and refuses it, and the page fails.
    """
    rows = select("""
SELECT ?iri ?delegation (SAMPLE(?name) AS ?delegationLabel) (GROUP_CONCAT(DISTINCT ?fl; separator="\\n") AS ?functions)
       (SAMPLE(?from) AS ?delegator) (SAMPLE(?fromName) AS ?delegatorLabel) (SAMPLE(?to) AS ?delegate)
       (SAMPLE(?toName) AS ?delegateLabel) (SAMPLE(?money) AS ?budget) (SAMPLE(?start) AS ?startDate)
       (SAMPLE(?end) AS ?endDate) (SAMPLE(?note) AS ?scopeNote)
WHERE {""" + _DELEGATIONS_OF + """
  OPTIONAL { ?delegation skos:prefLabel ?name }
  OPTIONAL { ?delegation pc:function/skos:prefLabel ?fl }
  OPTIONAL { ?delegation pc:delegator ?from OPTIONAL { ?from skos:prefLabel ?fromName } }
  OPTIONAL { ?delegation pc:delegate ?to OPTIONAL { ?to skos:prefLabel ?toName } }
  OPTIONAL { ?delegation pc:budget ?money }
  OPTIONAL { ?delegation pc:startDate ?start }
  OPTIONAL { ?delegation pc:endDate ?end }
  OPTIONAL { ?delegation skos:scopeNote ?note }
}
GROUP BY ?iri ?delegation
ORDER BY ?startDate ?delegationLabel""", iri=ox.NamedNode(iri))
    if rows:
        accountable = {row["delegation"]: row["accountable"] for row in select("""
SELECT ?iri ?delegation (GROUP_CONCAT(DISTINCT ?accountableName; separator="\\n") AS ?accountable)
WHERE {""" + _DELEGATIONS_OF + """
  # One path for both ways a body is accountable: Oxigraph plans the UNION form across the
  # whole graph (41 s at synthetic scale 10), the path from the bound delegation in a millisecond.
  ?delegation (pc:accountableBody|^pc:forDelegation/pc:accountableBody)/skos:prefLabel ?accountableName
}
GROUP BY ?iri ?delegation""", iri=ox.NamedNode(iri))}
        for row in rows:
            row["accountable"] = accountable.get(row["delegation"])
    for row in rows:
        for name in ("functions", "accountable"):
            joined = row.get(name)
            row[name] = [ox.Literal(part) for part in sorted(joined.value.split(_LISTED))] if joined and joined.value else []
    return rows


def committees(iri: str) -> list[dict]:
    return select("""
SELECT ?iri ?committee (SAMPLE(?l) AS ?committeeLabel) (SAMPLE(?tl) AS ?kind) WHERE {
  ?committee pc:committeeOf ?iri .
  OPTIONAL { ?committee skos:prefLabel ?l }
  OPTIONAL { ?committee a ?t . ?t rdfs:label ?tl }
}
GROUP BY ?iri ?committee""", iri=ox.NamedNode(iri))


def list_of(kind: str, as_of: dt.date | None = None, *, keep: str | None = None) -> list[dict]:
    """All collaboratives, ICBs, regions or sectors, for pickers and filters; with ``as_of``,
    only those that existed on that day (a page about one day offers no abolished ICB),
    and ``keep`` (the one already chosen) whatever its dates."""
    items = _list_of(kind, as_of)
    if keep and as_of is not None and all(row["item"].value != keep for row in items):
        items = items + [row for row in _list_of(kind, None) if row["item"].value == keep]
    return items


def _list_of(kind: str, as_of: dt.date | None) -> list[dict]:
    patterns = {
        "collaborative": "?item a/rdfs:subClassOf* pc:Collaborative",
        "icb": "?item a pc:IntegratedCareBoard",
        "region": "?item a pc:Region",
        "sector": "?item a pc:Sector",
        "function": "?item a pc:Function",
        "organisation": "?item a/rdfs:subClassOf* pc:Organisation",
    }
    key = ("list", kind, as_of)
    cache = context.cache()
    if key not in cache:
        alive = "" if as_of is None else """
  FILTER NOT EXISTS { ?item pc:startDate ?opened FILTER (?opened > ?as_of) }
  FILTER NOT EXISTS { ?item pc:endDate ?closed FILTER (?closed < ?as_of) }"""
        day = "" if as_of is None else " ?as_of"     # bound parameters must be projected
        cache[key] = select(f"""
SELECT ?item{day} (SAMPLE(?l) AS ?itemLabel) WHERE {{
  {patterns[kind]} .{alive}
  OPTIONAL {{ ?item skos:prefLabel ?l }}
}}
GROUP BY ?item{day}
ORDER BY ?itemLabel""", **({} if as_of is None else {"as_of": date_term(as_of)}))
    return cache[key]
