"""What SPARQL clients get from ``/sparql``: a CONSTRUCT in every RDF syntax pcgraph writes
(TriG and N-Quads included), errors as text to clients that ask for SPARQL results or RDF
(YASGUI shows the body as it is), the JSON error shape to those that take JSON, and an icon."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pcgraph.settings import Settings
from pcgraph.store.defaults import load_default_data
from pcgraph.store.embedded import EmbeddedStore
from pcgraph.web.app import create_app

CONSTRUCT = ("CONSTRUCT { ?m org:organization ?c } WHERE { ?m org:organization ?c "
             "FILTER (?c = <https://w3id.org/pcgraph/id/collaborative/black-country-provider-collaborative>) }")
BROKEN = "SELECT ?x WHERE {\n  ?x ?y \n}"
YASGUI_SELECT = "application/sparql-results+json,*/*;q=0.9"


@pytest.fixture(scope="module")
def client():
    store = EmbeddedStore.in_memory()
    load_default_data(store)
    return create_app(Settings(), store=store).test_client()


@pytest.mark.parametrize("mimetype, fmt", [("application/trig", ox.RdfFormat.TRIG),
                                           ("application/n-quads", ox.RdfFormat.N_QUADS),
                                           ("text/turtle", ox.RdfFormat.TURTLE)])
def test_a_construct_is_served_in_each_rdf_syntax(client, mimetype, fmt):
    answer = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": mimetype})
    assert answer.status_code == 200 and answer.mimetype == mimetype
    quads = list(ox.parse(answer.data, format=fmt))
    assert len(quads) >= 4 and all(isinstance(q.graph_name, ox.DefaultGraph) for q in quads)


def test_a_construct_names_trig_and_n_quads_by_format_hint(client):
    answer = client.get("/sparql", query_string={"query": CONSTRUCT, "format": "trig"})
    assert answer.mimetype == "application/trig"


def test_an_error_is_text_to_a_client_that_asked_for_sparql_results(client):
    answer = client.get("/sparql", query_string={"query": BROKEN}, headers={"Accept": YASGUI_SELECT})
    assert answer.status_code == 400 and answer.mimetype == "text/plain"
    text = answer.get_data(as_text=True)
    assert "syntax error" in text.lower() and "line 3" in text and not text.lstrip().startswith("{")


def test_an_error_is_text_to_a_client_that_asked_for_rdf(client):
    answer = client.get("/sparql", query_string={"query": BROKEN}, headers={"Accept": "text/turtle,*/*;q=0.9"})
    assert answer.status_code == 400 and answer.mimetype == "text/plain"


@pytest.mark.parametrize("accept", ["*/*", "application/json", None])
def test_an_error_is_the_json_shape_to_a_client_that_takes_json(client, accept):
    answer = client.get("/sparql", query_string={"query": BROKEN}, headers={"Accept": accept} if accept else {})
    body = answer.get_json()
    assert answer.status_code == 400 and body["ok"] is False and body["line"] == 3


def test_the_site_has_an_icon(client):
    answer = client.get("/favicon.ico")
    assert answer.status_code == 200 and answer.mimetype == "image/vnd.microsoft.icon"
    assert answer.data[:4] == b"\x00\x00\x01\x00"
