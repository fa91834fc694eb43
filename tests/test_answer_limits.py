"""One anonymous query cannot take the server's memory: ``/sparql`` answers are cut at
``PCGRAPH_MAX_ANSWER_BYTES`` (marked truncated) and a query past ``PCGRAPH_WORKER_MEMORY``
gets 503 while its worker is replaced; never a 500."""

from __future__ import annotations

import pytest

from pcgraph.settings import Settings
from pcgraph.web.app import create_app
from support.fixture_store import fixture_store



def doubled(times: int, select: str) -> str:
    """A query whose ?x{times} is "aaaaaaaaaa" doubled ``times`` times (10 x 2^times characters)."""
    binds = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(times))
    return f'SELECT {select} WHERE {{ BIND("aaaaaaaaaa" AS ?x0) {binds} }}'


@pytest.fixture(scope="module")
def client():
    settings = Settings(worker_memory=300 * 1024 * 1024, max_answer_bytes=1_000_000)
    app = create_app(settings, store=fixture_store())
    yield app.test_client()


def test_a_value_far_over_the_byte_cap_is_a_truncated_answer_not_a_500(client):
    answer = client.get("/sparql", query_string={"query": doubled(21, "?x21")})  # a 20 MB value
    assert answer.status_code == 200
    assert answer.headers["Pcgraph-Truncated"] == "true"
    assert answer.get_json()["results"]["bindings"] == []


def test_many_rows_are_cut_at_the_byte_cap_at_a_whole_row(client):
    answer = client.get("/sparql", query_string={"query": doubled(13, "?i ?x13") .replace(
        "WHERE {", "WHERE { VALUES ?i { 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 }")})  # 20 rows of 80 KB
    assert answer.status_code == 200 and answer.headers["Pcgraph-Truncated"] == "true"
    rows = answer.get_json()["results"]["bindings"]
    assert 0 < len(rows) < 20 and all(len(row["x13"]["value"]) == 81920 for row in rows)


def test_a_query_past_the_worker_memory_limit_is_a_503_and_the_next_query_answers(client):
    answer = client.get("/sparql", query_string={"query": doubled(26, "(STRLEN(?x26) AS ?n)")})
    assert answer.status_code == 503
    body = answer.get_json()
    assert body["ok"] is False and "PCGRAPH_WORKER_MEMORY" in body["error"]
    assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).get_json()["boolean"] is True


def test_with_a_byte_cap_above_what_can_be_read_back_a_huge_value_is_a_413():
    app = create_app(Settings(max_answer_bytes=64 * 1024 * 1024), store=fixture_store())
    answer = app.test_client().get("/sparql", query_string={"query": doubled(21, "?x21")})
    assert answer.status_code == 413 and "too large to read back" in answer.get_json()["error"]
