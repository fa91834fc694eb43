"""The home page and the matrix say how many open trusts have a collaborative recorded,
overall, by region and by ICB area, so analysts see what the graph knows and what it does not."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from pcgraph import paths
from pcgraph.settings import Settings
from pcgraph.store.embedded import EmbeddedStore
from pcgraph.web.app import create_app

AREA = """
@prefix id: <https://w3id.org/pcgraph/id/> .
@prefix pc: <https://w3id.org/pcgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
id:org\\/Y60 a pc:Region ; skos:prefLabel "Midlands" .
id:org\\/QUA a pc:IntegratedCareBoard ; skos:prefLabel "Black Country ICB" ; pc:region id:org\\/Y60 .
id:org\\/QHL a pc:IntegratedCareBoard ; skos:prefLabel "Birmingham and Solihull ICB" ; pc:region id:org\\/Y60 .
id:org\\/RXK a pc:NHSTrust ; skos:prefLabel "Sandwell" .
id:org\\/RNA a pc:NHSTrust ; skos:prefLabel "Dudley" .
id:org\\/RXT a pc:NHSTrust ; skos:prefLabel "Birmingham mental health" .
id:org\\/RQ3 a pc:NHSTrust ; skos:prefLabel "Closed trust" ; pc:endDate "2020-03-31"^^xsd:date .
id:org\\/RYW a pc:NHSTrust ; skos:prefLabel "Left trust" .
id:r1 pc:organisation id:org\\/RXK ; pc:icb id:org\\/QUA ; pc:relationKind pc:HeadquartersArea .
id:r2 pc:organisation id:org\\/RNA ; pc:icb id:org\\/QUA ; pc:relationKind pc:HeadquartersArea .
id:r3 pc:organisation id:org\\/RXT ; pc:icb id:org\\/QHL ; pc:relationKind pc:HeadquartersArea .
id:r4 pc:organisation id:org\\/RQ3 ; pc:icb id:org\\/QHL ; pc:relationKind pc:HeadquartersArea .
id:r5 pc:organisation id:org\\/RYW ; pc:icb id:org\\/QHL ; pc:relationKind pc:HeadquartersArea .
id:collaborative\\/c a pc:ProviderCollaborative ; skos:prefLabel "C" .
id:m1 a org:Membership ; org:member id:org\\/RXK ; org:organization id:collaborative\\/c .
id:m2 a org:Membership ; org:member id:org\\/RQ3 ; org:organization id:collaborative\\/c .
id:m3 a org:Membership ; org:member id:org\\/RYW ; org:organization id:collaborative\\/c ; pc:endDate "2021-03-31"^^xsd:date .
"""


@pytest.fixture(scope="module")
def client():
    store = EmbeddedStore.in_memory()
    store.oxigraph.load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE,
                        to_graph=ox.NamedNode("https://w3id.org/pcgraph/graph/ontology"))
    store.oxigraph.load(AREA.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://w3id.org/pcgraph/graph/t"))
    return create_app(Settings(), store=store).test_client()


def coverage_text(client, path: str) -> str:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    section = html.split('id="coverage"', 1)[1].split("</section>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))


@pytest.mark.parametrize("path", ["/", "/matrix"])
def test_open_trusts_with_a_collaborative_in_force_are_counted_overall_by_region_and_icb(client, path):
    text = coverage_text(client, path)
    # Open: RXK, RNA, RXT, RYW (RQ3 closed). In force today: RXK only (RYW's membership ended).
    assert "1 of 4 NHS trusts open on" in text
    assert re.search(r"Midlands 4 1 25%", text)
    assert re.search(r"Black Country ICB 2 1 50%", text)
    assert re.search(r"Birmingham and Solihull ICB 2 0 0%", text)


def test_an_earlier_day_counts_the_membership_then_in_force(client):
    text = coverage_text(client, "/matrix?as_of=2021-01-01")
    assert "2 of 4 NHS trusts open on" in text
