"""pcgraph on real SPARQL engines (Oxigraph server, Virtuoso 7): loaded, restricted to its
own graphs, a set as default graph, the engine's reasons passed on, and validated."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from pcgraph.errors import InputError, PcgraphError
from pcgraph.settings import Settings
from pcgraph.store import open_store
from pcgraph.store.catalogue import CATALOGUE_GRAPH
from pcgraph.store.embedded import EmbeddedStore
from pcgraph.store.remote import CHUNK_QUADS, RemoteStore
from support.cli import run_pcgraph

EX = "http://example.org/engines/"
DISTINCT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def number(store, sparql: str) -> int:
    return int(store.query(sparql).rows[0]["n"].value)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    store = EmbeddedStore.open(tmp_path_factory.mktemp("embedded") / "store")
    yield store
    store.close()


@pytest.fixture(scope="module")
def remote(remote_engine):
    """The engine given pcgraph's default data, as a new user's first ``pcgraph serve --endpoint`` does."""
    return open_store(Settings(endpoint=remote_engine.query_url, update_endpoint=remote_engine.update_url))


def test_an_endpoint_without_pcgraph_catalogue_is_given_the_default_data(remote, embedded):
    # Virtuoso always holds system graphs of its own: pcgraph goes by its catalogue, not by emptiness.
    assert remote.graphs() == embedded.graphs()
    assert {g: remote.count(g) for g in remote.graphs()} == {g: embedded.count(g) for g in embedded.graphs()}


def test_the_engine_own_graphs_stay_out_of_the_default_graph(remote, embedded):
    assert number(remote, TRIPLES) == number(embedded, DISTINCT_TRIPLES)
    assert CATALOGUE_GRAPH in remote.graphs() and all(g in embedded.graphs() for g in remote.graphs())


def test_opening_again_loads_nothing_twice(remote_engine, remote):
    before = remote.count()
    again = open_store(Settings(endpoint=remote_engine.query_url, update_endpoint=remote_engine.update_url))
    assert again.count() == before


def test_a_triple_two_graphs_hold_is_counted_once_in_the_default_graph(remote):
    fact = ox.Triple(ox.NamedNode(EX + "trust"), ox.NamedNode(EX + "beds"), ox.Literal("7", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer")))
    remote.add_to_graph(EX + "source-a", [fact])
    remote.add_to_graph(EX + "source-b", [fact])
    try:
        rows = remote.query(f"SELECT (COUNT(*) AS ?n) (SUM(?b) AS ?total) WHERE {{ <{EX}trust> <{EX}beds> ?b }}").rows
        assert (rows[0]["n"].value, rows[0]["total"].value) == ("1", "7")
        remote.drop_graph(EX + "source-a")
        assert number(remote, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{EX}trust> ?p ?o }}") == 1
        remote.drop_graph(EX + "source-b")
        assert number(remote, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{EX}trust> ?p ?o }}") == 0
    finally:
        for graph in (EX + "source-a", EX + "source-b"):
            remote.apply(replace=[graph])


def test_a_large_graph_with_blank_nodes_loads_in_chunks(remote):
    graph = EX + "large"
    triples = []
    for i in range(CHUNK_QUADS * 2 + 7):
        node = ox.BlankNode()
        triples += [ox.Triple(ox.NamedNode(f"{EX}thing{i}"), ox.NamedNode(EX + "has"), node),
                    ox.Triple(node, ox.NamedNode(EX + "index"), ox.Literal(str(i)))]
    try:
        assert remote.replace_graph(graph, triples) == len(triples)
        assert remote.count(graph) == len(triples)
        # each blank node became one skolem IRI, still linking its two triples
        assert number(remote, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{graph}> {{ "
                              f"?t <{EX}has> ?x . ?x <{EX}index> ?i FILTER isIRI(?x) }} }}") == CHUNK_QUADS * 2 + 7
    finally:
        remote.apply(replace=[graph])
    assert graph not in remote.graphs()


def test_the_engine_own_reason_for_refusing_a_query_is_passed_on(remote, remote_engine):
    # valid SPARQL 1.1 syntax that no engine can run: a call to a function none defines
    with pytest.raises(PcgraphError) as caught:
        remote.query("SELECT * WHERE { ?s ?p ?o FILTER (<http://example.org/no-such-function>(?o)) }")
    message = str(caught.value)
    assert "A bad request has been sent" not in message and "no-such-function" in message


def test_a_syntax_error_is_found_before_the_query_is_sent(remote):
    with pytest.raises(InputError) as caught:
        remote.query("SELECT ?s WHERE {\n  ?s ?p \n}")
    assert "line 3" in str(caught.value)


def test_pcgraph_validate_runs_the_rules_on_a_remote_store(remote, remote_engine, embedded, tmp_path):
    on_remote = run_pcgraph("validate", "--format", "json", "--as-of", "2026-04-01",
                        "--endpoint", remote_engine.query_url, "--update-endpoint", remote_engine.update_url)
    on_embedded = run_pcgraph("validate", "--format", "json", "--as-of", "2026-04-01", "--store", str(embedded.path))
    assert on_remote.returncode == on_embedded.returncode != 2, on_remote.stderr

    def keys(result):
        return sorted((f["rule"], f["focus"], f.get("value") or "") for f in json.loads(result.stdout)["results"])

    assert keys(on_remote) == keys(on_embedded) != []
