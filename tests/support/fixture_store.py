"""The small hand-written graph (``tests/golden/fixture.trig``) loaded into a store, with the ontology."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from pcgraph import paths
from pcgraph.store.embedded import EmbeddedStore
from support.paths import TESTS_DIR

FIXTURE = TESTS_DIR / "golden" / "fixture.trig"
FIXTURE_GRAPH = "https://w3id.org/pcgraph/graph/fixture"
ONTOLOGY_GRAPH = "https://w3id.org/pcgraph/graph/ontology"


def _load(store: EmbeddedStore) -> EmbeddedStore:
    store.oxigraph.load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE,
                        to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    store.oxigraph.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return store


def fixture_store() -> EmbeddedStore:
    """An in-memory store holding the ontology and the fixture graph."""
    return _load(EmbeddedStore.in_memory())


def fixture_store_dir(folder: Path) -> Path:
    """An on-disk store in ``folder`` holding the ontology and the fixture, for a real server."""
    store = _load(EmbeddedStore.open(folder, load_defaults=False))
    store.close()
    return folder


def with_source_dates(store: EmbeddedStore, dates: dict[str, str]) -> EmbeddedStore:
    """The store, with a dated source page (``dcterms:date``, as given) cited by the Black Country
    Provider Collaborative membership of each member code in ``dates``."""
    graph, dcterms = ox.NamedNode(FIXTURE_GRAPH), "http://purl.org/dc/terms/"
    for code, day in dates.items():
        membership = ox.NamedNode(f"https://w3id.org/pcgraph/id/membership/black-country-provider-collaborative/{code}")
        page = ox.NamedNode(f"https://w3id.org/pcgraph/id/source/page-{code}")
        store.oxigraph.add(ox.Quad(membership, ox.NamedNode(dcterms + "source"), page, graph))
        store.oxigraph.add(ox.Quad(page, ox.NamedNode(dcterms + "date"), ox.Literal(day), graph))
    return store


def relabelled_fixture_store(labels: dict[str, str]) -> EmbeddedStore:
    """The fixture store with the ``skos:prefLabel`` of each IRI in ``labels`` replaced (as a
    hostile import could set it)."""
    store = fixture_store()
    graph = ox.NamedNode(FIXTURE_GRAPH)
    pref_label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    for iri, label in labels.items():
        subject = ox.NamedNode(iri)
        for old in list(store.oxigraph.quads_for_pattern(subject, pref_label, None, graph)):
            store.oxigraph.remove(old)
        store.oxigraph.add(ox.Quad(subject, pref_label, ox.Literal(label), graph))
    return store
