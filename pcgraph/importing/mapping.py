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

Data already in pcgraph's terms passes through unchanged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from pcgraph.errors import InputError

log = logging.getLogger(__name__)

MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "mappings"
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

# Terms whose presence means some mapping may apply; without any, mapping is skipped.
_FOREIGN = ("http://schema.org/", "https://schema.org/", "http://www.w3.org/2006/time#",
            "https://w3id.org/pcgraph/ods-csv#")
_ORG_TRIGGERS = ("OrganizationalCollaboration", "memberDuring", "hasMember", "identifier", "ChangeEvent",
                 "changedBy", "resultedFrom", "Membership", "Organization", "FormalOrganization")


@dataclass(frozen=True)
class Mapping:
    name: str
    kind: str          # "construct" or "update"
    text: str


@dataclass
class MappingCounts:
    mapped: int = 0    # triples the mappings built
    replaced: int = 0  # source-vocabulary triples dropped once mapped


@cache
def mappings() -> tuple[Mapping, ...]:
    """Every mapping file, in the order they run."""
    found = []
    for path in sorted(MAPPINGS_DIR.iterdir()):
        if path.suffix in (".rq", ".ru"):
            found.append(Mapping(path.name, "construct" if path.suffix == ".rq" else "update",
                                 path.read_text(encoding="utf-8")))
    return tuple(found)


def needs_mapping(store: ox.Store) -> bool:
    """True when the data uses a term some mapping reads (checked on predicates and classes)."""
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    org = "http://www.w3.org/ns/org#"
    query = "SELECT DISTINCT ?p WHERE { ?s ?p ?o }"
    terms = {row["p"].value for row in store.query(query)}
    terms |= {row["t"].value for row in store.query(f"SELECT DISTINCT ?t WHERE {{ ?s {rdf_type} ?t }}")}
    return any(t.startswith(_FOREIGN) or (t.startswith(org) and t[len(org):] in _ORG_TRIGGERS) for t in terms)


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
    """Run every mapping over the triples in ``store``'s default graph, in place.

    Before identity by ODS code merges resources, resources claiming one code whose facts
    disagree are refused (``OdsConflicts``): merging them would hide what the ods-code
    rule exists to catch."""
    counts = MappingCounts()
    if not needs_mapping(store):
        return counts
    for mapping in mappings():
        if mapping.name == IDENTITY:
            conflicts = ods_conflicts(store)
            if conflicts:
                raise OdsConflicts(conflicts)
        before = len(store)
        if mapping.kind == "construct":
            built = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                     for t in store.query(mapping.text)]
            store.extend(built)
            counts.mapped += len(store) - before
        else:
            store.update(mapping.text)
            if mapping.name.startswith("9"):
                counts.replaced += before - len(store)
        log.debug("mapping %s: %d -> %d triples", mapping.name, before, len(store))
    return counts
