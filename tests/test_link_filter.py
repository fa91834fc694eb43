"""One link filter for pages and JSON: an imported resource whose IRI is ``javascript:...``
(or ``data:``, ``file:``...) is never given as a link, neither in ``/api/ask``'s ``href``
nor on the ``/ask`` page; its name is still shown."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pcgraph.settings import Settings
from pcgraph.web.app import create_app
from support.fixture_store import FIXTURE_GRAPH, fixture_store

ORG = "http://www.w3.org/ns/org#"
PC = "https://w3id.org/pcgraph/ontology#"
COLLABORATIVE = "https://w3id.org/pcgraph/id/collaborative/black-country-provider-collaborative"
HOSTILE = ["javascript:alert(document.domain)", "data:text/html,%3Cscript%3Ealert(1)%3C/script%3E", "file:///etc/passwd"]
QUESTION = "Who is in the Black Country Provider Collaborative?"


@pytest.fixture(scope="module")
def client():
    store = fixture_store()
    graph = ox.NamedNode(FIXTURE_GRAPH)
    quads = []
    for number, iri in enumerate(HOSTILE):
        member, membership = ox.NamedNode(iri), ox.NamedNode(f"https://w3id.org/pcgraph/id/membership/hostile/{number}")
        quads += [
            ox.Quad(member, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(PC + "NHSTrust"), graph),
            ox.Quad(member, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal(f"Hostile Trust {number}"), graph),
            ox.Quad(membership, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(ORG + "Membership"), graph),
            ox.Quad(membership, ox.NamedNode(ORG + "member"), member, graph),
            ox.Quad(membership, ox.NamedNode(ORG + "organization"), ox.NamedNode(COLLABORATIVE), graph),
            ox.Quad(membership, ox.NamedNode(PC + "role"), ox.NamedNode(PC + "Member"), graph),
            ox.Quad(membership, ox.NamedNode(PC + "startDate"),
                    ox.Literal("2020-09-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")), graph),
        ]
    store.oxigraph.extend(quads)
    return create_app(Settings(), store=store).test_client()


def hrefs(body) -> list[str]:
    """Every ``href`` anywhere in a JSON answer."""
    if isinstance(body, dict):
        return [v for k, v in body.items() if k == "href"] + [h for v in body.values() for h in hrefs(v)]
    if isinstance(body, list):
        return [h for v in body for h in hrefs(v)]
    return []


def test_api_ask_gives_no_href_outside_the_web(client):
    body = client.get("/api/ask", query_string={"q": QUESTION}).get_json()
    labels = {v["label"] for row in body["rows"] for v in row.values() if isinstance(v, dict) and "label" in v}
    assert {"Hostile Trust 0", "Hostile Trust 1", "Hostile Trust 2"} <= labels
    found = hrefs(body)
    assert found and all(h == "#" or h.startswith(("/", "http://", "https://")) for h in found), found


def test_the_ask_page_links_nowhere_outside_the_web(client):
    html = client.get("/ask", query_string={"q": QUESTION}, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Hostile Trust 0" in html
    for scheme in ("javascript:", "data:", "file:"):
        assert f'href="{scheme}' not in html
