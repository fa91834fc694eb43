"""The RDF namespaces pcgraph speaks, and the IRI policy for its own resources."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

PC = Namespace("https://w3id.org/pcgraph/ontology#")
ONTOLOGY_IRI = URIRef("https://w3id.org/pcgraph/ontology")
ID = Namespace("https://w3id.org/pcgraph/id/")
GRAPH = Namespace("https://w3id.org/pcgraph/graph/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, str] = {
    "pc": str(PC),
    "id": str(ID),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
}


# For writing RDF: pcgraph's own resources are written whole, since their local names
# (org/RXK) hold a slash that Turtle would have to escape (id:org\/RXK).
WRITE_PREFIXES: dict[str, str] = {name: iri for name, iri in PREFIXES.items() if name != "id"}


def bind_prefixes(graph) -> None:
    """Bind pcgraph's prefixes on an rdflib graph or dataset."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)


def org_iri(ods_code: str) -> URIRef:
    """The IRI of the organisation with this ODS code: ``id/org/{CODE}``."""
    return ID[f"org/{ods_code.strip().upper()}"]


def entity_iri(kind: str, key: str) -> URIRef:
    """The IRI of a resource of ``kind`` (``collaborative``, ``delegation``, ...) keyed by ``key``."""
    return ID[f"{kind}/{key}"]


def sparql_prologue() -> str:
    """PREFIX lines for every pcgraph prefix, for queries people write by hand."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
