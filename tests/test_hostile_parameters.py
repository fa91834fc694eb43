"""SPARQL injection, very long strings, control characters and bytes that are not UTF-8 in
canned query parameters, ``/api/ask`` and ``/api/search``: each is refused with a 400 that
names the parameter, or read as one plain value that changes nothing (and matches nothing).
The attempts are the lines of ``tests/hostile/injections.txt``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pcgraph import queries
from pcgraph.settings import Settings
from pcgraph.web.app import create_app
from support.fixture_store import fixture_store
from support.stores import content

ATTEMPTS = (Path(__file__).parent / "hostile" / "injections.txt").read_text(encoding="utf-8").splitlines()
CATALOG = queries.catalog()
# One valid value per parameter type, so each query can be run with only one parameter hostile.
VALID = {"iri": "https://w3id.org/pcgraph/id/collaborative/black-country-provider-collaborative",
         "date": "2024-06-01", "integer": "1", "boolean": "false"}
PARAMETERS = [(q.name, p.name) for q in CATALOG.values() for p in q.parameters]


@pytest.fixture(scope="module")
def store():
    return fixture_store()


@pytest.fixture(scope="module")
def client(store):
    return create_app(Settings(), store=store).test_client()


@pytest.fixture(scope="module")
def before(store):
    return content(store)


def valid_arguments(query_name: str) -> dict[str, str]:
    return {p.name: VALID[p.type] for p in CATALOG[query_name].parameters if p.required}


NOTHING = "https://w3id.org/pcgraph/id/nothing-here"


def assert_refused_or_inert(client, query_name: str, arguments: dict, parameter: str, attempt: str) -> None:
    """400 naming the parameter; or 200 with the attempt bound whole as one term, answering
    exactly as an IRI that names nothing would."""
    response = client.get(f"/api/queries/{query_name}", query_string={**arguments, parameter: attempt})
    body = response.get_json()
    if response.status_code == 400:
        assert body["ok"] is False and body["status"] == 400 and body["parameter"] == parameter
        return
    assert response.status_code == 200, body
    bound = body["parameters"][parameter]
    assert bound.endswith(attempt.split(":", 1)[-1]), body["parameters"]
    baseline = client.get(f"/api/queries/{query_name}", query_string={**arguments, parameter: NOTHING}).get_json()
    assert json.dumps(body["rows"]).replace(bound, NOTHING) == json.dumps(baseline["rows"])


@pytest.mark.parametrize("query_name, parameter", PARAMETERS, ids=[f"{q}-{p}" for q, p in PARAMETERS])
def test_injection_in_a_canned_query_parameter_is_refused_or_inert(client, store, before, query_name, parameter):
    for attempt in ATTEMPTS:
        assert_refused_or_inert(client, query_name, valid_arguments(query_name), parameter, attempt)
    assert content(store) == before


@pytest.mark.parametrize("raw, why", [
    ("%ff%fe", "bytes that are not UTF-8"),
    ("id:org/R%00XK", "a NUL byte"),
    ("id:org/R%07XK%1b", "control characters"),
    ("id:org/RXK%0A.%20?s%20?p%20?o", "a newline and a triple pattern"),
])
def test_bad_bytes_in_a_parameter_are_a_400_naming_it(client, raw, why):
    response = client.get(f"/api/queries/members-of-collaborative?collaborative={raw}")
    body = response.get_json()
    assert response.status_code == 400 and body["parameter"] == "collaborative", why


def test_a_very_long_iri_is_one_term_that_matches_nothing(client):
    long_iri = "https://w3id.org/pcgraph/id/collaborative/" + "a" * 100_000
    body = client.get("/api/queries/members-of-collaborative", query_string={"collaborative": long_iri}).get_json()
    assert body["ok"] is True and body["rows"] == [] and body["parameters"]["collaborative"] == long_iri


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_injection_in_a_question_runs_no_query_of_its_own(client, store, before, attempt):
    """A question carrying SPARQL is either declined or read as words; no text of it reaches a query."""
    body = client.get("/api/ask", query_string={"q": f"who is in {attempt}"}).get_json()
    assert body["ok"] is True
    if body["sparql"]:
        for fragment in ("DROP", "UNION { ?s", "?s ?p ?o", "?x ?y ?z", "{{", "$as_of"):
            if fragment in attempt:
                assert fragment not in body["sparql"]
    assert content(store) == before


@pytest.mark.parametrize("raw", ["%ff%fe%00", "who%00is%07in%1bthe%20Black%20Country%20collaborative", "%C0%AF"])
def test_control_characters_and_bad_bytes_in_a_question_are_declined_or_read_as_words(client, raw):
    response = client.get(f"/api/ask?q={raw}")
    assert response.status_code in (200, 400)
    body = response.get_json()
    if response.status_code == 400:
        assert body["parameter"] == "q"
    else:
        assert body["ok"] is True


def test_a_very_long_question_is_a_400_naming_q(client):
    body = client.get("/api/ask", query_string={"q": "who is in " * 20_000}).get_json()
    assert body["ok"] is False and body["status"] == 400 and body["parameter"] == "q"


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_injection_in_search_is_just_text(client, attempt):
    body = client.get("/api/search", query_string={"q": attempt}).get_json()
    assert body["ok"] is True and body["q"] == attempt.strip()
    assert all(hit["iri"].startswith("https://w3id.org/pcgraph/") for hit in body["results"])
