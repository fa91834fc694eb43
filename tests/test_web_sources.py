"""A collaborative's page says where each membership comes from: the pages, when each
membership was last confirmed, and where the pages differ."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from pcgraph.reference.collaboratives import membership_triples, oxigraph_term, read_memberships
from pcgraph.settings import Settings
from pcgraph.web.app import create_app
from support.fixture_store import fixture_store
from support.paths import TESTS_DIR

HTML = {"Accept": "text/html"}
PAGES = TESTS_DIR / "fixtures" / "collaboratives" / "two-pages.csv"
ALLIANCE = "/id/collaborative/test-alliance"


@pytest.fixture(scope="module")
def client():
    store = fixture_store()
    statements = read_memberships(PAGES, PAGES.parent, lambda code, kind: code in {"RXK", "RNA", "RL4"})
    graph = ox.NamedNode("https://w3id.org/pcgraph/graph/web-collaboratives")
    store.oxigraph.extend(ox.Quad(*(oxigraph_term(t) for t in triple), graph)
                          for triple in membership_triples(statements, lambda iri: False))
    return create_app(Settings(), store=store).test_client()


def text_of(client, path: str) -> str:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def members_row(text: str, name: str) -> str:
    members = text.split(" Members Organisation ", 1)[1].split("Members over time", 1)[0]
    return members.split(name, 1)[1][:120]


def test_each_member_shows_when_it_was_last_confirmed(client):
    text = text_of(client, ALLIANCE)
    assert "Last confirmed" in text
    assert "March 2023" in members_row(text, "Sandwell and West Birmingham Hospitals NHS Trust")
    assert "June 2019" in members_row(text, "The Dudley Group NHS Foundation Trust")


def test_a_start_given_as_a_year_is_shown_as_a_year(client):
    row = members_row(text_of(client, ALLIANCE), "Sandwell and West Birmingham Hospitals NHS Trust")
    assert " 2016 " in row and "1 Jan 2016" not in row


def test_the_page_lists_every_source_and_where_they_differ(client):
    text = text_of(client, ALLIANCE)
    sources = text.split(" Sources ", 1)[1]
    assert "https://example.org/alliance-2019" in sources and "https://example.org/alliance-2023" in sources
    differ = sources.split("Where the sources differ", 1)[1].split(" Page Page date ", 1)[0]
    assert "The Dudley Group NHS Foundation Trust" in differ and "not named" in differ
    assert "lead provider" in differ and "member from 2016" in differ
    assert "Dudley Group" in sources  # the name as the page wrote it


def test_status_and_non_nhs_members_are_shown(client):
    text = text_of(client, ALLIANCE)
    assert "Status proposed" in text
    assert "St Elsewhere Healthcare" in text and "partner" in text


def test_an_organisation_page_shows_when_its_memberships_were_last_confirmed(client):
    text = text_of(client, "/id/org/RNA")
    assert "Last confirmed" in text and "June 2019" in text
