"""Readable names for the things findings are about, so reports show labels, not bare IRIs.

Organisations and collaboratives have ``skos:prefLabel``; memberships and delegations
usually have none, so they are named from their parts ("Walsall Healthcare in Black
Country Provider Collaborative"), every value of a part named ("... delegation from A
and B to C"), so a label never depends on the order the store returns rows in.
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from pcgraph.namespaces import sparql_prologue

_CHUNK = 2000

_DIRECT = sparql_prologue() + """
SELECT ?x ?label WHERE {
    VALUES ?x { %s }
    { ?x skos:prefLabel ?label } UNION { ?x rdfs:label ?label } UNION { ?x foaf:name ?label }
}"""

# How to name a thing from its parts; one query per kind (a UNION here would be evaluated
# over the whole graph before the VALUES narrowed it).
_PARTS = {
    "membership": "?x org:member ?a ; org:organization ?b .",
    "delegation": "?x pc:delegator ?a ; pc:delegate ?b . OPTIONAL { ?x pc:function ?c }",
    "reporting line": "?x pc:reportingBody ?a ; pc:reportsTo ?b .",
}



def _values(iris: list[str]) -> str:
    return " ".join(str(ox.NamedNode(iri)) for iri in iris)


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _direct_labels(store: ox.Store, iris: list[str]) -> dict[str, str]:
    found: dict[str, list[tuple[int, str]]] = {}
    for chunk in _chunks(iris):
        for row in store.query(_DIRECT % _values(chunk), use_default_graph_as_union=True):
            label = row["label"]
            if not isinstance(label, ox.Literal):
                continue
            rank = 0 if label.language in (None, "en", "en-GB") else 1
            found.setdefault(row["x"].value, []).append((rank, label.value))
    return {iri: sorted(options)[0][1] for iri, options in found.items()}


def fallback_label(iri: str) -> str:
    """The last segment of an IRI, for things with no name at all."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


def labels_for(store: ox.Store, iris: Iterable[str]) -> dict[str, str]:
    """A label for every IRI given: its own, one made from its parts, or its last segment."""
    wanted = sorted(set(iris))
    labels = _direct_labels(store, wanted)
    unnamed = [iri for iri in wanted if iri not in labels]
    # Every value of every part is kept: a delegation may have two delegators or two
    # functions, and naming whichever the store gives first would make the label depend on
    # the order the data was loaded in.
    parts: dict[str, tuple[str, set[str], set[str], set[str]]] = {}
    for chunk in _chunks(unnamed):
        for kind, pattern in _PARTS.items():
            query = (sparql_prologue() + "SELECT * WHERE { VALUES ?x { " + _values(chunk) + " } "
                     + pattern + " }")
            for row in store.query(query, use_default_graph_as_union=True):
                found = parts.setdefault(row["x"].value, (kind, set(), set(), set()))
                if found[0] != kind:
                    continue
                c = row["c"]
                found[1].add(row["a"].value)
                found[2].add(row["b"].value)
                if c is not None:
                    found[3].add(c.value)
    related = {p for (_, a, b, c) in parts.values() for p in a | b | c}
    related_labels = _direct_labels(store, sorted(related))

    def name(iris: set[str]) -> str:
        return joined(sorted({related_labels.get(iri) or fallback_label(iri) for iri in iris}))

    for iri in unnamed:
        if iri in parts:
            kind, a, b, c = parts[iri]
            if kind == "membership":
                labels[iri] = f"{name(a)} in {name(b)}"
            elif kind == "delegation":
                what = f"{name(c)} " if c else ""
                labels[iri] = f"{what}delegation from {name(a)} to {name(b)}".strip()
            else:
                labels[iri] = f"{name(a)} reporting to {name(b)}"
        else:
            labels[iri] = fallback_label(iri)
    return labels


def joined(names: list[str]) -> str:
    """Names in a sentence: "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
