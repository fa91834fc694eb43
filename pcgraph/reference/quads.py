"""A plain, ordered-on-output collection of quads: what the builders add to.

rdflib's Dataset would do, but its serialisers do not promise an order; here every
triple is a tuple of rdflib terms keyed by its named graph, and ``trig.py`` sorts them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from pcgraph.namespaces import GRAPH

Term = URIRef | Literal
Triple = tuple[URIRef, URIRef, Term]


def date_literal(day: date) -> Literal:
    """An ``xsd:date`` literal in ISO form."""
    return Literal(day.isoformat(), datatype=XSD.date)


class Quads:
    """Triples grouped by named graph (``graph/{name}``), with counts per class built."""

    def __init__(self) -> None:
        self.graphs: dict[str, set[Triple]] = defaultdict(set)

    def add(self, graph: str, subject: URIRef, predicate: URIRef, obj: Term | date | str) -> None:
        """Add one triple to graph ``graph``; dates become xsd:date, str plain literals."""
        if isinstance(obj, date):
            obj = date_literal(obj)
        elif isinstance(obj, str) and not isinstance(obj, URIRef):
            obj = Literal(obj)
        self.graphs[graph].add((subject, predicate, obj))

    def add_all(self, graph: str, subject: URIRef, pairs: Iterable[tuple[URIRef, Term | date | str | None]]) -> None:
        """Add several (predicate, object) pairs about one subject, skipping ``None`` objects."""
        for predicate, obj in pairs:
            if obj is not None:
                self.add(graph, subject, predicate, obj)

    def graph_iri(self, name: str) -> URIRef:
        return GRAPH[name]

    def subjects_of_type(self, cls: URIRef) -> set[URIRef]:
        """Every subject typed ``cls`` in any graph."""
        return {s for triples in self.graphs.values() for s, p, o in triples if p == RDF.type and o == cls}

    def objects(self, subject: URIRef, predicate: URIRef) -> set[Term]:
        return {o for triples in self.graphs.values() for s, p, o in triples if s == subject and p == predicate}

    def class_counts(self) -> Counter:
        """How many distinct subjects carry each rdf:type, across graphs."""
        typed = {(s, o) for triples in self.graphs.values() for s, p, o in triples if p == RDF.type}
        return Counter(o for _, o in typed)

    def triple_count(self) -> int:
        return sum(len(t) for t in self.graphs.values())
