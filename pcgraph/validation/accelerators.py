"""Fast paths the engine uses in place of a rule's SPARQL on Oxigraph.

A shape's ``sh:select`` is the rule's definition, and pySHACL runs exactly that. For a
rule whose query Oxigraph cannot plan well at national scale, the engine may compute the
same rows another way: a few plain queries over every node at once, finished in Python.
Each accelerator must return exactly the rows the shape's query returns; the tests
compare both on the fixtures and on a synthetic nation
(``tests/test_validation_accelerators.py``).

``overlap-duplicate``: Jaccard similarity needs, for every pair of collaboratives that
share a member, the sizes of both memberships and of their intersection, which a single
SPARQL query only gets through a join per pair and member that grows with the square of
the graph on Oxigraph 0.5.

``delegation-duplicate``: whether two delegates' areas meet is a set of ``EXISTS`` tests
per pair of delegations, which Oxigraph evaluates by joining every area relation in the
graph with every other (about 100 ms a pair once a graph holds two nations' worth of
relations). Here the pairs are found in one query, each delegate's areas (and their
regions) are read once, and the test is done on sets.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from itertools import combinations
from typing import Callable, Iterable

import pyoxigraph as ox

from pcgraph.namespaces import sparql_prologue
from pcgraph.validation.rules import expand_macros

Row = dict[str, object]
Accelerator = Callable[[ox.Store, dict[str, ox.Literal], "set[str] | None"], list[Row]]

# Every membership, and whether it is active on the day (full runs); or only the active
# ones, of the collaboratives or members in the VALUES clause (focus runs).
_MEMBERSHIPS = sparql_prologue() + expand_macros("""
SELECT ?c ?x ?active ?asOf WHERE {
    ?m org:organization ?c ; org:member ?x .
    BIND (ACTIVE(?m) AS ?active)
}""")

_ACTIVE_MEMBERSHIPS = sparql_prologue() + expand_macros("""
SELECT ?c ?x ?asOf WHERE {
    %s
    ?m org:organization ?c ; org:member ?x .
    FILTER ACTIVE(?m)
}""")

_ACTIVE_COLLABORATIVES = sparql_prologue() + expand_macros("""
SELECT ?c ?asOf WHERE {
    %s
    ?c rdf:type/rdfs:subClassOf* pc:Collaborative .
    FILTER ACTIVE(?c)
}""")

_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")

def _values(name: str, terms: Iterable) -> str:
    """A VALUES clause for IRIs (strings) or RDF terms."""
    nodes = sorted(str(t if isinstance(t, (ox.NamedNode, ox.Literal)) else ox.NamedNode(t)) for t in terms)
    return f"VALUES ?{name} {{ " + " ".join(nodes) + " }"


def _memberships(store: ox.Store, substitutions: dict) -> tuple[dict, dict]:
    """(ever: collaborative -> members, active: collaborative -> members), over the whole graph."""
    ever: dict = defaultdict(set)
    active: dict = defaultdict(set)
    for row in store.query(_MEMBERSHIPS, use_default_graph_as_union=True, substitutions=substitutions):
        ever[row["c"]].add(row["x"])
        if row["active"].value == "true":
            active[row["c"]].add(row["x"])
    return ever, active


def _live(store: ox.Store, scope: str, substitutions: dict) -> set:
    """The active collaboratives (among those in ``scope``, or all)."""
    return {row["c"] for row in store.query(_ACTIVE_COLLABORATIVES % scope, use_default_graph_as_union=True,
                                            substitutions=substitutions)}


def _row(this, value, common: int, combined: int, context: dict[str, ox.Literal]) -> Row:
    return {
        "this": this, "value": value,
        "common": ox.Literal(str(common), datatype=_INTEGER),
        "combined": ox.Literal(str(combined), datatype=_INTEGER),
        "asOf": context["asOf"], "overlapJaccard": context["overlapJaccard"],
    }


def _everything(store: ox.Store, context: dict[str, ox.Literal]) -> list[Row]:
    """A full run: every membership and every active collaborative, each read once."""
    substitutions = {ox.Variable("asOf"): context["asOf"]}
    ever, active = _memberships(store, substitutions)
    live = _live(store, "", substitutions)
    threshold = Decimal(context["overlapJaccard"].value)
    collaboratives_of: dict = defaultdict(set)
    for c, members in ever.items():
        for x in members:
            collaboratives_of[x].add(c)
    pairs = set()
    for collaboratives in collaboratives_of.values():
        for a, b in combinations(collaboratives, 2):
            pairs.add((a, b))
            pairs.add((b, a))
    rows = []
    for this, value in pairs:
        if this not in live or value not in live:
            continue
        combined = len(active[this] | active[value])
        common = len(active[this] & active[value])
        if combined and common >= threshold * combined:
            rows.append(_row(this, value, common, combined, context))
    return rows


def _active_members(store: ox.Store, scope: str, substitutions: dict) -> dict:
    """Collaborative -> its members through memberships active on the day (within ``scope``)."""
    found: dict = defaultdict(set)
    for c, x, _ in store.query(_ACTIVE_MEMBERSHIPS % scope, use_default_graph_as_union=True,
                               substitutions=substitutions):
        found[c].add(x)
    return found


def _focused(store: ox.Store, context: dict[str, ox.Literal], focus: set[str]) -> list[Row]:
    """An incremental run: only pairs with a focus collaborative on the left.

    With a positive threshold a pair can only be reported if the two share an active
    member, so only active memberships are read: the focus collaboratives' members, then
    those members' other collaboratives, which gives every pair's shared count at once.
    Jaccard >= t needs shared >= t x this collaborative's active members, so the other
    side's own members and liveness are read only for the few pairs that pass that.
    """
    threshold = Decimal(context["overlapJaccard"].value)
    substitutions = {ox.Variable("asOf"): context["asOf"]}
    active = _active_members(store, _values("c", focus), substitutions)
    members = set().union(*active.values()) if active else set()
    if threshold <= 0 or any(isinstance(x, ox.BlankNode) for x in members):
        # Every pair that ever shared a member counts, or a member cannot be named in a
        # VALUES clause (a blank node): read everything instead.
        return [row for row in _everything(store, context) if row["this"].value in focus]
    live = _live(store, _values("c", [c.value for c in active]), substitutions) if active else set()
    holders: dict = defaultdict(list)  # member -> the live focus collaboratives it is active in
    for c, xs in active.items():
        if c in live:
            for x in xs:
                holders[x].append(c)
    if not holders:
        return []
    shared: Counter = Counter()
    for other, xs in _active_members(store, _values("x", holders), substitutions).items():
        for x in xs:
            for this in holders[x]:
                if this != other:
                    shared[(this, other)] += 1
    candidates = [(this, other, common) for (this, other), common in shared.items()
                  if common >= threshold * len(active[this])]
    rest = {other for _, other, _ in candidates} - set(active)
    if rest:
        scope = _values("c", [c.value for c in rest])
        active.update(_active_members(store, scope, substitutions))
        live |= _live(store, scope, substitutions)
    rows = []
    for this, other, common in candidates:
        if other not in live:
            continue
        combined = len(active[this]) + len(active[other]) - common
        if common >= threshold * combined:
            rows.append(_row(this, other, common, combined, context))
    return rows


def overlap_duplicate(store: ox.Store, context: dict[str, ox.Literal], focus: set[str] | None) -> list[Row]:
    """Rows of pcsh:OverlapDuplicate's query: this, value, common, combined (and the settings)."""
    if focus is None:
        return _everything(store, context)
    return _focused(store, context, focus) if focus else []


# Pairs of delegations by one delegator of one function to two delegates, in force at
# some common time (pcsh:DelegationDuplicate's query less its test of the delegates' areas).
_DELEGATION_PAIRS = sparql_prologue() + """
SELECT DISTINCT ?this ?value ?delegate ?otherDelegate WHERE {
    %s
    ?this pc:delegator/^pc:delegator ?value .
    ?this pc:function ?function ; pc:delegate ?delegate .
    ?value pc:function ?function ; pc:delegate ?otherDelegate .
    FILTER (?this != ?value && ?delegate != ?otherDelegate)
    ?this rdf:type/rdfs:subClassOf* pc:Delegation .
    ?value rdf:type/rdfs:subClassOf* pc:Delegation .
    FILTER NOT EXISTS { ?this pc:endDate ?e1 . ?value pc:startDate ?s2 FILTER (?e1 < ?s2) }
    FILTER NOT EXISTS { ?value pc:endDate ?e2 . ?this pc:startDate ?s1 FILTER (?e2 < ?s1) }
}"""

# The areas a body is placed in: its footprint, or any ICB it is related to.
_AREAS = sparql_prologue() + """
SELECT ?x ?area WHERE {
    %s
    { ?x pc:footprint ?area } UNION { ?relation pc:organisation ?x ; pc:icb ?area }
}"""

_REGIONS = sparql_prologue() + """
SELECT ?area ?region WHERE { %s ?area pc:region ?region }"""


def delegation_duplicate(store: ox.Store, context: dict[str, ox.Literal], focus: set[str] | None) -> list[Row]:
    """Rows of pcsh:DelegationDuplicate's query: this, value."""
    if focus is not None and not focus:
        return []
    scope = _values("this", focus) if focus is not None else ""
    pairs = [(row["this"], row["value"], row["delegate"], row["otherDelegate"])
             for row in store.query(_DELEGATION_PAIRS % scope, use_default_graph_as_union=True)]
    if not pairs:
        return []
    delegates = {d for pair in pairs for d in pair[2:]}
    areas: dict = defaultdict(set)
    for row in store.query(_AREAS % _values("x", delegates), use_default_graph_as_union=True):
        areas[row["x"]].add(row["area"])
    regions: dict = defaultdict(set)
    every_area = {a for found in areas.values() for a in found}
    if every_area:
        for row in store.query(_REGIONS % _values("area", every_area), use_default_graph_as_union=True):
            regions[row["area"]].add(row["region"])

    def meet(one, other) -> bool:
        mine, theirs = areas.get(one, set()), areas.get(other, set())
        if not mine or not theirs or mine & theirs:
            return True
        return any(regions[a] & theirs for a in mine) or any(regions[b] & mine for b in theirs)

    return [{"this": this, "value": value} for this, value in {(t, v) for t, v, d, o in pairs if meet(d, o)}]


ACCELERATORS: dict[str, Accelerator] = {"overlap-duplicate": overlap_duplicate,
                                        "delegation-duplicate": delegation_duplicate}
