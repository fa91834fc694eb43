"""What an analyst reads at a glance: one row per thing, lists that read as lists, a site icon,
names that say where they lead, and example questions on the empty question page."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from pcgraph.questions import answer
from pcgraph.settings import Settings
from pcgraph.store.embedded import EmbeddedStore
from pcgraph.web.app import create_app
from pcgraph.web.views.ask import EXAMPLE_QUESTIONS
from support.fixture_store import FIXTURE_GRAPH, fixture_store
from support.stores import default_store_copy

HTML = {"Accept": "text/html"}

# Beside the fixture's headquarters relation, RXK is a partner of QUA and has it as principal ICB.
MORE_RELATIONS = """
@prefix pc: <https://w3id.org/pcgraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/pcgraph/id/icb-relation/RXK/partner/QUA> a pc:ICBRelation ;
  pc:organisation <https://w3id.org/pcgraph/id/org/RXK> ; pc:icb <https://w3id.org/pcgraph/id/org/QUA> ;
  pc:relationKind pc:ConstitutionPartner ; pc:startDate "2022-07-01"^^xsd:date .
<https://w3id.org/pcgraph/id/icb-relation/RXK/principal/QUA> a pc:ICBRelation ;
  pc:organisation <https://w3id.org/pcgraph/id/org/RXK> ; pc:icb <https://w3id.org/pcgraph/id/org/QUA> ;
  pc:relationKind pc:PrincipalICB .
"""


@pytest.fixture(scope="module")
def client():
    store = fixture_store()
    store.oxigraph.load(input=MORE_RELATIONS, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(FIXTURE_GRAPH))
    return create_app(Settings(), store=store).test_client()


def page(client, path: str) -> str:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, (path, response.data[:300])
    return response.get_data(as_text=True)


def section(html: str, name: str) -> str:
    return html.split(f'id="{name}"', 1)[1].split("</section>", 1)[0]


def table_rows(html: str) -> list[str]:
    return re.findall(r"<tr[^>]*>(.*?)</tr>", html.split("<tbody>", 1)[1], flags=re.S)


def test_a_trust_lists_each_icb_once_with_its_kinds_of_relation(client):
    icbs = section(page(client, "/id/org/RXK?as_of=2025-06-01"), "icbs")
    rows = table_rows(icbs)
    black_country = [row for row in rows if 'href="/id/org/QUA"' in row]
    assert len(black_country) == 1, "RXK is related to QUA three ways, shown in one row"
    relations = re.findall(r"<li>(.*?)</li>", black_country[0])
    assert len(relations) == 3
    assert any(text.startswith("headquarters in ICB area, from 1 Jul 2022") for text in relations)


def test_a_delegation_through_a_collaborative_is_one_row_listing_its_functions(client):
    html = page(client, "/id/org/RNA")
    through = html.split("Through its collaboratives", 1)[1].split("</table>", 1)[0]
    rows = table_rows(through)
    hrefs = [re.search(r'href="([^"]+)"', row).group(1) for row in rows]
    assert len(hrefs) == len(set(hrefs)), "each delegation once"
    assert any(len(re.findall(r"<li>", row)) >= 1 for row in rows)


def test_why_a_collaborative_counts_for_an_icb_is_a_list(client):
    area = section(page(client, "/id/org/QUA?as_of=2025-06-01"), "area")
    row = next(r for r in table_rows(area) if "black-country-provider-collaborative" in r)
    reasons = re.findall(r"<li>(.*?)</li>", row)
    assert "its footprint is this ICB&#39;s area" in reasons
    assert "member headquartered here: The Dudley Group NHS Foundation Trust" in reasons
    assert len(reasons) == 5, "the footprint and four members, each on its own line"


def test_every_page_names_the_site_icon_and_it_is_served(client):
    head = page(client, "/").split("</head>", 1)[0]
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', head)
    assert "/favicon.ico" in icons and "/static/favicon.svg" in icons
    for path in icons:
        response = client.get(path)
        assert response.status_code == 200, path
        response.close()
    svg = client.get("/static/favicon.svg")
    assert svg.mimetype == "image/svg+xml" and svg.get_data(as_text=True).lstrip().startswith("<svg")
    svg.close()


def test_ready_made_queries_and_the_question_box_have_different_names(client):
    nav = page(client, "/").split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    names = dict((href, text) for href, text in re.findall(r'<a href="(/[a-z]*)"[^>]*>([^<]+)</a>', nav))
    assert names["/queries"] != names["/ask"]
    assert "question" not in names["/queries"].lower()


def test_the_empty_question_page_offers_example_questions(client):
    html = page(client, "/ask")
    examples = section(html.replace('<ul class="starters" id="example-questions">', '<section id="examples">'),
                       "examples")
    offered = re.findall(r'<a href="/ask\?q=[^"]+">([^<]+)</a>', examples)
    assert offered == EXAMPLE_QUESTIONS


def test_every_example_question_is_answered_on_the_default_data(tmp_path_factory, tmp_path):
    store = EmbeddedStore.open(default_store_copy(tmp_path_factory, tmp_path / "store"))
    try:
        for question in EXAMPLE_QUESTIONS:
            result = answer(question, store)
            assert result.status == "answer" and result.rows, question
    finally:
        store.close()


def test_a_delegations_functions_and_accountable_bodies_are_lists(client):
    html = page(client, "/id/org/QUA?as_of=2025-06-01")
    table = section(html, "delegations").split("</table>", 1)[0]
    lists = re.findall(r'<ul class="cell-list">(.*?)</ul>', table)
    assert any("<li>elective recovery</li>" in items for items in lists)
    assert all("; " not in items for items in lists)
