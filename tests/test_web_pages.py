"""The site's pages, on the fixture graph: what a newcomer sees and where the links lead."""

from __future__ import annotations

import csv
import io
import re

import pytest
import pyoxigraph as ox

from pcgraph.settings import Settings
from pcgraph.web.app import create_app
from support.fixture_store import fixture_store

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
BCPC = "/id/collaborative/black-country-provider-collaborative"


@pytest.fixture(scope="module")
def client():
    app = create_app(Settings(), store=fixture_store())
    return app.test_client()


def page(client, path: str) -> str:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, (path, response.data[:500])
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_home_page_leads_with_a_search_box_and_the_starting_questions(client):
    html = page(client, "/")
    assert re.search(r'<form[^>]*id="home-search"[^>]*action="/(search|ask)"', html)
    assert 'name="q"' in html
    assert 'href="/id/collaborative/black-country-provider-collaborative"' in html
    assert 'href="/queries/delegations-by-icb?icb=id:org/QUA"' in html
    assert 'href="/validation"' in html


def test_every_page_works_offline(client):
    for path in ("/", BCPC, "/id/org/RXK", "/matrix", "/validation", "/sparql", "/queries", "/search?q=x"):
        html = page(client, path)
        assert not re.search(r'(src|href)="(https?:)?//', html.split("<main", 1)[0]), path
        assert "fonts.googleapis" not in html and "cdn" not in html.lower(), path


@pytest.mark.parametrize("text, expected", [
    ("RXK", "/id/org/RXK"), ("dudley", "/id/org/RNA"), ("BCPC", BCPC), ("cnwl", "/id/org/RV3"),
    ("black country provider", BCPC),
])
def test_search_finds_by_code_name_or_acronym(client, text, expected):
    html = page(client, f"/search?q={text}")
    first = re.search(r'<ul class="hits">\s*<li><a href="([^"]+)"', html)
    assert first and first.group(1) == expected


def test_search_api_answers_json(client):
    body = client.get("/api/search?q=walsall").get_json()
    assert body["ok"] is True
    assert body["results"][0]["iri"] == "https://w3id.org/pcgraph/id/org/RBK"
    assert body["results"][0]["code"] == "RBK"


def test_collaborative_page_shows_members_governance_delegations_and_the_network(client):
    html = page(client, BCPC + "?as_of=2025-06-01")
    for code in ("RXK", "RNA", "RL4", "RBK"):
        assert f'href="/id/org/{code}"' in html
    assert "provider leadership board" in html and "joint committee" in html
    assert "Black Country Joint Provider Committee" in html
    assert "£1m" in html
    network = html.split('id="network-picture"', 1)[1].split("</figure>", 1)[0]
    assert network.count('class="node member"') == 4
    assert 'href="/id/collaborative/test-cross-border-alliance"' in network  # RXK's other collaborative


def test_collaborative_page_dates_follow_as_of(client):
    before = page(client, "/id/collaborative/nwl-community-provider-collaborative?as_of=2024-10-31")
    after = page(client, "/id/collaborative/nwl-community-provider-collaborative?as_of=2024-11-01")
    picture = lambda html: html.split('id="network-picture"', 1)[1].split("</figure>", 1)[0]  # noqa: E731
    assert "RY9" in picture(before)
    assert "RY9" not in picture(after)


def test_organisation_page_shows_collaboratives_icbs_history_and_people(client):
    html = page(client, "/id/org/RY9")
    assert "North West London Community Provider Collaborative" in html
    assert "NHS North West London Integrated Care Board" in html
    assert "acquisition" in html and 'href="/id/org/RAX"' in html
    rna = page(client, "/id/org/RNA?as_of=2025-01-01")
    assert "Pat Example" in rna and "chief executive" in rna


def test_organisation_page_shows_validation_findings(client):
    html = page(client, "/id/org/TAJ")
    findings = html.split('id="findings"', 1)[1]
    assert "badge sev-" in findings, "TAJ is a mental health trust in no collaborative"


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"])
def test_entity_pages_are_linked_data_by_content_negotiation(client, accept):
    response = client.get("/id/org/RXK", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == accept
    assert response.headers["Vary"] == "Accept"
    triples = {q.triple for q in ox.parse(response.get_data(), format=ox.RdfFormat.from_media_type(accept))}
    rxk = ox.NamedNode("https://w3id.org/pcgraph/id/org/RXK")
    odscode = ox.NamedNode("https://w3id.org/pcgraph/ontology#odsCode")
    assert ox.Triple(rxk, odscode, ox.Literal("RXK")) in triples


def test_entity_data_twins_by_suffix(client):
    response = client.get("/id/org/RXK.ttl")
    assert response.mimetype == "text/turtle"
    turtle = response.get_data(as_text=True)
    assert "<https://w3id.org/pcgraph/id/org/RXK>" in turtle, "pcgraph's IRIs are written whole, not as id:org\\/RXK"
    assert "\\/" not in turtle and "@prefix pc:" in turtle


def test_unknown_entity_is_404_in_the_one_error_shape(client):
    response = client.get("/id/org/NOPE")
    assert response.status_code == 404
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 404
    assert "https://w3id.org/pcgraph/id/org/NOPE" in body["error"]
    assert page_status(client, "/id/org/NOPE") == 404


def page_status(client, path):
    response = client.get(path, headers=HTML)
    assert response.mimetype == "text/html"
    return response.status_code


def test_other_resources_get_a_generic_page(client):
    html = page(client, "/id/delegation/qua-elective-recovery-2023")
    assert "Elective recovery delegated" in html
    assert 'href="/id/org/QUA"' in html


def test_matrix_page_and_csv_filter_by_icb_and_date(client):
    html = page(client, "/matrix?as_of=2025-06-01")
    assert "Test Cross-Border Alliance" in html
    body = client.get("/matrix.csv?as_of=2025-06-01&icb=id:org/QUA").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["organisation", "ods_code", "label"]
    assert {row[1] for row in rows[1:]} == {"RXK", "RNA", "RL4", "RBK"}
    region = list(csv.reader(io.StringIO(client.get("/matrix.csv?as_of=2025-06-01&region=id:org/Y56").get_data(as_text=True))))
    assert {row[1] for row in region[1:]} == {"RV3", "RKL", "RYX"}


def test_a_matrix_bigger_than_the_row_cap_asks_to_be_narrowed_rather_than_showing_part():
    small = create_app(Settings(max_rows=5), store=fixture_store()).test_client()
    html = page(small, "/matrix?as_of=2025-06-01")
    assert 'id="matrix-too-many"' in html and "narrow the grid down by ICB" in html
    assert 'id="matrix"' not in html
    csv_response = small.get("/matrix.csv?as_of=2025-06-01")
    assert csv_response.status_code == 400
    assert "icb, region, sector" in csv_response.get_data(as_text=True)
    narrowed = list(csv.reader(io.StringIO(small.get("/matrix.csv?as_of=2025-06-01&icb=id:org/QUA").get_data(as_text=True))))
    assert {row[1] for row in narrowed[1:]} == {"RXK", "RNA", "RL4", "RBK"}


def test_a_large_grid_shows_the_busiest_rows_and_says_how_to_see_the_rest(monkeypatch):
    from pcgraph.web.views import matrix

    monkeypatch.setattr(matrix, "MAX_GRID_ROWS", 2)
    client = create_app(Settings(), store=fixture_store()).test_client()  # none of its pages kept yet
    html = page(client, "/matrix?as_of=2025-06-01")
    assert 'id="matrix-trimmed"' in html
    assert len(re.findall(r'<th scope="row">', html)) == 2
    full = list(csv.reader(io.StringIO(client.get("/matrix.csv?as_of=2025-06-01").get_data(as_text=True))))
    assert len(full) - 1 > 2


def test_validation_page_groups_findings_by_rule_and_filters_by_icb(client):
    everything = client.get("/validation.json?as_of=2025-06-01").get_json()
    assert everything["ok"] is True and everything["counts"]["total"] > 0
    rules = {f["rule"] for f in everything["findings"]}
    html = page(client, "/validation?as_of=2025-06-01")
    for rule in rules:
        assert f'id="rule-{rule}"' in html
    black_country = client.get("/validation.json?as_of=2025-06-01&icb=id:org/QUA").get_json()
    focuses = {f["focus"] for f in black_country["findings"]}
    assert "https://w3id.org/pcgraph/id/org/TAJ" in focuses
    assert "https://w3id.org/pcgraph/id/org/RAX" not in focuses  # a London trust
    assert black_country["counts"]["total"] < everything["counts"]["total"]


def test_queries_page_lists_the_catalogue(client):
    html = page(client, "/queries")
    assert 'href="/queries/members-of-collaborative"' in html
    assert client.get("/queries", headers={"Accept": "application/json"}).get_json()["ok"] is True


def test_canned_query_page_builds_a_form_and_shows_results(client):
    html = page(client, "/queries/members-of-collaborative")
    assert '<select id="p-collaborative" name="collaborative">' in html
    assert 'type="date"' in html
    assert "<table" not in html.split('id="query-form"', 1)[1].split("</form>", 1)[1].split("sparql-source")[0]
    answered = page(client, "/queries/members-of-collaborative?collaborative=id:collaborative/black-country-provider-collaborative&as_of=2025-06-01")
    assert "The Dudley Group NHS Foundation Trust" in answered
    assert "members-of-collaborative.csv?" in answered


def test_canned_query_twins(client):
    params = "collaborative=id:collaborative/black-country-provider-collaborative&as_of=2025-06-01"
    body = client.get(f"/queries/members-of-collaborative.json?{params}").get_json()
    assert body["ok"] is True and body["truncated"] is False
    assert sorted(r["odsCode"] for r in body["rows"]) == ["RBK", "RL4", "RNA", "RXK"]
    text = client.get(f"/queries/members-of-collaborative.csv?{params}").get_data(as_text=True)
    assert text.splitlines()[0].startswith("collaborative,as_of,member,memberLabel")
    by_accept = client.get(f"/queries/members-of-collaborative?{params}", headers={"Accept": "text/csv"})
    assert by_accept.mimetype == "text/csv" and by_accept.get_data(as_text=True) == text
    sparql_json = client.get(f"/queries/members-of-collaborative?{params}",
                             headers={"Accept": "application/sparql-results+json"}).get_json()
    assert len(sparql_json["results"]["bindings"]) == 4


def test_a_wrong_parameter_type_is_a_400_naming_it(client):
    response = client.get("/queries/organisations-in-many-collaboratives.json?min_count=lots")
    assert response.status_code == 400
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 400 and body["parameter"] == "min_count"
    assert "min_count" in body["error"]
    html = client.get("/queries/organisations-in-many-collaboratives?min_count=lots", headers=HTML)
    assert html.status_code == 400 and "min_count" in html.get_data(as_text=True)


def test_unknown_canned_query_is_404(client):
    assert client.get("/queries/no-such-question.json").status_code == 404


def test_sparql_page_has_an_editor_with_examples(client):
    html = page(client, "/sparql")
    assert '<textarea id="query" name="query"' in html
    assert html.count("data-example=") >= 4
    answered = page(client, "/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%3Fs%20a%20pc%3ARegion%7D&format=html")
    assert 'href="/id/org/Y60"' in answered


def test_a_bad_query_in_the_editor_comes_back_with_the_error_and_the_query_kept(client):
    response = client.get("/sparql", query_string={"query": "SELECT ?x WHERE {\n ?x ?y }", "format": "html"}, headers=HTML)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="query-error"' in html and "Line 2" in html
    assert "SELECT ?x WHERE {" in html.split('<textarea', 1)[1].split("</textarea>", 1)[0]


def test_ontology_page_still_serves_turtle(client):
    response = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert response.mimetype == "text/turtle" and "owl:versionIRI" in response.get_data(as_text=True)


def test_validation_page_says_so_while_the_whole_report_is_being_computed(client, monkeypatch):
    from pcgraph.web import findings

    monkeypatch.setattr("pcgraph.web.views.validation.PAGE_WAIT_SECONDS", 0.1)
    with findings._key_lock(("findings", "2031-01-01")):  # another request's run, under way
        html = page(client, "/validation?as_of=2031-01-01")
    assert 'id="report-pending"' in html and 'http-equiv="refresh"' in html


def test_only_web_addresses_become_links():
    from pcgraph.web.display import href

    assert href(ox.NamedNode("https://w3id.org/pcgraph/id/org/RXK")) == "/id/org/RXK"
    assert href(ox.NamedNode("http://www.w3.org/ns/org#member")) == "http://www.w3.org/ns/org#member"
    assert href(ox.NamedNode("javascript:alert(1)")) == "#"


def test_an_icb_page_leads_with_its_delegations_and_its_area(client):
    html = page(client, "/id/org/QUA?as_of=2025-06-01")
    delegations = html.index('id="delegations"')
    area = html.index('id="area"')
    assert delegations < area
    assert "Black Country Joint Provider Committee" in html[delegations:area]
    area_html = html[area:]
    assert 'href="/id/collaborative/black-country-provider-collaborative"' in area_html
    assert 'href="/id/org/TAJ"' in area_html  # a trust headquartered in the area
    assert "/validation?icb=" in area_html


@pytest.fixture(scope="module")
def real():
    """The app on the ontology and the real reference graph, as a new store holds them."""
    from pcgraph.store.defaults import load_default_data
    from pcgraph.store.embedded import EmbeddedStore

    store = EmbeddedStore.in_memory()
    load_default_data(store)
    return create_app(Settings(), store=store).test_client()


def test_a_collaborative_whose_sources_name_only_some_members_says_so(real):
    partial = page(real, "/id/collaborative/humber-health-partnership")
    assert 'class="notice partial-members"' in partial and "only some of this collaborative's members" in partial
    assert 'class="notice partial-members"' not in page(real, BCPC)


def test_the_icb_filters_offer_the_icbs_of_the_day_on_the_real_data(real):
    def icb_options(path: str) -> list[str]:
        html = page(real, path)
        picker = html.split('name="icb"', 1)[1].split("</select>", 1)[0]
        return re.findall(r'<option value="([^"]+)"', picker)

    assert len(icb_options("/matrix?as_of=2026-03-31")) == 42
    after = icb_options("/matrix?as_of=2026-04-01")
    assert len(after) == 36 and "https://w3id.org/pcgraph/id/org/QXU" not in after
    assert "https://w3id.org/pcgraph/id/org/QXU" in icb_options("/matrix?as_of=2026-04-01&icb=id:org/QXU")
    assert len(icb_options("/validation?as_of=2026-04-01")) == 36


def test_an_icb_page_shows_the_findings_on_the_delegations_it_made(real):
    html = page(real, "/id/org/QUA?as_of=2025-06-01")
    found = html.split('id="findings"', 1)[1]
    assert "accountability-missing" in found and "delegation-budget" in found
    assert "Black Country ICB to the Black Country Joint Provider Committee" in found
    assert "find nothing wrong" not in found


def test_a_delegation_not_in_force_on_the_day_is_marked(client):
    before = page(client, "/id/org/QUA?as_of=2023-06-01")   # the elective recovery delegation starts 2023-11-01
    after = page(client, "/id/org/QUA?as_of=2025-06-01")
    row = 'Elective recovery delegated to the Black Country Joint Provider Committee'
    assert "not in force on this date" in before.split(row, 1)[1].split("</tr>", 1)[0]
    assert "not in force on this date" not in after.split(row, 1)[1].split("</tr>", 1)[0]


def test_a_delegation_on_a_page_names_every_body_accountable_for_it_either_way():
    store = fixture_store()
    pc, graph = "https://w3id.org/pcgraph/ontology#", ox.NamedNode("https://w3id.org/pcgraph/graph/fixture")
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    delegation, record = ox.NamedNode("https://w3id.org/pcgraph/id/delegation/test"), ox.BlankNode()
    icb, trust, host, board = (ox.NamedNode(f"https://w3id.org/pcgraph/id/org/{code}")
                               for code in ("QUA", "RXK", "RNA", "XB1"))
    store.oxigraph.extend(ox.Quad(*triple, graph) for triple in [
        (delegation, ox.NamedNode(pc + "delegator"), icb), (delegation, ox.NamedNode(pc + "delegate"), trust),
        (delegation, ox.NamedNode(pc + "accountableBody"), host),
        (record, ox.NamedNode(pc + "forDelegation"), delegation), (record, ox.NamedNode(pc + "accountableBody"), board),
        (board, label, ox.Literal("Test Accountable Board")),
    ])
    html = page(create_app(Settings(), store=store).test_client(), "/id/org/QUA")
    row = next(r for r in html.split("<tr") if "delegation/test" in r)
    assert "Test Accountable Board" in row and "Dudley" in row
