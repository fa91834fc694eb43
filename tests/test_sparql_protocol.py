"""The SPARQL 1.1 Protocol on a real ``pcgraph serve``, spoken by real clients: SPARQLWrapper,
rdflib's SPARQLStore and plain HTTP (as curl would)."""

from __future__ import annotations

import csv
import io
import time
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, N3, TSV, TURTLE, XML, JSONLD, SPARQLWrapper

from support.fixture_store import FIXTURE_GRAPH, ONTOLOGY_GRAPH, fixture_store_dir
from support.server import running_server

PREFIXES = """PREFIX pc: <https://w3id.org/pcgraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
MEMBERS = PREFIXES + """SELECT ?code WHERE {
  ?m org:organization <https://w3id.org/pcgraph/id/collaborative/black-country-provider-collaborative> ;
     org:member/pc:odsCode ?code .
} ORDER BY ?code"""
BCPC_CODES = ["RBK", "RL4", "RNA", "RXK"]
CONSTRUCT = PREFIXES + "CONSTRUCT { ?org pc:odsCode ?code } WHERE { ?org a pc:IntegratedCareBoard ; pc:odsCode ?code }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = fixture_store_dir(tmp_path_factory.mktemp("fixture-store"))
    with running_server("--store", str(store)) as base:
        yield base


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory):
    """A server with a tiny row cap and time limit, to see them work."""
    store = fixture_store_dir(tmp_path_factory.mktemp("limited-store"))
    env = {"PCGRAPH_MAX_ROWS": "3", "PCGRAPH_QUERY_TIMEOUT": "0.3"}
    with running_server("--store", str(store), env=env) as base:
        yield base


def wrapper(server, query, fmt):
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client.query()


def test_sparqlwrapper_select_as_json(server):
    answer = wrapper(server, MEMBERS, JSON).convert()
    assert [b["code"]["value"] for b in answer["results"]["bindings"]] == BCPC_CODES


def test_sparqlwrapper_select_as_xml(server):
    document = wrapper(server, MEMBERS, XML).convert()  # a DOM
    assert document.documentElement.namespaceURI == "http://www.w3.org/2005/sparql-results#"
    values = [e.firstChild.data for e in document.getElementsByTagName("literal")]
    assert values == BCPC_CODES


def test_sparqlwrapper_select_as_csv_and_tsv(server):
    text = wrapper(server, MEMBERS, CSV).convert().decode()
    assert list(csv.reader(io.StringIO(text))) == [["code"], *[[c] for c in BCPC_CODES]]
    tsv = wrapper(server, MEMBERS, TSV).convert().decode().splitlines()
    assert tsv == ["?code", *[f'"{c}"' for c in BCPC_CODES]]


def test_sparqlwrapper_ask(server):
    answer = wrapper(server, PREFIXES + "ASK { ?x pc:odsCode 'RXK' }", JSON).convert()
    assert answer["boolean"] is True


@pytest.mark.parametrize("fmt, rdflib_format", [(TURTLE, "turtle"), (N3, "turtle"), (XML, "xml")])
def test_sparqlwrapper_construct(server, fmt, rdflib_format):
    raw = wrapper(server, CONSTRUCT, fmt).response.read()
    graph = rdflib.Graph().parse(data=raw, format=rdflib_format)
    codes = {str(o) for o in graph.objects(None, rdflib.URIRef("https://w3id.org/pcgraph/ontology#odsCode"))}
    assert codes == {"QUA", "QHL", "QRV"}


def test_sparqlwrapper_construct_as_jsonld(server):
    raw = wrapper(server, CONSTRUCT, JSONLD).response.read()
    codes = {q.object.value for q in ox.parse(raw, format=ox.RdfFormat.JSON_LD)}
    assert codes == {"QUA", "QHL", "QRV"}


def test_rdflib_sparqlstore(server):
    graph = rdflib.Graph(store=SPARQLStore(f"{server}/sparql", returnFormat="xml"))
    rows = list(graph.query(MEMBERS))
    assert [str(row[0]) for row in rows] == BCPC_CODES
    constructed = graph.query(CONSTRUCT).graph
    assert len(constructed) == 3


def test_post_form_and_direct_post(server):
    form = requests.post(f"{server}/sparql", data={"query": MEMBERS},
                         headers={"Accept": "application/sparql-results+json"}, timeout=10)
    assert form.status_code == 200
    direct = requests.post(f"{server}/sparql", data=MEMBERS.encode(),
                           headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"}, timeout=10)
    assert direct.headers["Content-Type"].startswith("text/csv")
    assert direct.text.split() == ["code", *BCPC_CODES]
    assert [b["code"]["value"] for b in form.json()["results"]["bindings"]] == BCPC_CODES


def test_curl_style_default_is_sparql_json(server):
    answer = requests.get(f"{server}/sparql", params={"query": MEMBERS}, headers={"Accept": "*/*"}, timeout=10)
    assert answer.headers["Content-Type"].startswith("application/sparql-results+json")
    graph = requests.get(f"{server}/sparql", params={"query": CONSTRUCT}, headers={"Accept": "*/*"}, timeout=10)
    assert graph.headers["Content-Type"].startswith("text/turtle")


def test_dataset_from_default_and_named_graph_uris(server):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    def n(**params):
        answer = requests.get(f"{server}/sparql", params={"query": count, **params}, timeout=10).json()
        return int(answer["results"]["bindings"][0]["n"]["value"])

    everything = n()
    ontology_only = n(**{"default-graph-uri": ONTOLOGY_GRAPH})
    assert 0 < ontology_only < everything
    named = requests.get(f"{server}/sparql", timeout=10, params={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": FIXTURE_GRAPH}).json()
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [FIXTURE_GRAPH]


def test_browser_clients_on_other_origins_may_query(server):
    preflight = requests.options(f"{server}/sparql", timeout=10, headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    answer = requests.post(f"{server}/sparql", data={"query": MEMBERS}, headers={"Origin": "https://yasgui.example"},
                           timeout=10)
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_service_description_on_a_bare_get(server):
    answer = requests.get(f"{server}/sparql", headers={"Accept": "text/turtle"}, timeout=10)
    assert answer.status_code == 200
    graph = rdflib.Graph().parse(data=answer.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = graph.value(predicate=rdflib.RDF.type, object=sd.Service)
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert str(graph.value(service, sd.endpoint)).endswith("/sparql")
    names = {str(o) for o in graph.objects(None, sd.name)}
    assert FIXTURE_GRAPH in names


def test_updates_are_refused(server):
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> 'c' }"
    for response in (
        requests.post(f"{server}/sparql", data={"update": insert}, timeout=10),
        requests.post(f"{server}/sparql", data=insert.encode(), headers={"Content-Type": "application/sparql-update"}, timeout=10),
        requests.get(f"{server}/sparql", params={"query": "PREFIX x: <http://x/>\n" + insert}, timeout=10),
        requests.get(f"{server}/sparql", params={"update": insert}, timeout=10),
    ):
        assert response.status_code == 403
        assert response.json()["ok"] is False and "read-only" in response.json()["error"]
    after = requests.get(f"{server}/sparql", params={"query": "ASK { <http://example.org/a> ?p ?o }"}, timeout=10)
    assert after.json()["boolean"] is False


@pytest.mark.parametrize("body", [b"query=ASK%20%7B%7D", b"ASK {}"])
def test_a_post_must_say_what_its_body_is(server, body):
    answer = requests.post(f"{server}/sparql", data=body, timeout=10)  # no Content-Type at all
    assert answer.status_code == 415
    assert "Content-Type" in answer.json()["error"]


def test_a_directly_posted_query_is_utf8_as_the_protocol_requires(server):
    query = "ASK { ?x pc:odsCode 'RXK' }"
    utf16 = requests.post(f"{server}/sparql", data=query.encode("utf-16"), timeout=10,
                          headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert utf16.status_code == 415 and "UTF-8" in utf16.json()["error"]
    utf8 = requests.post(f"{server}/sparql", data=query.encode("utf-8"), timeout=10,
                         headers={"Content-Type": "application/sparql-query; charset=utf-8"})
    assert utf8.status_code == 200 and utf8.json()["boolean"] is True


def test_relative_iris_resolve_against_the_endpoint_url(server):
    graph = rdflib.Graph().parse(data=wrapper(server, "CONSTRUCT { <s> <p> 1 } WHERE {}", TURTLE).response.read(),
                                 format="turtle")
    assert list(graph) == [(rdflib.URIRef(f"{server}/s"), rdflib.URIRef(f"{server}/p"), rdflib.Literal(1))]
    own_base = wrapper(server, "BASE <http://example.org/a/> SELECT ?x WHERE { BIND(<b> AS ?x) }", JSON).convert()
    assert own_base["results"]["bindings"][0]["x"]["value"] == "http://example.org/a/b"


def test_service_is_refused_unless_allowed(server):
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    answer = requests.get(f"{server}/sparql", params={"query": query}, timeout=10)
    assert answer.status_code == 403 and "SERVICE" in answer.json()["error"]
    harmless = 'SELECT ?x WHERE { BIND("SERVICE" AS ?x) }  # SERVICE in a comment'
    assert requests.get(f"{server}/sparql", params={"query": harmless}, timeout=10).status_code == 200


def test_syntax_error_is_400_with_line_and_column(server):
    answer = requests.get(f"{server}/sparql", params={"query": "SELECT ?x WHERE {\n  ?x ?y \n}"}, timeout=10)
    assert answer.status_code == 400
    body = answer.json()
    assert body["ok"] is False and body["status"] == 400
    assert body["line"] == 3 and isinstance(body["column"], int)


def test_unacceptable_type_is_406(server):
    answer = requests.get(f"{server}/sparql", params={"query": MEMBERS}, headers={"Accept": "image/png"}, timeout=10)
    assert answer.status_code == 406


def test_row_cap_marks_the_answer_truncated(limited_server):
    query = "SELECT ?s WHERE { ?s ?p ?o }"
    answer = requests.get(f"{limited_server}/sparql", params={"query": query}, timeout=10)
    assert answer.status_code == 200
    body = answer.json()
    assert len(body["results"]["bindings"]) == 3 and body["truncated"] is True
    assert answer.headers["Pcgraph-Truncated"] == "true"
    xml = requests.get(f"{limited_server}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+xml"}, timeout=10)
    root = ET.fromstring(xml.content)
    assert root.find("{http://www.w3.org/2005/sparql-results#}head/{http://www.w3.org/2005/sparql-results#}link") is not None


def test_time_limit_answers_503_not_a_partial_200(limited_server):
    # Millions of rows, counted in Python: long past a 0.3 s limit however fast the machine.
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    answer = requests.get(f"{limited_server}/sparql", params={"query": slow}, timeout=120)
    assert answer.status_code == 503
    body = answer.json()
    assert body["ok"] is False and body["status"] == 503 and "time limit" in body["error"]


def test_runaway_queries_are_stopped_not_left_running(limited_server):
    """Each runaway query is cancelled at the limit, so a stream of them never piles up work:
    the fourth is cancelled just like the first, and a small query answers at once after."""
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    for _ in range(4):
        answer = requests.get(f"{limited_server}/sparql", params={"query": slow}, timeout=120)
        assert answer.status_code == 503
        assert "time limit" in answer.json()["error"]
    started = time.monotonic()
    quick = requests.get(f"{limited_server}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    assert time.monotonic() - started < 5
