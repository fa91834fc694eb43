"""The store: one interface, the same answers from the embedded Oxigraph store and a remote SPARQL endpoint.

Every test here runs twice: on an embedded store in a temporary folder, and on a real
``oxigraph serve`` process reached over HTTP through the remote backend.
"""

from __future__ import annotations

import threading

import pyoxigraph as ox
import pytest

from pcgraph.errors import InputError, StoreError
from pcgraph.queries.catalog import load_queries, QUERIES_DIR
from pcgraph.settings import Settings
from pcgraph.store import open_store
from pcgraph.store.embedded import EmbeddedStore
from pcgraph.store.remote import RemoteStore
from support.oxigraph_server import free_port, oxigraph_server
from support.paths import FIXTURES_DIR

PC = "https://w3id.org/pcgraph/ontology#"
ID = "https://w3id.org/pcgraph/id/"
GRAPH = "https://w3id.org/pcgraph/graph/example"
OTHER = "https://w3id.org/pcgraph/graph/other"
COLLABORATIVE = ox.NamedNode(ID + "collaborative/example-acute-collaborative")


def fixture_triples(name: str = "collaborative.ttl") -> list[ox.Triple]:
    return [q.triple for q in ox.parse(path=str(FIXTURES_DIR / "import" / name))]


@pytest.fixture(params=["embedded", "remote"])
def store(request, tmp_path):
    """An empty store of each backend."""
    if request.param == "embedded":
        with EmbeddedStore.open(tmp_path / "store", load_defaults=False) as embedded:
            yield embedded
    else:
        with oxigraph_server(tmp_path / "remote") as server:
            yield RemoteStore(server.query_url, server.update_url, settings=Settings())


def test_a_replaced_graph_holds_exactly_the_new_triples(store):
    store.add_to_graph(GRAPH, fixture_triples())
    one = ox.Triple(ox.NamedNode(ID + "org/RXK"), ox.NamedNode(PC + "odsCode"), ox.Literal("RXK"))
    store.replace_graph(GRAPH, [one])
    assert [q.triple for q in store.quads(GRAPH)] == [one]
    assert store.graphs() == [GRAPH]


def test_adding_keeps_what_the_graph_held(store):
    triples = fixture_triples()
    store.add_to_graph(GRAPH, triples[:10])
    store.add_to_graph(GRAPH, triples[10:])
    assert {q.triple for q in store.quads(GRAPH)} == set(triples)
    assert store.count(GRAPH) == len(set(triples))


def test_a_dropped_graph_is_gone_and_others_stay(store):
    store.add_to_graph(GRAPH, fixture_triples())
    store.add_to_graph(OTHER, fixture_triples()[:3])
    store.drop_graph(GRAPH)
    assert store.graphs() == [OTHER]
    assert store.count() == 3


def test_queries_see_the_union_of_named_graphs(store):
    triples = fixture_triples()
    store.add_to_graph(GRAPH, triples[:20])
    store.add_to_graph(OTHER, triples[20:])
    result = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(result.rows[0]["n"].value) == len(set(triples))


def test_graph_patterns_see_each_named_graph(store):
    triples = fixture_triples()
    store.add_to_graph(GRAPH, triples[:20])
    store.add_to_graph(OTHER, triples[20:])
    result = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    assert [(row["g"].value, int(row["n"].value)) for row in result.rows] == [(GRAPH, 20), (OTHER, len(triples) - 20)]


def test_terms_come_back_typed_whatever_the_backend(store):
    store.add_to_graph(GRAPH, fixture_triples())
    result = store.query("""SELECT ?label ?start ?kind WHERE {
        ?c skos:prefLabel ?label ; a ?kind .
        ?m org:organization ?c ; pc:endDate ?start }""")
    row = result.rows[0]
    assert row["label"] == ox.Literal("Example Acute Collaborative", language="en")
    assert row["start"] == ox.Literal("2023-03-31", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    assert row["kind"] == ox.NamedNode(PC + "ProviderCollaborative")


@pytest.mark.parametrize("as_of, expected", [("2022-06-01", {"RXK", "RNA", "RL4", "RBK"}),
                                             ("2024-06-01", {"RXK", "RNA", "RL4"})])
def test_a_canned_query_gives_the_same_members_on_both_backends(store, as_of, expected):
    store.add_to_graph(GRAPH, fixture_triples())
    query = load_queries(QUERIES_DIR)["members-of-collaborative"]
    bindings = query.bind({"collaborative": COLLABORATIVE.value, "as_of": as_of})
    result = store.query(query.sparql, bindings=bindings)
    assert {row["odsCode"].value for row in result.rows} == expected
    assert all(row["as_of"] == bindings["as_of"] for row in result.rows)


def test_a_bound_parameter_is_seen_by_filters_and_exists(store):
    store.add_to_graph(GRAPH, fixture_triples())
    query = load_queries(QUERIES_DIR)["ask-is-member"]
    answers = {}
    for as_of in ("2022-01-01", "2024-01-01"):
        bindings = query.bind({"organisation": ID + "org/RBK", "collaborative": COLLABORATIVE.value, "as_of": as_of})
        answers[as_of] = store.query(query.sparql, bindings=bindings).rows[0]["member"].value
    assert answers == {"2022-01-01": "true", "2024-01-01": "false"}


def test_a_bound_string_cannot_inject_sparql(store):
    store.add_to_graph(GRAPH, fixture_triples())
    hostile = ox.Literal('RXK" } ?s ?p ?o { "')
    result = store.query("SELECT ?org ?code WHERE { ?org pc:odsCode ?code }", bindings={"code": hostile})
    assert result.rows == []


def test_construct_and_ask(store):
    store.add_to_graph(GRAPH, fixture_triples())
    graph = store.query("CONSTRUCT { ?m org:member ?o } WHERE { ?m org:member ?o }")
    assert graph.kind == "graph" and len(graph.triples) == 4
    assert store.query("ASK { ?x pc:odsCode 'RNA' }").boolean is True
    assert store.query("ASK { ?x pc:odsCode 'ZZZ' }").boolean is False


def test_long_answers_are_cut_at_max_rows_and_marked(store):
    store.add_to_graph(GRAPH, fixture_triples())
    result = store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=5)
    assert len(result.rows) == 5 and result.truncated


def test_a_syntax_error_names_line_and_column(store):
    with pytest.raises(InputError) as caught:
        store.query("SELECT ?s WHERE {\n  ?s ?p \n}")
    assert "line 3" in str(caught.value)


def test_readers_see_the_old_graph_or_the_new_never_a_mix(store):
    old = [ox.Triple(ox.NamedNode(f"{ID}org/A{i}"), ox.NamedNode(PC + "odsCode"), ox.Literal(f"A{i}"))
           for i in range(1500)]
    new = [ox.Triple(ox.NamedNode(f"{ID}org/B{i}"), ox.NamedNode(PC + "odsCode"), ox.Literal(f"B{i}"))
           for i in range(2500)]
    store.replace_graph(GRAPH, old)
    seen: set[int] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            seen.add(int(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"].value))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(3):
            store.replace_graph(GRAPH, new)
            store.replace_graph(GRAPH, old)
    finally:
        done.set()
        reader.join()
    assert seen and seen <= {1500, 2500}


def test_an_unreachable_endpoint_is_a_clear_store_error():
    port = free_port()
    store = RemoteStore(f"http://127.0.0.1:{port}/query")
    with pytest.raises(StoreError) as caught:
        store.query("ASK {}")
    assert f"127.0.0.1:{port}" in str(caught.value) and "running" in str(caught.value)


def test_open_store_picks_the_endpoint_when_one_is_set(tmp_path):
    with oxigraph_server(tmp_path / "remote") as server:
        assert isinstance(open_store(Settings(endpoint=server.query_url, update_endpoint=server.update_url)), RemoteStore)
    with pytest.raises(StoreError, match="cannot query the SPARQL endpoint"):
        open_store(Settings(endpoint=f"http://127.0.0.1:{free_port()}/query"))
    with open_store(Settings(store=tmp_path / "s")) as embedded:
        assert isinstance(embedded, EmbeddedStore)


def test_a_store_in_use_by_another_process_is_named_as_such(tmp_path):
    with EmbeddedStore.open(tmp_path / "store", load_defaults=False):
        with pytest.raises(StoreError, match="in use by another process"):
            EmbeddedStore.open(tmp_path / "store", load_defaults=False)


def test_a_new_embedded_store_starts_with_the_ontology_and_reference_graph(tmp_path):
    from pcgraph.store.catalogue import sources

    with EmbeddedStore.open(tmp_path / "store") as store:
        graphs = store.graphs()
        catalogued = {s["graph"]: s for s in sources(store)}
    assert "https://w3id.org/pcgraph/graph/ontology" in graphs and len(graphs) > 2
    assert catalogued["https://w3id.org/pcgraph/graph/ontology"]["source"] == "urn:pcgraph:bundled:ontology/pcgraph.ttl"
