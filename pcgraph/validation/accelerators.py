"""Set-at-a-time computations the engine uses in place of a rule's SPARQL on Oxigraph.

A shape's ``sh:select`` is the rule's definition, and pySHACL runs exactly that. For a
rule whose query Oxigraph cannot plan well at national scale, the engine may compute the
same rows another way: a few plain queries over every node at once, finished in Python.
Each accelerator must return exactly the rows the shape's query returns; the tests
compare both on the fixtures and on a synthetic nation
(``tests/test_validation_accelerators.py``).

``overlap-duplicate`` is the one rule here: Jaccard similarity needs, for every pair of
collaboratives that share a member, the sizes of both memberships and of their
intersection, which a single SPARQL query only gets through a join per pair and member
that grows with the square of the graph on Oxigraph 0.5.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import combinations
from typing import Callable

import pyoxigraph as ox

from pcgraph.namespaces import sparql_prologue

Row = dict[str, object]
Accelerator = Callable[[ox.Store, dict[str, ox.Literal], "set[str] | None"], list[Row]]

_MEMBERSHIPS = sparql_prologue() + """
SELECT ?c ?x ?active ?asOf WHERE {
    %s
    ?m org:organization ?c ; org:member ?x .
    BIND (NOT EXISTS { ?m pc:startDate ?s FILTER (?s > ?asOf) }
          && NOT EXISTS { ?m pc:endDate ?e FILTER (?e < ?asOf) } AS ?active)
}"""

_ACTIVE_COLLABORATIVES = sparql_prologue() + """
SELECT ?c ?asOf WHERE {
    %s
    ?c rdf:type/rdfs:subClassOf* pc:Collaborative .
    FILTER NOT EXISTS { ?c pc:startDate ?s FILTER (?s > ?asOf) }
    FILTER NOT EXISTS { ?c pc:endDate ?e FILTER (?e < ?asOf) }
}"""

_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def _values(name: str, iris) -> str:
    return f"VALUES ?{name} {{ " + " ".join(str(ox.NamedNode(iri)) for iri in sorted(iris)) + " }"


def _scope(store: ox.Store, focus: set[str] | None) -> str:
    """For an incremental run, the collaboratives that matter: those in focus and any that
    share a member with one of them (a VALUES clause); for a full run, no restriction."""
    if focus is None:
        return ""
    members = {row["x"].value for row in store.query(
        sparql_prologue() + "SELECT DISTINCT ?x WHERE { " + _values("c", focus)
        + " ?m org:organization ?c ; org:member ?x . FILTER (isIRI(?x)) }", use_default_graph_as_union=True)}
    if not members:
        return _values("c", focus)
    related = {row["c"].value for row in store.query(
        sparql_prologue() + "SELECT DISTINCT ?c WHERE { " + _values("x", members)
        + " ?m org:member ?x ; org:organization ?c . FILTER (isIRI(?c)) }", use_default_graph_as_union=True)}
    return _values("c", set(focus) | related)


def overlap_duplicate(store: ox.Store, context: dict[str, ox.Literal], focus: set[str] | None) -> list[Row]:
    """Rows of pcsh:OverlapDuplicate's query: this, value, common, combined (and the settings)."""
    substitutions = {ox.Variable("asOf"): context["asOf"]}
    ever: dict[ox.NamedNode, set] = defaultdict(set)
    active: dict[ox.NamedNode, set] = defaultdict(set)
    scope = _scope(store, focus)
    for row in store.query(_MEMBERSHIPS % scope, use_default_graph_as_union=True, substitutions=substitutions):
        ever[row["x"]].add(row["c"])
        if row["active"].value == "true":
            active[row["c"]].add(row["x"])
    live = {row["c"] for row in store.query(_ACTIVE_COLLABORATIVES % scope, use_default_graph_as_union=True,
                                            substitutions=substitutions)}
    threshold = Decimal(context["overlapJaccard"].value)
    pairs = set()
    for collaboratives in ever.values():
        for a, b in combinations(collaboratives, 2):
            pairs.add((a, b))
            pairs.add((b, a))
    rows = []
    for this, value in pairs:
        if this not in live or value not in live:
            continue
        if focus is not None and getattr(this, "value", None) not in focus:
            continue
        combined = len(active[this] | active[value])
        common = len(active[this] & active[value])
        if combined and common >= threshold * combined:
            rows.append({
                "this": this, "value": value,
                "common": ox.Literal(str(common), datatype=_INTEGER),
                "combined": ox.Literal(str(combined), datatype=_INTEGER),
                "asOf": context["asOf"], "overlapJaccard": context["overlapJaccard"],
            })
    return rows


ACCELERATORS: dict[str, Accelerator] = {"overlap-duplicate": overlap_duplicate}
