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

log = logging.getLogger(__name__)

MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "mappings"

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


def apply_mappings(store: ox.Store) -> MappingCounts:
    """Run every mapping over the triples in ``store``'s default graph, in place."""
    counts = MappingCounts()
    if not needs_mapping(store):
        return counts
    for mapping in mappings():
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
