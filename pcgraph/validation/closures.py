"""Class closures read once per run, and rule queries that use them instead of a path.

The shapes say "is a Collaborative" as ``?c rdf:type/rdfs:subClassOf* pc:Collaborative``,
which is what a SHACL engine with no inference needs. Oxigraph evaluates that path afresh
for every binding of ``?c``; inside an ``EXISTS`` or ``OPTIONAL`` that runs once per row,
and on an incremental run it is a large share of the cost. The subclasses of a class do
not change during a run, so the engine reads every ``rdfs:subClassOf`` edge once and
rewrites the path as ``?c rdf:type ?k FILTER (?k IN (...every subclass...))``: the same
solutions for ``?c`` (the closure includes the class itself, as the zero-length path does).

Code lists are read the same way: a role R is "R or narrower" (``pc:LeadProvider
skos:broader pc:Member``), written ``?m pc:role/skos:broader* pc:Member`` (a triple of its
own), and rewritten as one pattern per concept, ``{ ?m pc:role pc:Member } UNION
{ ?m pc:role pc:LeadProvider } ...``: each a constant Oxigraph finds by index, also inside
an ``OPTIONAL``, which it evaluates without the outer bindings.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SKOS_BROADER = "http://www.w3.org/2004/02/skos/core#broader"

_PREFIX = re.compile(r"^\s*PREFIX\s+([\w-]*):\s*<([^>]*)>", re.I | re.M)
# The path and its class, ending a triple (followed by "." or "}"), so a FILTER can stand
# right after it in the same group.
_CLASS_PATH = re.compile(r"(\w+):type/(\w+):subClassOf\*\s+([\w-]*):(\w+)(?=\s*[.}])")
_CONCEPT_PATH = re.compile(r"([?$]\w+)\s+([\w-]+):(\w+)/(\w+):broader\*\s+([\w-]*):(\w+)(?=\s*[.}])")


class ClassClosures:
    """Every class's subclasses (itself included), from one read of the subclass edges."""

    def __init__(self, edges: frozenset[tuple]):
        self._subclasses: dict = defaultdict(set)
        self._narrower: dict = defaultdict(set)
        for sub, superclass, kind in edges:
            (self._narrower if kind == "broader" else self._subclasses)[superclass].add(sub)
        self._closures: dict[tuple, frozenset] = {}
        self._rewritten: dict[str, str] = {}

    @classmethod
    def of_store(cls, store: ox.Store) -> "ClassClosures":
        """The closures of ``store``'s classes. The subclass edges are read every time (one
        small query); what is worked out from them is kept while they stay the same."""
        query = (f"SELECT ?sub ?super ?kind WHERE {{ {{ ?sub <{RDFS_SUBCLASS_OF}> ?super BIND ('subclass' AS ?kind) }}"
                 f" UNION {{ ?sub <{SKOS_BROADER}> ?super BIND ('broader' AS ?kind) }} }}")
        edges = frozenset((row["sub"], row["super"], row["kind"].value)
                          for row in store.query(query, use_default_graph_as_union=True))
        found = _KNOWN.get(edges)
        if found is None:
            if len(_KNOWN) >= 8:
                _KNOWN.clear()
            found = _KNOWN[edges] = cls(edges)
        return found

    def of(self, cls: ox.NamedNode) -> frozenset:
        """``cls`` and everything ``rdfs:subClassOf*`` it."""
        return self._closure(cls, self._subclasses)

    def narrower(self, concept: ox.NamedNode) -> frozenset:
        """``concept`` and everything ``skos:broader*`` it."""
        return self._closure(concept, self._narrower)

    def _closure(self, top: ox.NamedNode, below: dict) -> frozenset:
        key = (top, id(below))
        if key not in self._closures:
            seen = {top}
            todo = [top]
            while todo:
                for sub in below.get(todo.pop(), ()):
                    if sub not in seen:
                        seen.add(sub)
                        todo.append(sub)
            self._closures[key] = frozenset(seen)
        return self._closures[key]

    def rewrite(self, query: str) -> str:
        """``query`` with each ``X rdf:type/rdfs:subClassOf* C`` that ends a triple replaced
        by a type lookup filtered on C's closure. Paths in other positions, or whose closure
        holds a blank node, are left as they are."""
        if query not in self._rewritten:
            self._rewritten[query] = self._rewrite(query)
        return self._rewritten[query]

    def _rewrite(self, query: str) -> str:
        prefixes = {name: iri for name, iri in _PREFIX.findall(query)}
        if prefixes.get("rdf", "") + "type" != RDF_TYPE:
            return query
        count = 0

        def substitute(match: re.Match) -> str:
            nonlocal count
            rdf, rdfs, prefix, local = match.groups()
            if (prefixes.get(rdf, "") + "type" != RDF_TYPE
                    or prefixes.get(rdfs, "") + "subClassOf" != RDFS_SUBCLASS_OF or prefix not in prefixes):
                return match.group(0)
            closure = self.of(ox.NamedNode(prefixes[prefix] + local))
            if not all(isinstance(c, ox.NamedNode) for c in closure):
                return match.group(0)
            count += 1
            variable = f"?pcgraphClass{count}"
            members = ", ".join(sorted(str(c) for c in closure))
            return f"{rdf}:type {variable} FILTER ({variable} IN ({members}))"

        def concept(match: re.Match) -> str:
            subject, prefix, local, skos, top_prefix, top = match.groups()
            if (prefixes.get(skos, "") + "broader" != SKOS_BROADER or prefix not in prefixes
                    or top_prefix not in prefixes):
                return match.group(0)
            closure = self.narrower(ox.NamedNode(prefixes[top_prefix] + top))
            if not all(isinstance(c, ox.NamedNode) for c in closure):
                return match.group(0)
            return " UNION ".join(f"{{ {subject} {prefix}:{local} {c} }}" for c in sorted(closure, key=str))

        return _CONCEPT_PATH.sub(concept, _CLASS_PATH.sub(substitute, query))


# Closures already worked out, by the subclass edges they came from (a few ontologies at most).
_KNOWN: dict[frozenset, ClassClosures] = {}
