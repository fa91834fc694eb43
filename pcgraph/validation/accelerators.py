"""Fast paths the engine uses in place of a rule's SPARQL on Oxigraph.

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
from typing import Callable, Iterable

import pyoxigraph as ox

from pcgraph.namespaces import sparql_prologue

Row = dict[str, object]
Accelerator = Callable[[ox.Store, dict[str, ox.Literal], "set[str] | None"], list[Row]]

# Every membership (of the collaboratives or members in the VALUES clause, or of all),
# and whether it is active on the day.
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

Memberships = tuple[dict, dict]  # (ever: collaborative -> members, active: collaborative -> members)


def _values(name: str, terms: Iterable) -> str:
    """A VALUES clause for IRIs (strings) or RDF terms."""
    nodes = sorted(str(t if isinstance(t, (ox.NamedNode, ox.Literal)) else ox.NamedNode(t)) for t in terms)
    return f"VALUES ?{name} {{ " + " ".join(nodes) + " }"


def _memberships(store: ox.Store, scope: str, substitutions: dict) -> Memberships:
    ever: dict = defaultdict(set)
    active: dict = defaultdict(set)
    for row in store.query(_MEMBERSHIPS % scope, use_default_graph_as_union=True, substitutions=substitutions):
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
    ever, active = _memberships(store, "", substitutions)
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


def _focused(store: ox.Store, context: dict[str, ox.Literal], focus: set[str]) -> list[Row]:
    """An incremental run: only pairs with a focus collaborative on the left.

    The focus collaboratives' memberships give their members; those members' memberships
    give every collaborative that shares one, and how many of this collaborative's active
    members each has. A pair can only reach the threshold if that many are shared
    (Jaccard >= t needs common >= t x this collaborative's active members), so the full
    membership and liveness of the other collaborative are read only for the pairs left.
    """
    substitutions = {ox.Variable("asOf"): context["asOf"]}
    ever, active = _memberships(store, _values("c", focus), substitutions)
    members = set().union(*ever.values()) if ever else set()
    if any(isinstance(x, ox.BlankNode) for x in members):
        # A blank node cannot be named in a VALUES clause: read everything instead.
        return [row for row in _everything(store, context) if row["this"].value in focus]
    live = _live(store, _values("c", [c.value for c in ever]), substitutions) if ever else set()
    sharing: dict = defaultdict(set)        # (this, other) -> members this collaborative ever shared with it
    other_active: dict = defaultdict(set)   # other collaborative -> its active members among those read
    if members:
        other_ever, other_active = _memberships(store, _values("x", members), substitutions)
        collaboratives_of: dict = defaultdict(set)
        for other, xs in other_ever.items():
            for x in xs:
                collaboratives_of[x].add(other)
        for this, xs in ever.items():
            if this not in live:
                continue
            for x in xs:
                for other in collaboratives_of[x]:
                    if other != this:
                        sharing[(this, other)].add(x)
    threshold = Decimal(context["overlapJaccard"].value)
    candidates = []
    for (this, other) in sharing:
        common = len(active[this] & other_active.get(other, set()))
        if threshold >= 0 and common < threshold * len(active[this]):
            continue  # even if the other had no member of its own, Jaccard < threshold
        candidates.append((this, other, common))
    others = {other for _, other, _ in candidates}
    rest = others - set(ever)
    if rest:
        more_ever, more_active = _memberships(store, _values("c", [c.value for c in rest]), substitutions)
        live |= _live(store, _values("c", [c.value for c in rest]), substitutions)
        for c in rest:
            active[c] = more_active.get(c, set())
    rows = []
    for this, other, common in candidates:
        if other not in live:
            continue
        combined = len(active[this] | active[other])
        if combined and common >= threshold * combined:
            rows.append(_row(this, other, common, combined, context))
    return rows


def overlap_duplicate(store: ox.Store, context: dict[str, ox.Literal], focus: set[str] | None) -> list[Row]:
    """Rows of pcsh:OverlapDuplicate's query: this, value, common, combined (and the settings)."""
    if focus is None:
        return _everything(store, context)
    focus = {iri for iri in focus}
    return _focused(store, context, focus) if focus else []


ACCELERATORS: dict[str, Accelerator] = {"overlap-duplicate": overlap_duplicate}
