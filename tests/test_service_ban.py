"""With SERVICE off, no query sent to ``/sparql`` makes the server contact another address.

A listener on 127.0.0.1 stands in for the target; every variant, sent every way the
protocol allows, is refused with the same 403 and the listener sees no connection."""

from __future__ import annotations

import time

import pytest
import requests

from pcgraph.settings import Settings
from pcgraph.web.app import create_app
from support.fixture_store import fixture_store, fixture_store_dir
from support.listener import listening
from support.server import running_server, send_every_way

# {url} is the listener's address.
VARIANTS = {
    "comment ended by CR": "SELECT * WHERE { #c\rSERVICE <{url}> { ?s ?p ?o } }",
    "comment ended by CR, the rest read as a comment to LF": "SELECT * WHERE { ?s ?p ?o #\rSERVICE <{url}> { ?s ?p ?o }\n}",
    "CRLF": "SELECT * WHERE {\r\n  SERVICE <{url}> {\r\n ?s ?p ?o }\r\n}",
    "SILENT after CR": "SELECT * WHERE { #x\rSERVICE SILENT <{url}> { ?s ?p ?o } }",
    "mixed case": "select * where { sErViCe <{url}> { ?s ?p ?o } }",
    "tabs": "SELECT * WHERE {\tSERVICE\t<{url}>\t{ ?s ?p ?o } }",
    "# inside a string": "SELECT * WHERE { SERVICE <{url}> { ?s ?p \"#\" } }",
    "# inside an IRI": "SELECT * WHERE { SERVICE <{url}#x> { ?s <http://example.org/#p> ?o } }",
    "in a sub-select": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}> { ?s ?p ?o } } } }",
    "in EXISTS": "SELECT * WHERE { BIND(1 AS ?x) FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "in NOT EXISTS after CR comment": "ASK { FILTER NOT EXISTS { #\rSERVICE <{url}> { ?s ?p ?o } } }",
    "in OPTIONAL": "SELECT * WHERE { BIND(1 AS ?x) OPTIONAL { SERVICE SILENT <{url}> { ?s ?p ?o } } }",
    "in a named graph": "SELECT * WHERE { GRAPH ?g { ?a ?b ?c } GRAPH ?g { SERVICE <{url}> { ?s ?p ?o } } }",
    "in MINUS": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{url}> { ?s ?p ?o } } }",
    "in a CONSTRUCT": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "as a variable bound by VALUES": "SELECT * WHERE { VALUES ?e { <{url}> } SERVICE ?e { ?s ?p ?o } }",
}


@pytest.fixture(scope="module")
def target():
    with listening() as listener:
        yield listener


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = fixture_store_dir(tmp_path_factory.mktemp("service-ban-store"))
    with running_server("--store", str(store), env={"PCGRAPH_QUERY_TIMEOUT": "3"}) as base:
        yield base


@pytest.mark.parametrize("variant", VARIANTS, ids=list(VARIANTS))
def test_no_variant_of_service_reaches_the_listener(server, target, variant):
    text = VARIANTS[variant].replace("{url}", target.url)
    before = target.connections
    for response in send_every_way(server, text):
        assert response.status_code == 403, response.text
        assert response.json()["error"] == "query: federated queries (SERVICE) are switched off on this endpoint"
    assert target.connections == before


def test_the_refusal_is_the_same_for_an_open_port_and_a_closed_one(server, target):
    with listening() as closed:
        closed_url = closed.url
    answers = {requests.get(f"{server}/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"},
                            timeout=30).text for url in (target.url, closed_url)}
    assert len(answers) == 1


def test_the_word_service_in_strings_iris_and_comments_is_not_refused(server):
    text = ("SELECT ?s WHERE { ?s ?p \"SERVICE <http://x/> { }\" . ?s <http://example.org/SERVICE> ?o }\n"
            "# SERVICE <http://example.org/> { }")
    assert all(r.status_code == 200 for r in send_every_way(server, text))


def test_with_service_allowed_the_public_endpoint_does_federate():
    """The other side of the ban: PCGRAPH_ALLOW_SERVICE gives the public workers the network."""
    client = create_app(Settings(allow_service=True, query_timeout=5), store=fixture_store()).test_client()
    with listening() as target:
        answer = client.get("/sparql", query_string={"query": f"SELECT * WHERE {{ SERVICE <{target.url}> {{ ?s ?p ?o }} }}"})
        assert answer.status_code != 403
        assert target.connections >= 1


def test_a_long_query_that_mentions_service_is_refused_without_being_parsed(server):
    """Parsing runs in the request's thread, so a query over 10,000 characters that mentions
    SERVICE anywhere is refused at once; one that does not is answered."""
    values = " ".join(f'"v{i}"' for i in range(2000))
    started = time.monotonic()
    refused = requests.get(f"{server}/sparql", params={"query": f"SELECT * WHERE {{ VALUES ?x {{ {values} }} }} # service"},
                           timeout=30)
    assert refused.status_code == 403 and time.monotonic() - started < 2
    answered = requests.post(f"{server}/sparql", data={"query": f"SELECT * WHERE {{ VALUES ?x {{ {values} }} }}"}, timeout=30)
    assert answered.status_code == 200
