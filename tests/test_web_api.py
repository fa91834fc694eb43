"""The JSON API: one error shape, an OpenAPI description kept true, and writes only with the token
and only through the import gate."""

from __future__ import annotations

import io
import re

import pytest

from pcgraph.settings import Settings
from pcgraph.web.app import create_app
from support.fixture_store import FIXTURE_GRAPH, fixture_store

TOKEN = "correct-horse-battery-staple"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW_GRAPH = "https://w3id.org/pcgraph/graph/test-upload"

GOOD_TURTLE = b"""@prefix pc: <https://w3id.org/pcgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/pcgraph/id/org/QUA> skos:altLabel "The Black Country board" .
"""
# A delegation whose delegator is the delegate, with its dates out of order.
BAD_TURTLE = b"""@prefix pc: <https://w3id.org/pcgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/pcgraph/id/membership/black-country-provider-collaborative/RXK-2>
    a <http://www.w3.org/ns/org#Membership> ;
    <http://www.w3.org/ns/org#member> <https://w3id.org/pcgraph/id/org/RXK> ;
    <http://www.w3.org/ns/org#organization> <https://w3id.org/pcgraph/id/collaborative/black-country-provider-collaborative> ;
    pc:role pc:Member ;
    pc:startDate "2024-05-01"^^xsd:date ; pc:endDate "2020-01-01"^^xsd:date .
"""


def make_client(**settings):
    return create_app(Settings(**settings), store=fixture_store()).test_client()


@pytest.fixture(scope="module")
def client():
    return make_client(api_token=TOKEN)


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["ok"] is False and body["status"] == status and isinstance(body["error"], str) and body["error"]
    return body


def test_healthz(client):
    body = client.get("/healthz").get_json()
    assert body["ok"] is True and body["graphs"] == 2


def test_unknown_api_path_is_a_json_404(client):
    assert_error_shape(client.get("/api/nothing-here"), 404)


def test_wrong_method_is_a_json_405(client):
    assert_error_shape(client.delete("/api/search"), 405)


def test_unexpected_errors_are_500_logged_and_not_echoed(caplog):
    app = create_app(Settings(), store=fixture_store())

    @app.get("/api/explode")
    def explode():
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/api/explode")
    body = assert_error_shape(response, 500)
    assert "secret" not in body["error"]
    assert "secret internal detail" in caplog.text and "Traceback" in caplog.text


def test_openapi_describes_exactly_the_json_api(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    app_rules = {(rule.rule, method) for rule in client.application.url_map.iter_rules()
                 for method in rule.methods - {"HEAD", "OPTIONS"}}

    def flask_path(path: str) -> str:
        return re.sub(r"\{(\w+)\}", r"<\1>", path)

    documented = {(flask_path(p), m.upper()) for p, ops in spec["paths"].items() for m in ops}
    assert documented <= app_rules, documented - app_rules
    api_routes = {(r, m) for r, m in app_rules if r.startswith("/api/") and r != "/api/openapi.json"}
    assert api_routes <= documented, api_routes - documented
    names = spec["paths"]["/api/queries/{name}"]["get"]["parameters"][0]["schema"]["enum"]
    assert "members-of-collaborative" in names


def test_openapi_examples_answer_as_described(client):
    spec = client.get("/api/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    checks = {
        "/healthz": None,
        "/api/search?q=dudley": None,
        "/api/queries": None,
        "/api/queries/members-of-collaborative?collaborative=id:collaborative/black-country-provider-collaborative": "QueryResult",
        "/queries/collaboratives.json": "QueryResult",
        "/validation.json": None,
    }
    for url, schema_name in checks.items():
        path = url.split("?")[0]
        template = "/api/queries/{name}" if path.startswith("/api/queries/") else (
            "/queries/{name}.json" if path.startswith("/queries/") else path)
        response = client.get(url)
        assert response.status_code == 200, url
        declared = spec["paths"][template]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        schema = schemas[schema_name] if schema_name else declared
        for key in schema.get("required", []):
            assert key in response.get_json(), (url, key)
    bad = client.get("/api/queries/organisations-in-many-collaboratives?min_count=x")
    for key in schemas["Error"]["required"]:
        assert key in bad.get_json()


def test_writes_are_disabled_without_a_configured_token():
    client = make_client()
    body = assert_error_shape(client.delete(f"/graphs?graph={FIXTURE_GRAPH}", headers=AUTH), 403)
    assert "disabled" in body["error"]
    assert_error_shape(client.post("/api/import", data=GOOD_TURTLE, content_type="text/turtle", headers=AUTH), 403)
    assert client.get("/healthz").get_json()["graphs"] == 2


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}])
def test_writes_need_the_right_bearer_token(client, headers):
    response = client.put(f"/graphs?graph={NEW_GRAPH}", data=GOOD_TURTLE, content_type="text/turtle", headers=headers)
    assert_error_shape(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_graph_store_protocol_round_trip():
    client = make_client(api_token=TOKEN)
    listed = client.get("/graphs").get_json()["graphs"]
    assert FIXTURE_GRAPH in listed
    got = client.get(f"/graphs?graph={FIXTURE_GRAPH}", headers={"Accept": "application/n-triples"})
    assert got.mimetype == "application/n-triples" and "/id/org/RXK>" in got.get_data(as_text=True)
    assert_error_shape(client.get(f"/graphs?graph={NEW_GRAPH}"), 404)

    created = client.put(f"/graphs?graph={NEW_GRAPH}", data=GOOD_TURTLE, content_type="text/turtle", headers=AUTH)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["report"]["graphs"] == [NEW_GRAPH]
    search = client.get("/api/search?q=The Black Country board").get_json()
    assert search["results"][0]["iri"].endswith("/org/QUA"), "the search index sees new data at once"

    deleted = client.delete(f"/graphs?graph={NEW_GRAPH}", headers=AUTH)
    assert deleted.status_code == 204
    assert_error_shape(client.get(f"/graphs?graph={NEW_GRAPH}"), 404)


def test_the_default_graph_is_the_merge_of_all_graphs_and_is_read_only():
    client = make_client(api_token=TOKEN)
    merged = client.get("/graphs?default", headers={"Accept": "application/n-triples"})
    assert merged.status_code == 200 and merged.mimetype == "application/n-triples"
    each = [client.get("/graphs", query_string={"graph": g}, headers={"Accept": "application/n-triples"})
            for g in client.get("/graphs").get_json()["graphs"]]
    assert set(merged.get_data(as_text=True).splitlines()) == {
        line for answer in each for line in answer.get_data(as_text=True).splitlines()}
    for write in (client.put, client.post, client.delete):
        refused = write("/graphs?default", data=GOOD_TURTLE, content_type="text/turtle", headers=AUTH)
        assert "default graph" in assert_error_shape(refused, 405)["error"]
        assert refused.headers["Allow"] == "GET, HEAD"
    assert client.get("/graphs?default", headers={"Accept": "application/n-triples"}).data == merged.data
    assert_error_shape(client.get(f"/graphs?default&graph={FIXTURE_GRAPH}"), 400)


def test_a_post_naming_no_graph_creates_one_and_says_where():
    client = make_client(api_token=TOKEN)
    before = client.get("/graphs").get_json()["graphs"]
    created = client.post("/graphs", data=GOOD_TURTLE, content_type="text/turtle", headers=AUTH)
    assert created.status_code == 201, created.get_json()
    graph = created.get_json()["graph"]
    assert graph not in before and graph in client.get("/graphs").get_json()["graphs"]
    got = client.get(created.headers["Location"], headers={"Accept": "application/n-triples"})
    assert got.status_code == 200 and "The Black Country board" in got.get_data(as_text=True)
    again = client.post("/graphs", data=GOOD_TURTLE, content_type="text/turtle", headers=AUTH)
    assert again.get_json()["graph"] != graph, "each POST makes its own graph"
    assert_error_shape(client.post("/graphs", data=b"", content_type="text/turtle", headers=AUTH), 400)
    assert_error_shape(client.post("/graphs", data=BAD_TURTLE, content_type="text/turtle", headers=AUTH), 422)


def test_multipart_files_are_read_whatever_their_field_names():
    client = make_client(api_token=TOKEN)
    more = GOOD_TURTLE.replace(b"The Black Country board", b"Black Country ICB")
    response = client.post(f"/graphs?graph={NEW_GRAPH}", headers=AUTH, content_type="multipart/form-data", data={
        "first.ttl": (io.BytesIO(GOOD_TURTLE), "first.ttl"), "second.ttl": (io.BytesIO(more), "second.ttl")})
    assert response.status_code == 200, response.get_json()
    text = client.get(f"/graphs?graph={NEW_GRAPH}", headers={"Accept": "application/n-triples"}).get_data(as_text=True)
    assert "The Black Country board" in text and "Black Country ICB" in text


def test_a_put_with_an_empty_body_empties_the_graph_through_the_gate():
    client = make_client(api_token=TOKEN)
    assert client.put(f"/graphs?graph={NEW_GRAPH}", data=GOOD_TURTLE, content_type="text/turtle",
                      headers=AUTH).status_code == 201
    emptied = client.put(f"/graphs?graph={NEW_GRAPH}", data=b"", content_type="text/turtle", headers=AUTH)
    assert emptied.status_code == 200 and emptied.get_json()["removed"] == 1
    assert_error_shape(client.get(f"/graphs?graph={NEW_GRAPH}"), 404)
    nothing = client.put(f"/graphs?graph={NEW_GRAPH}", data=b"", headers=AUTH)
    assert nothing.status_code == 200 and nothing.get_json()["removed"] == 0
    assert client.post("/api/import", data=SPLIT_DELEGATION, content_type="application/trig",
                       headers=AUTH).status_code == 200
    accountability = "https://w3id.org/pcgraph/graph/test-accountability"
    refused = assert_error_shape(client.put(f"/graphs?graph={accountability}", data=b"", headers=AUTH), 422)
    assert [f["rule"] for f in refused["findings"]] == ["accountability-missing"]
    assert client.get(f"/graphs?graph={accountability}").status_code == 200, "nothing was removed"
    assert_error_shape(client.put("/graphs?graph=https://w3id.org/pcgraph/graph/ontology", data=b"", headers=AUTH), 403)


# One delegation in one graph, the body accountable for it in another.
SPLIT_DELEGATION = b"""@prefix pc: <https://w3id.org/pcgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/pcgraph/id/> .
<https://w3id.org/pcgraph/graph/test-delegation> {
  <https://w3id.org/pcgraph/id/delegation/qua-cancer-2025> a pc:Delegation ;
    skos:prefLabel "Cancer services delegated to the Black Country Joint Provider Committee" ;
    pc:delegator <https://w3id.org/pcgraph/id/org/QUA> ;
    pc:delegate <https://w3id.org/pcgraph/id/committee/black-country-joint-provider-committee> ;
    pc:function pc:ElectiveRecovery ; pc:budget "5000"^^xsd:decimal ; pc:startDate "2025-04-01"^^xsd:date .
}
<https://w3id.org/pcgraph/graph/test-accountability> {
  <https://w3id.org/pcgraph/id/delegation/qua-cancer-2025> pc:accountableBody <https://w3id.org/pcgraph/id/org/QUA> .
}
"""


def test_deleting_a_graph_goes_through_the_gate_too():
    client = make_client(api_token=TOKEN)
    loaded = client.post("/api/import", data=SPLIT_DELEGATION, content_type="application/trig", headers=AUTH)
    assert loaded.status_code == 200, loaded.get_json()
    accountability = "https://w3id.org/pcgraph/graph/test-accountability"
    refused = assert_error_shape(client.delete(f"/graphs?graph={accountability}", headers=AUTH), 422)
    assert [(f["rule"], f["focus"]) for f in refused["findings"]] == [
        ("accountability-missing", "https://w3id.org/pcgraph/id/delegation/qua-cancer-2025")]
    assert "removing the graph breaks 1 rule" in refused["error"]
    assert client.get(f"/graphs?graph={accountability}").status_code == 200, "nothing was removed"
    assert client.delete("/graphs?graph=https://w3id.org/pcgraph/graph/test-delegation", headers=AUTH).status_code == 204
    assert client.delete(f"/graphs?graph={accountability}", headers=AUTH).status_code == 204


@pytest.mark.parametrize("graph", ["https://w3id.org/pcgraph/graph/ontology", "https://w3id.org/pcgraph/graph/catalogue"])
def test_pcgraphs_own_graphs_cannot_be_deleted_or_overwritten(graph):
    client = make_client(api_token=TOKEN)
    before = client.get("/api/queries/collaboratives").get_json()["rows"]
    body = assert_error_shape(client.delete(f"/graphs?graph={graph}", headers=AUTH), 403)
    assert body["error"].endswith(f"{graph} is pcgraph's own graph and cannot be removed")
    assert_error_shape(client.put(f"/graphs?graph={graph}", data=GOOD_TURTLE, content_type="text/turtle", headers=AUTH), 403)
    assert_error_shape(client.post(f"/api/import?graph={graph}", data=GOOD_TURTLE, content_type="text/turtle",
                                   headers=AUTH), 403)
    assert client.get("/api/queries/collaboratives").get_json()["rows"] == before != []


def test_a_write_that_breaks_the_rules_is_422_with_the_report_and_writes_nothing():
    client = make_client(api_token=TOKEN)
    before = client.get("/healthz").get_json()["graphs"]
    response = client.post(f"/api/import?graph={NEW_GRAPH}", data=BAD_TURTLE, content_type="text/turtle", headers=AUTH)
    body = assert_error_shape(response, 422)
    assert body["findings"], "the findings say which rule and which node"
    assert client.get("/healthz").get_json()["graphs"] == before
    ask = client.get("/sparql", query_string={
        "query": "ASK { <https://w3id.org/pcgraph/id/membership/black-country-provider-collaborative/RXK-2> ?p ?o }"})
    assert ask.get_json()["boolean"] is False


def test_import_accepts_multipart_files():
    client = make_client(api_token=TOKEN)
    response = client.post(f"/api/import?graph={NEW_GRAPH}", headers=AUTH,
                           data={"file": [(io.BytesIO(GOOD_TURTLE), "extra.ttl")]},
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["report"]["graphs"] == [NEW_GRAPH]


def test_import_refuses_unknown_content_types(client):
    assert_error_shape(client.post("/api/import", data=b"hello", content_type="image/png", headers=AUTH), 415)


def test_an_empty_answer_names_the_iri_parameters_the_graph_does_not_hold(client):
    unknown = client.get("/api/queries/delegations-by-icb?icb=id:org/NOPE").get_json()
    assert unknown["rows"] == [] and unknown["notices"] == [
        {"parameter": "icb", "message": "https://w3id.org/pcgraph/id/org/NOPE is not in the graph"}]
    known = client.get("/api/queries/delegations-by-icb?icb=id:org/QHL").get_json()
    assert known["rows"] == [] and known["notices"] == []
    page = client.get("/queries/delegations-by-icb?icb=id:org/NOPE", headers={"Accept": "text/html"})
    assert "icb: https://w3id.org/pcgraph/id/org/NOPE is not in the graph" in page.get_data(as_text=True)
    assert client.get("/queries/delegations-by-icb.json?icb=id:org/NOPE").get_json()["notices"][0]["parameter"] == "icb"


@pytest.mark.parametrize("query, parameter", [("icb=id:org/ZZZ", "icb"), ("icb=id:org/RXK", "icb"),
                                              ("rule=no-such-rule", "rule"), ("severity=fatal", "severity")])
def test_a_validation_filter_that_can_match_nothing_is_named(client, query, parameter):
    body = assert_error_shape(client.get(f"/validation.json?{query}"), 400)
    assert body["parameter"] == parameter
    assert client.get(f"/validation?{query}", headers={"Accept": "text/html"}).status_code == 400
