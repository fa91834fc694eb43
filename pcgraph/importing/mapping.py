"""Bring data written in other vocabularies into pcgraph's terms, using the mappings kept as data.

The mappings are the files in ``pcgraph/mappings/``, run in the order of their names on
one source's triples (held in an in-memory store):

- ``*.rq`` are SPARQL CONSTRUCT queries; what they build is added (and seen by the
  files after them): W3C ORG (``org:OrganizationalCollaboration``, ``org:memberDuring``
  intervals, ``org:hasMember``, ``org:ChangeEvent``), schema.org organisations and
  memberships, and ODS CSV rows;
- ``*.ru`` are SPARQL updates: the https/http schema.org spelling, identity by ODS code
  (``80-identity.ru``: any IRI for an organisation with ``pc:odsCode "X"`` becomes
  ``id/org/X``, the original kept as ``owl:sameAs``), and dropping the source
  vocabularies' triples once mapped.

Data already in pcgraph's terms passes through unchanged. Each file's ``# reads:`` line
names the source terms it reads; a mapping none of whose terms the data uses is skipped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from pcgraph.errors import InputError

log = logging.getLogger(__name__)

MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "mappings"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
IDENTITY = "80-identity.ru"


@dataclass(frozen=True)
class OdsConflict:
    """Two resources of one source that claim one ODS code and disagree on ``fact``."""

    code: str
    first: ox.NamedNode | ox.BlankNode
    second: ox.NamedNode | ox.BlankNode
    fact: str                  # name, sector or kind
    values: tuple[str, str]


class OdsConflicts(InputError):
    """Identity by ODS code would merge resources whose facts disagree; nothing is merged."""

    def __init__(self, conflicts: list[OdsConflict], *, where: str | None = None, message: str | None = None):
        self.conflicts = conflicts
        first = conflicts[0]
        super().__init__(message or f"{len(conflicts)} conflict(s) between resources claiming one ODS code; "
                         f"first: {first.first} and {first.second} both claim {first.code!r} but differ in "
                         f"{first.fact} ({first.values[0]!r} and {first.values[1]!r})", where=where)

_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
_READS = re.compile(r"^#\s*reads:(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Mapping:
    """One mapping file. ``reads`` are the source terms whose presence (as a predicate or a
    class) means it may apply: full IRIs, or namespaces (ending in ``/`` or ``#``) any of
    whose terms will do; None when the file does not say, and then it always runs."""

    name: str
    kind: str          # "construct" or "update"
    text: str
    reads: frozenset[str] | None = None

    def applies_to(self, present: "Terms") -> bool:
        return self.reads is None or any(present.has(term) for term in self.reads)


@dataclass
class MappingCounts:
    mapped: int = 0    # triples the mappings built
    replaced: int = 0  # source-vocabulary triples dropped once mapped


class Terms:
    """The predicates and classes one source uses, read once and kept up to date as mappings run."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self._terms: set[str] | None = None

    def _read(self) -> set[str]:
        if self._terms is None:
            found = {row["p"].value for row in self._store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")}
            if RDF_TYPE in found:
                found |= {row["t"].value for row in self._store.query(
                    f"SELECT DISTINCT ?t WHERE {{ ?s <{RDF_TYPE}> ?t }}") if isinstance(row["t"], ox.NamedNode)}
            self._terms = found
        return self._terms

    def has(self, term: str) -> bool:
        terms = self._read()
        if term.endswith(("/", "#")):
            return any(t.startswith(term) for t in terms)
        return term in terms

    def add(self, triples) -> None:
        """Terms of triples a mapping has just added."""
        terms = self._read()
        for triple in triples:
            terms.add(triple.predicate.value)
            if triple.predicate.value == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
                terms.add(triple.object.value)

    def changed(self) -> None:
        """An update ran: read the terms again before the next question."""
        self._terms = None


def _reads(text: str) -> frozenset[str] | None:
    """The ``# reads:`` line's terms, prefixed names expanded with the file's own prefixes."""
    lines = _READS.findall(text)
    if not lines:
        return None
    prefixes = {name or "": iri for name, iri in _PREFIX.findall(text)}
    terms = set()
    for token in " ".join(lines).split():
        if token.startswith("<") and token.endswith(">"):
            terms.add(token[1:-1])
            continue
        prefix, _, local = token.partition(":")
        if prefix not in prefixes:
            raise ValueError(f"the prefix {prefix!r} of {token!r} in a '# reads:' line is not declared")
        terms.add(prefixes[prefix] + local)
    return frozenset(terms)


@cache
def mappings() -> tuple[Mapping, ...]:
    """Every mapping file, in the order they run."""
    found = []
    for path in sorted(MAPPINGS_DIR.iterdir()):
        if path.suffix in (".rq", ".ru"):
            text = path.read_text(encoding="utf-8")
            found.append(Mapping(path.name, "construct" if path.suffix == ".rq" else "update", text, _reads(text)))
    return tuple(found)


def _subclasses() -> dict[str, set[str]]:
    """Each ontology class and the classes below it (itself included)."""
    from pcgraph.ontology import load_ontology
    from rdflib.namespace import RDFS

    graph = load_ontology()
    below: dict[str, set[str]] = {}
    for cls in set(graph.subjects(RDFS.subClassOf, None)) | set(graph.objects(None, RDFS.subClassOf)):
        below[str(cls)] = {str(c) for c in graph.transitive_subjects(RDFS.subClassOf, cls)}
    return below


def ods_conflicts(store: ox.Store) -> list[OdsConflict]:
    """Pairs of resources claiming one ODS code whose names, sectors or kinds disagree.

    Kinds disagree when neither class is a subclass of the other (a trust and a
    foundation trust agree; a trust and an ICB do not)."""
    query = (MAPPINGS_DIR / "checks" / "ods-conflicts.rq").read_text(encoding="utf-8")
    rows = list(store.query(query))
    below = _subclasses() if any(row["fact"].value == "kind" for row in rows) else {}
    found: dict[tuple, OdsConflict] = {}
    for row in rows:
        a, b, fact = row["a"], row["b"], row["fact"].value
        values = (row["valueA"].value, row["valueB"].value)
        if fact == "kind" and (values[0] in below.get(values[1], {values[1]})
                               or values[1] in below.get(values[0], {values[0]})):
            continue
        key = (row["code"].value, *sorted((str(a), str(b))), fact)
        if key not in found:
            first, second = sorted((a, b), key=str)
            found[key] = OdsConflict(row["code"].value, first, second, fact,
                                     values if first == a else (values[1], values[0]))
    return [found[key] for key in sorted(found)]


def apply_mappings(store: ox.Store) -> MappingCounts:
    """Run the mappings over the triples in ``store``'s default graph, in place.

    A mapping whose source terms (its ``# reads:`` line) the data does not use is skipped,
    so data already in pcgraph's terms costs one look at its predicates and classes.
    Before identity by ODS code merges resources, resources claiming one code whose facts
    disagree are refused (``OdsConflicts``): merging them would hide what the ods-code
    rule exists to catch.
    """
    counts = MappingCounts()
    present = Terms(store)
    for mapping in mappings():
        if mapping.name == IDENTITY:
            conflicts = ods_conflicts(store)
            if conflicts:
                raise OdsConflicts(conflicts)
        if not mapping.applies_to(present):
            continue
        if mapping.kind == "construct":
            built = {ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in store.query(mapping.text)}
            new = [quad for quad in built if quad not in store]
            store.extend(new)
            present.add(new)
            counts.mapped += len(new)
            log.debug("mapping %s: %d triples added", mapping.name, len(new))
        else:
            dropping = mapping.name.startswith("9")
            before = len(store) if dropping else 0  # only the drop's count is reported
            store.update(mapping.text)
            present.changed()
            if dropping:
                counts.replaced += before - len(store)
            log.debug("mapping %s run", mapping.name)
    return counts
