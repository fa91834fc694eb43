"""Importing into a remote SPARQL endpoint: the same mapping, gate, catalogue and all-or-nothing writes."""

from __future__ import annotations

import pytest

from pcgraph.importing import ImportRejected, import_data
from pcgraph.settings import Settings
from pcgraph.store.catalogue import sources
from pcgraph.store.defaults import load_default_data
from pcgraph.store.remote import RemoteStore
from support.oxigraph_server import oxigraph_server
from support.paths import FIXTURES_DIR
from support.stores import content

IMPORTS = FIXTURES_DIR / "import"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("remote")) as running:
        store = RemoteStore(running.query_url, running.update_url, settings=Settings())
        load_default_data(store)
        yield running


@pytest.fixture
def store(server):
    return RemoteStore(server.query_url, server.update_url, settings=Settings())


def test_a_schema_org_file_lands_on_the_endpoint_with_its_catalogue_entry(store):
    report = import_data(store, [IMPORTS / "schema-org-collaborative.jsonld"], replace=True)
    assert report.validated
    members = store.query("""SELECT DISTINCT ?code WHERE {
        ?m org:organization <https://directory.example.org/collaboratives/south-london-mh> ; org:member/pc:odsCode ?code }""")
    assert {row["code"].value for row in members.rows} == {"RPG", "RV5", "RQY"}
    entry = next(s for s in sources(store) if s["graph"] == report.graphs[0])
    assert entry["format"] == "application/ld+json" and entry["source"].endswith("schema-org-collaborative.jsonld")


def test_a_rejected_import_leaves_the_endpoint_unchanged(store):
    before = content(store)
    with pytest.raises(ImportRejected):
        import_data(store, [IMPORTS / "membership-dates-wrong.ttl"])
    assert content(store) == before


def test_an_empty_endpoint_starts_with_the_ontology_and_reference_graph(tmp_path):
    from pcgraph.store import open_store

    with oxigraph_server(tmp_path / "empty") as running:
        store = open_store(Settings(endpoint=running.query_url, update_endpoint=running.update_url))
        assert "https://w3id.org/pcgraph/graph/ontology" in store.graphs()
        assert {s["graph"] for s in sources(store)} >= set(store.graphs()) - {"https://w3id.org/pcgraph/graph/catalogue"}
