"""The names people use for things, read from the graph itself.

Every organisation, collaborative and code-list concept with a ``skos:prefLabel`` is a
candidate answer to "which thing did they mean?". Its names are its preferred label,
its alternative labels (acronyms, short and former names), its ODS and ONS codes, and
the "core" of each name with the generic words people drop ("NHS", "Foundation Trust",
"Integrated Care Board", "Provider Collaborative") taken off. Because the lists are
built from the graph, an organisation imported a minute ago can be asked about at once;
``Lexicon.fingerprint`` tells the caller when to rebuild.
"""

from __future__ import annotations

import logging
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

from pcgraph.questions.text import words

log = logging.getLogger(__name__)

# What an entity can stand for in a question, from its rdf:type (subclasses included).
KIND_ROOTS: dict[str, str] = {
    "trust": "pc:NHSTrust",
    "icb": "pc:IntegratedCareBoard",
    "region": "pc:Region",
    "national": "pc:NationalBody",
    "organisation": "pc:Organisation",
    "collaborative": "pc:Collaborative",
    "committee": "pc:Committee",
    "person": "pc:Person",
    "sector": "pc:Sector",
    "function": "pc:Function",
}

# Generic words taken off the front or the end of a name to give the name people say.
_PREFIXES = (("the",), ("nhs",), ("dr",), ("sir",), ("dame",), ("professor",), ("prof",), ("mr",), ("mrs",),
             ("ms",), ("lord",), ("baroness",))
_SUFFIXES = (
    ("nhs", "foundation", "trust"), ("nhs", "trust"), ("foundation", "trust"), ("nhs", "ft"), ("ft",),
    ("trust",), ("integrated", "care", "board"), ("icb",), ("provider", "collaborative"),
    ("collaborative",), ("community", "interest", "company"), ("cic",), ("nhs", "group"), ("nhs",), ("services",),
)


# Words that do not pick out a trust on their own: "Dudley" names The Dudley Group, and
# "Wolverhampton" The Royal Wolverhampton, but "Royal" or "Group" name nothing.
_GENERIC = frozenset("""
the nhs group hospital hospitals healthcare health care university teaching royal services service trust
foundation ft partnership and of general
""".split())


def short_form(core: tuple[str, ...]) -> tuple[str, ...] | None:
    """A trust's name with generic words taken off both ends: ("dudley", "group") -> ("dudley",)."""
    words_ = list(core)
    while words_ and words_[0] in _GENERIC:
        words_.pop(0)
    while words_ and words_[-1] in _GENERIC:
        words_.pop()
    short = tuple(words_)
    return short if short and short != core else None


# Names people use for code-list concepts that the ontology's labels do not give.
CONCEPT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "https://w3id.org/pcgraph/ontology#MentalHealth": ("MH", "mental health and learning disability",
                                                       "mental health and learning disabilities"),
    "https://w3id.org/pcgraph/ontology#SpecialisedMentalHealth": ("specialised mental health",),
    "https://w3id.org/pcgraph/ontology#SpecialisedCommissioning": ("specialised services commissioning",),
}


@dataclass
class Entity:
    """Something a question can name."""

    iri: str
    label: str
    kinds: set[str] = field(default_factory=set)
    ods_code: str | None = None
    ons_code: str | None = None
    alt_labels: list[str] = field(default_factory=list)
    end_date: str | None = None
    attributes: set[str] = field(default_factory=set)  # the askable properties the graph records for it

    @property
    def display(self) -> str:
        return f"{self.label} ({self.ods_code})" if self.ods_code else self.label

    @property
    def unambiguous_name(self) -> str:
        """A name that picks out this entity alone: its ODS code, else its full label."""
        return self.ods_code or self.label

    def to_json(self) -> dict:
        out = {"iri": self.iri, "label": self.label}
        if self.ods_code:
            out["ods_code"] = self.ods_code
        return out


@dataclass(frozen=True)
class Alias:
    """One way of naming an entity. ``code`` aliases are ODS/ONS codes; ``core`` ones had generic words removed."""

    iri: str
    how: str  # "label", "code", "core" (of the label), "alt", "altcore" (of an alt label), "short"


def core_forms(name: tuple[str, ...]) -> set[tuple[str, ...]]:
    """A name with generic prefixes and suffixes removed, in every combination (never empty)."""
    forms = {name}
    frontier = [name]
    while frontier:
        current = frontier.pop()
        for prefix in _PREFIXES:
            if current[: len(prefix)] == prefix and len(current) > len(prefix):
                reduced = current[len(prefix):]
                if reduced not in forms:
                    forms.add(reduced)
                    frontier.append(reduced)
        for suffix in _SUFFIXES:
            if current[-len(suffix):] == suffix and len(current) > len(suffix):
                reduced = current[: -len(suffix)]
                if reduced not in forms:
                    forms.add(reduced)
                    frontier.append(reduced)
    forms.discard(name)
    return forms


_FINGERPRINT = """
SELECT (COUNT(*) AS ?n) WHERE {
  { ?s skos:prefLabel ?o } UNION { ?s skos:altLabel ?o } UNION { ?s pc:odsCode ?o }
  UNION { ?s pc:endDate ?o }
}
"""

_TYPES = """
SELECT DISTINCT ?e ?kind WHERE {
  VALUES (?kind ?root) { %s }
  ?class rdfs:subClassOf* ?root .
  ?e a ?class .
  FILTER(isIRI(?e))
}
"""

_PROPERTY = "SELECT ?e ?v WHERE { ?e %s ?v . FILTER(isIRI(?e)) }"

# Good examples for suggested questions: the things the graph knows most about.
_EXEMPLARS = {
    "collaborative": "SELECT ?e (COUNT(?m) AS ?n) WHERE { ?m org:organization ?e } "
                     "GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1",
    "organisation": "SELECT ?e (COUNT(?m) AS ?n) WHERE { ?m org:member ?e } GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1",
    "delegator": "SELECT ?e (COUNT(?d) AS ?n) WHERE { ?d pc:delegator ?e . ?e a pc:IntegratedCareBoard } "
                 "GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1",
    "delegate": "SELECT ?e (COUNT(?d) AS ?n) WHERE { ?d pc:delegate ?e } GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1",
    "function": "SELECT ?e (COUNT(?d) AS ?n) WHERE { ?d pc:function ?e } GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1",
    "region": "SELECT ?e (COUNT(?t) AS ?n) WHERE { ?t pc:region ?e . ?e a pc:Region } GROUP BY ?e "
              "ORDER BY DESC(?n) ?e LIMIT 1",
    "icb": "SELECT ?e (COUNT(?r) AS ?n) WHERE { ?r pc:icb ?e ; pc:relationKind pc:HeadquartersArea . "
           "FILTER NOT EXISTS { ?e pc:endDate ?end } } GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1",
}


class Lexicon:
    """The graph's names, indexed by their normalised words."""

    def __init__(self, entities: dict[str, Entity], fingerprint: int = 0, exemplars: dict[str, str] | None = None):
        self.entities = entities
        self.fingerprint = fingerprint
        self.exemplars = exemplars or {}
        self.index: dict[tuple[str, ...], set[Alias]] = defaultdict(set)
        for entity in entities.values():
            self._index_entity(entity)
        self._widen_short_names()
        self.max_len = max((len(k) for k in self.index), default=1)
        self._choices: list[str] | None = None
        self._name_words: frozenset[str] | None = None

    def _index_entity(self, entity: Entity) -> None:
        for code in (entity.ods_code, entity.ons_code):
            if code:
                self.index[words(code)].add(Alias(entity.iri, "code"))
        names = [(entity.label, "label")] + [(alt, "alt") for alt in entity.alt_labels]
        # "St George's" is also typed "St Georges": index the name both ways.
        names += [(re.sub(r"['’]s\b", "s", name), how) for name, how in names if re.search(r"['’]s\b", name)]
        for name, how in names:
            key = words(name)
            if not key:
                continue
            self.index[key].add(Alias(entity.iri, how))
            if entity.kinds & {"organisation", "collaborative", "function", "committee", "person"}:
                for core in core_forms(key) | {key}:
                    if core != key:
                        self.index[core].add(Alias(entity.iri, "core" if how == "label" else "altcore"))
                    if "trust" in entity.kinds:
                        short = short_form(core)
                        if short is not None:
                            self.index[short].add(Alias(entity.iri, "short"))

    def _widen_short_names(self) -> None:
        """A short name is shared by every trust or collaborative whose name begins with it.

        "Bradford" is short for Bradford Teaching Hospitals, but Bradford District Care
        begins with it too: both become candidates, so the question is clarified. A town's
        name is also read as the start of its county's ("Nottingham": Nottingham University
        Hospitals, or Nottinghamshire Healthcare?).
        """
        by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for key in self.index:
            by_first[key[0]].append(key)
        self._by_first = by_first
        for key, aliases in list(self.index.items()):
            if not any(a.how == "short" for a in aliases):
                continue
            county = by_first.get(key[0] + "shire", []) if len(key) == 1 else []
            for other in by_first[key[0]] + county:
                if (len(other) > len(key) and other[: len(key)] == key) or other in county:
                    for alias in self.index[other]:
                        entity = self.entities.get(alias.iri)
                        if entity is not None and entity.kinds & {"trust", "collaborative"}:
                            aliases.add(Alias(alias.iri, "short"))

    @classmethod
    def from_store(cls, store) -> "Lexicon":
        """Read every named thing from the store (a handful of small queries)."""
        started = time.monotonic()
        entities: dict[str, Entity] = {}
        values = " ".join(f'("{kind}" {root})' for kind, root in KIND_ROOTS.items())
        kinds: dict[str, set[str]] = defaultdict(set)
        for row in store.query(_TYPES % values).rows:
            kinds[row["e"].value].add(row["kind"].value)

        def each(prop: str):
            for row in store.query(_PROPERTY % prop).rows:
                iri = row["e"].value
                if iri in kinds:
                    yield iri, row["v"].value

        labels: dict[str, str] = {}
        for iri, value in each("skos:prefLabel"):
            labels.setdefault(iri, value)
        for iri, value in each("foaf:name"):  # people are named by foaf:name
            labels.setdefault(iri, value)
        for iri, label in labels.items():
            entities[iri] = Entity(iri, label, kinds[iri])
        for iri, value in each("skos:altLabel"):
            if iri in entities and value not in entities[iri].alt_labels:
                entities[iri].alt_labels.append(value)
        for iri, synonyms in CONCEPT_SYNONYMS.items():
            if iri in entities:
                entities[iri].alt_labels.extend(s for s in synonyms if s not in entities[iri].alt_labels)
        for iri, value in each("pc:odsCode"):
            if iri in entities:
                entities[iri].ods_code = value
        for iri, value in each("pc:onsCode"):
            if iri in entities:
                entities[iri].ons_code = value
        for iri, value in each("pc:endDate"):
            if iri in entities:
                entities[iri].end_date = value
        from pcgraph.questions.attributes import ATTRIBUTES

        # Which askable properties each thing has (the IRIs are the ontology's, not a question's words).
        held = " ".join(f"<{a.iri}>" for a in ATTRIBUTES)
        for row in store.query(f"SELECT DISTINCT ?e ?p WHERE {{ VALUES ?p {{ {held} }} ?e ?p ?v }}").rows:
            if row["e"].value in entities:
                entities[row["e"].value].attributes.add(row["p"].value)
        exemplars = {}
        for slot, sparql in _EXEMPLARS.items():
            rows = store.query(sparql).rows
            if rows and rows[0]["e"].value in entities:
                exemplars[slot] = rows[0]["e"].value
        lexicon = cls(entities, fingerprint(store), exemplars)
        log.info("lexicon built: %d entities, %d names in %.0f ms", len(entities), len(lexicon.index),
                 (time.monotonic() - started) * 1000)
        return lexicon

    def beginning_with(self, key: tuple[str, ...], kind: str) -> list[Entity]:
        """Entities of ``kind`` with a name that begins with these words."""
        found = {a.iri for other in self._by_first.get(key[0], []) if len(other) > len(key)
                 and other[: len(key)] == key for a in self.index[other]}
        return sorted((self.entities[i] for i in found if kind in self.entities[i].kinds), key=lambda e: e.label)

    def lookup(self, key: tuple[str, ...]) -> set[Alias]:
        return self.index.get(key, set())

    def choices(self) -> list[str]:
        """Every multi-letter name as one string, for fuzzy matching."""
        if self._choices is None:
            self._choices = sorted(" ".join(k) for k in self.index if len(" ".join(k)) >= 5)
        return self._choices

    def name_words(self) -> frozenset[str]:
        """Every word used in a name, for telling a misspelling from a different word."""
        if self._name_words is None:
            self._name_words = frozenset(w for k in self.index for w in k)
        return self._name_words

    def of_kind(self, kind: str) -> list[Entity]:
        return sorted((e for e in self.entities.values() if kind in e.kinds), key=lambda e: e.label)


def fingerprint(store) -> int:
    """A number that changes when names or codes are added or removed (cheap to compute)."""
    rows = store.query(_FINGERPRINT).rows
    return int(rows[0]["n"].value) if rows else 0
