"""Facts held on one record, askable by the names the ontology gives its properties.

Every property the ontology documents with an ``rdfs:label`` (and any ``skos:altLabel``
synonyms) and no domain, or a domain a named thing can have (an organisation, a
collaborative, a committee), is an attribute: "What is the headquarters postcode of
UHNM?", "What kind of trust is Devon Partnership?", "When was BCPC set up?". A new
property, or a new synonym in the ontology, is askable without code.

    ATTRIBUTES                    every askable property, read from the ontology file
    ATTRIBUTE_WORDS               the stems of all their names (words the reader knows)
    choose(stems) -> (Attribute | None, covered stems, other attributes named)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pcgraph import paths
from pcgraph.questions.text import stem, words

PC = "https://w3id.org/pcgraph/ontology#"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"  # a flag is asked as yes or no, not as a value

# Domains a named thing can have, as the lexicon's kinds of entity.
DOMAIN_KINDS = {
    PC + "Collaborative": frozenset({"collaborative"}),
    PC + "ProviderCollaborative": frozenset({"collaborative"}),
    PC + "Committee": frozenset({"committee"}),
    PC + "Organisation": frozenset({"organisation"}),
    "http://www.w3.org/ns/org#Organization": frozenset({"organisation", "collaborative", "committee"}),
}
ANY_THING = frozenset({"organisation", "collaborative", "committee"})

_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?p ?label ?alt ?domain ?range WHERE {
  ?p a ?type ; rdfs:label ?label .
  VALUES ?type { owl:DatatypeProperty owl:ObjectProperty }
  FILTER(STRSTARTS(STR(?p), STR(pc:)))
  OPTIONAL { ?p skos:altLabel ?alt }
  OPTIONAL { ?p rdfs:domain ?domain }
  OPTIONAL { ?p rdfs:range ?range }
}
"""


@dataclass(frozen=True)
class Attribute:
    """One askable property: its IRI, its label, the stems of each of its names, who can have it."""

    iri: str
    label: str
    phrases: tuple[frozenset[str], ...]
    kinds: frozenset[str]
    is_date: bool

    def covered(self, question_stems: set[str]) -> frozenset[str]:
        """The question's stems that name this attribute (every stem of at least one of its names)."""
        out: set[str] = set()
        for phrase in self.phrases:
            if phrase <= question_stems:
                out |= phrase
        return frozenset(out)


def _phrase(name: str) -> frozenset[str]:
    from pcgraph.questions.parse import STOPWORDS

    return frozenset(stem(w) for w in words(name) if w not in STOPWORDS)


@cache
def attributes() -> tuple[Attribute, ...]:
    """Every askable property of the shipped ontology."""
    import rdflib

    graph = rdflib.Graph().parse(paths.ontology_file(), format="turtle")
    found: dict[str, dict] = {}
    for row in graph.query(_QUERY, initNs={"pc": rdflib.Namespace(PC)}):
        entry = found.setdefault(str(row.p), {"label": str(row.label), "names": {str(row.label)},
                                              "domains": set(), "date": False, "flag": False})
        if row.alt is not None:
            entry["names"].add(str(row.alt))
        if row.domain is not None:
            entry["domains"].add(str(row.domain))
        if row.range is not None:
            entry["date"] = entry["date"] or str(row.range) == XSD_DATE
            entry["flag"] = entry["flag"] or str(row.range) == XSD_BOOLEAN
    out = []
    for iri, entry in sorted(found.items()):
        if entry["domains"]:
            kinds = frozenset().union(*(DOMAIN_KINDS.get(d, frozenset()) for d in entry["domains"]))
        else:
            kinds = ANY_THING
        phrases = tuple(sorted({p for p in map(_phrase, entry["names"]) if p}, key=sorted))
        if kinds and phrases and not entry["flag"]:
            out.append(Attribute(iri, entry["label"], phrases, kinds, entry["date"]))
    return tuple(out)


ATTRIBUTES: tuple[Attribute, ...] = attributes()
ATTRIBUTE_WORDS: frozenset[str] = frozenset(s for a in ATTRIBUTES for p in a.phrases for s in p)


def named(question_stems: set[str]) -> bool:
    """Does the question name some attribute in full?"""
    return any(a.covered(question_stems) for a in ATTRIBUTES)


def choose(question_stems: set[str]) -> tuple[Attribute | None, frozenset[str], list[Attribute]]:
    """The attribute the question names most fully, the stems naming it, and any others it names as fully.

    A question naming two attributes equally ("postcode and sector") gets no single attribute.
    """
    scored = [(a, a.covered(question_stems)) for a in ATTRIBUTES]
    scored = [(a, c) for a, c in scored if c]
    if not scored:
        return None, frozenset(), []
    best = max(len(c) for _, c in scored)
    top = [(a, c) for a, c in scored if len(c) == best]
    rest = [a for a, c in scored if len(c) < best and not c <= top[0][1]]
    if len(top) > 1:
        return None, frozenset(), [a for a, _ in top]
    return top[0][0], top[0][1], rest
