"""The pcgraph ontology: load it, list its terms, and check it with the HermiT reasoner."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from pcgraph import paths
from pcgraph.namespaces import ONTOLOGY_IRI, PC, bind_prefixes

log = logging.getLogger(__name__)

ORG_IMPORT = Path("imports") / "org.ttl"


@cache
def _ontology_graph() -> Graph:
    graph = Graph()
    graph.parse(paths.ontology_file(), format="turtle")
    bind_prefixes(graph)
    return graph


def load_ontology() -> Graph:
    """A fresh copy of the pcgraph ontology as an rdflib graph (the caller may change it)."""
    copy = Graph()
    bind_prefixes(copy)
    for triple in _ontology_graph():
        copy.add(triple)
    return copy


def load_with_imports() -> Graph:
    """The ontology together with the local copy of W3C ORG that it imports."""
    graph = load_ontology()
    graph.parse(paths.ontology_dir() / ORG_IMPORT, format="turtle")
    return graph


def version() -> str:
    """The ontology's ``owl:versionInfo``."""
    return str(_ontology_graph().value(ONTOLOGY_IRI, OWL.versionInfo))


@dataclass(frozen=True)
class Term:
    iri: URIRef
    kind: str  # "class", "object property", "datatype property", "concept"
    label: str
    definition: str
    parents: tuple[URIRef, ...]
    domain: URIRef | None
    range: URIRef | None

    @property
    def local_name(self) -> str:
        return str(self.iri).removeprefix(str(PC))


_KINDS = (
    (OWL.Class, "class"),
    (OWL.ObjectProperty, "object property"),
    (OWL.DatatypeProperty, "datatype property"),
    (SKOS.Concept, "concept"),
    (SKOS.ConceptScheme, "concept scheme"),
)


def terms() -> list[Term]:
    """Every term the ontology defines in the ``pc:`` namespace, sorted by kind and name."""
    graph = _ontology_graph()
    found: list[Term] = []
    for rdf_type, kind in _KINDS:
        for subject in sorted(set(graph.subjects(RDF.type, rdf_type))):
            if not isinstance(subject, URIRef) or not str(subject).startswith(str(PC)):
                continue
            if kind == "class" and (subject, RDF.type, SKOS.Concept) in graph:
                continue
            label = graph.value(subject, RDFS.label) or graph.value(subject, SKOS.prefLabel)
            parent_prop = RDFS.subClassOf if kind == "class" else RDFS.subPropertyOf
            if kind == "concept":
                parents = tuple(sorted(graph.objects(subject, SKOS.inScheme)))
            else:
                parents = tuple(sorted(o for o in graph.objects(subject, parent_prop) if isinstance(o, URIRef)))
            domain = graph.value(subject, RDFS.domain)
            rng = graph.value(subject, RDFS.range)
            found.append(Term(
                iri=subject,
                kind=kind,
                label=str(label) if label else "",
                definition=str(graph.value(subject, SKOS.definition) or ""),
                parents=parents,
                domain=domain if isinstance(domain, URIRef) else None,
                range=rng if isinstance(rng, URIRef) else None,
            ))
    return found


class ReasonerError(RuntimeError):
    """The reasoner could not run (no Java, a parse failure); not the same as inconsistency."""


@dataclass(frozen=True)
class ConsistencyResult:
    consistent: bool
    unsatisfiable: tuple[str, ...]
    message: str


def check_consistency(extra: Graph | None = None) -> ConsistencyResult:
    """Run HermiT (through owlready2) on the ontology as published, its ORG import and ``extra``.

    The file is checked unchanged: it keeps to the OWL 2 datatype map (no ``xsd:date``
    ranges, which HermiT rejects; the shapes check dates instead), so what passes here is
    what an ontologist's own reasoner reads.
    """
    import owlready2

    graph = load_with_imports()
    if extra is not None:
        for triple in extra:
            graph.add(triple)
    graph.remove((None, OWL.imports, None))
    with tempfile.TemporaryDirectory(prefix="pcgraph-owl-") as tmp:
        merged = Path(tmp) / "merged.nt"
        graph.serialize(merged, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(merged.as_uri()).load(format="ntriples")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return ConsistencyResult(False, (), "the ontology and data are inconsistent")
        except owlready2.OwlReadyJavaError as exc:
            raise ReasonerError(f"HermiT could not run: {exc}") from None
        except FileNotFoundError as exc:
            raise ReasonerError(f"HermiT needs Java on the PATH ({exc})") from None
        unsat = tuple(sorted(c.iri for c in world.inconsistent_classes()))
        if unsat:
            return ConsistencyResult(False, unsat, f"{len(unsat)} unsatisfiable class(es)")
        return ConsistencyResult(True, (), "consistent")
