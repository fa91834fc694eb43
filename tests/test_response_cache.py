"""Answers are kept until the data changes: pages, canned queries and questions are served
from memory with an ETag, revalidated with 304, and never outlive a write."""

from __future__ import annotations

import threading
import time
import urllib.parse

import pytest

from pcgraph.sandbox import SandboxedStore
from pcgraph.settings import Settings
from pcgraph.store.base import Store
from pcgraph.web import context
from pcgraph.web.app import create_app
from pcgraph.web.response_cache import ResponseCache
from support.fixture_store import fixture_store

TOKEN = "a-token-for-the-cache-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PROBE_GRAPH = "https://w3id.org/pcgraph/graph/cache-probe"
PROBE = "https://w3id.org/pcgraph/id/collaborative/cache-probe"
MEMBERS = "/queries/members-of-collaborative.json?collaborative=" + urllib.parse.quote(PROBE)
CODES = ["RXK", "RNA", "RL4", "RBK"]


def probe_turtle(size: int) -> bytes:
    """One collaborative with ``size`` acute trust members (it keeps every rule that blocks)."""
    lines = ["@prefix org: <http://www.w3.org/ns/org#> .", "@prefix pc: <https://w3id.org/pcgraph/ontology#> .",
             "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
             f'<{PROBE}> a pc:Collaborative ; skos:prefLabel "Cache probe" ; pc:purpose "Shows what readers see." .']
    lines += [f"<{PROBE}/m/{code}> a org:Membership ; org:member <https://w3id.org/pcgraph/id/org/{code}> ;"
              f" org:organization <{PROBE}> ; pc:role pc:Member ." for code in CODES[:size]]
    return "\n".join(lines).encode()


def replace_probe(client, size: int) -> None:
    response = client.post(f"/api/import?graph={urllib.parse.quote(PROBE_GRAPH)}&replace=true",
                           data=probe_turtle(size), headers={**AUTH, "Content-Type": "text/turtle"})
    assert response.status_code == 200, response.get_data(as_text=True)


@pytest.fixture()
def app():
    app = create_app(Settings(api_token=TOKEN, query_workers=2, sparql_workers=1), store=fixture_store())
    yield app
    pools = context.state(app).get("pools") or {}
    for name in ("queries", "sparql"):
        if name in pools:
            pools[name].sandbox.close()


@pytest.fixture()
def queries_run(monkeypatch):
    """Counts the queries the web app sends to its store."""
    calls = []
    original = SandboxedStore.query

    def counted(self, sparql, **kwargs):
        calls.append(sparql)
        return original(self, sparql, **kwargs)

    monkeypatch.setattr(SandboxedStore, "query", counted)
    return calls


def members(response) -> int:
    assert response.status_code == 200, response.get_data(as_text=True)
    return len(response.get_json()["rows"])


@pytest.mark.parametrize("path", [
    "/queries/trusts-in-area?area=id:org/Y60",
    "/queries/trusts-in-area.json?area=id:org/Y60",
    "/queries/trusts-in-area.csv?area=id:org/Y60",
    "/id/org/RXK",
    "/api/ask?q=" + urllib.parse.quote("who is in the Black Country Provider Collaborative?"),
])
def test_a_repeated_request_is_answered_without_running_a_query(app, queries_run, path):
    client = app.test_client()
    first = client.get(path)
    assert first.status_code == 200 and queries_run
    ran = len(queries_run)
    second = client.get(path)
    assert len(queries_run) == ran
    assert second.status_code == 200 and second.data == first.data
    assert second.headers["Content-Type"] == first.headers["Content-Type"]
    assert second.headers["ETag"] == first.headers["ETag"]


def test_the_etag_revalidates_with_304_and_no_body(app):
    client = app.test_client()
    first = client.get("/id/org/RXK")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    again = client.get("/id/org/RXK", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert client.get("/id/org/RXK", headers={"If-None-Match": '"something-else"'}).status_code == 200
    assert client.head("/id/org/RXK", headers={"If-None-Match": etag}).status_code == 304


def test_the_negotiated_type_is_part_of_the_key(app):
    client = app.test_client()
    html = client.get("/id/org/RXK", headers={"Accept": "text/html"})
    turtle = client.get("/id/org/RXK", headers={"Accept": "text/turtle"})
    assert html.mimetype == "text/html" and turtle.mimetype == "text/turtle"
    assert client.get("/id/org/RXK", headers={"Accept": "text/turtle"}).data == turtle.data
    assert "Accept" in turtle.headers["Vary"]


def test_a_write_is_seen_by_the_next_request_and_changes_the_etag(app):
    client = app.test_client()
    replace_probe(client, 2)
    before = client.get(MEMBERS)
    assert members(before) == 2
    replace_probe(client, 4)
    after = client.get(MEMBERS, headers={"If-None-Match": before.headers["ETag"]})
    assert members(after) == 4 and after.headers["ETag"] != before.headers["ETag"]


def test_a_refused_write_keeps_the_cached_answers(app, queries_run):
    client = app.test_client()
    client.get("/id/org/RXK")
    ran = len(queries_run)
    bad = client.post("/api/import", data=b"this is not turtle", headers={**AUTH, "Content-Type": "text/turtle"})
    assert bad.status_code == 400
    client.get("/id/org/RXK")
    assert len(queries_run) == ran


def test_errors_and_authorised_requests_are_never_kept(app, queries_run):
    client = app.test_client()
    for _ in range(2):
        assert client.get("/queries/trusts-in-area.json?area=not-an-iri").status_code == 400
    assert client.get("/queries/no-such-query").status_code == 404
    ran = len(queries_run)
    for _ in range(2):
        response = client.get("/id/org/RXK", headers=AUTH)
        assert response.status_code == 200 and "ETag" not in response.headers
    assert len(queries_run) > ran + 1


def test_the_public_sparql_endpoint_is_not_kept(app, queries_run):
    client = app.test_client()
    path = "/sparql?query=" + urllib.parse.quote("SELECT (NOW() AS ?t) WHERE {}")
    client.get(path, headers={"Accept": "application/sparql-results+json"})
    client.get(path, headers={"Accept": "application/sparql-results+json"})
    assert len(queries_run) == 2


def test_a_response_a_write_overtook_is_served_but_not_kept(app, monkeypatch):
    """The request read the data before the write; kept, it would be served after it."""
    from pcgraph import queries

    client = app.test_client()
    replace_probe(client, 2)
    original = queries.run
    runs = []

    def run_then_a_write_lands(*args, **kwargs):
        result = original(*args, **kwargs)
        runs.append(1)
        if len(runs) == 1:
            writer = threading.Thread(target=replace_probe, args=(app.test_client(), 4))
            writer.start()
            writer.join()
        return result

    monkeypatch.setattr(queries, "run", run_then_a_write_lands)
    assert members(client.get(MEMBERS)) == 2   # read before the write landed
    assert members(client.get(MEMBERS)) == 4   # not the kept old answer
    assert len(runs) == 2


def test_readers_during_concurrent_writes_see_whole_answers_never_a_stale_one(app):
    """Eight readers and a writer replacing the probe graph (two members, then four, ...):
    every answer holds two or four members, and once a write has returned no reader is
    given the answer from before it."""
    client = app.test_client()
    replace_probe(client, 2)
    written = {"size": 2, "writes": 0}
    lock = threading.Lock()
    seen, stale, stop = [], [], threading.Event()

    def reader():
        own = app.test_client()
        while not stop.is_set():
            with lock:
                floor = written["writes"]   # writes finished before this request began
                size_then = written["size"]
            count = members(own.get(MEMBERS))
            seen.append(count)
            with lock:
                if written["writes"] == floor and count != size_then:
                    stale.append((floor, size_then, count))

    readers = [threading.Thread(target=reader) for _ in range(8)]
    for thread in readers:
        thread.start()
    try:
        for size in (4, 2, 4, 2, 4, 2):
            with lock:  # readers starting now wait for this write to be counted
                replace_probe(client, size)
                written["size"] = size
                written["writes"] += 1
            read_before = len(seen)
            deadline = time.monotonic() + 10
            while len(seen) < read_before + 8 and time.monotonic() < deadline:
                time.sleep(0.01)   # let the readers read this write's data a few times
    finally:
        stop.set()
        for thread in readers:
            thread.join()
    assert set(seen) == {2, 4}
    assert not stale


def test_the_cache_is_bounded_by_bytes_least_recently_used_first():
    cache = ResponseCache(max_bytes=800)
    for n in range(10):
        assert cache.put(0, ("page", n), bytes(100), f'"{n}"', [])
        cache.get(("page", 0))  # page 0 is read each time: it stays
    assert cache.size <= 800 and len(cache) == 8
    assert cache.get(("page", 0)) is not None and cache.get(("page", 1)) is None
    assert not cache.put(0, ("big", 0), bytes(101), '"big"', [])  # over an eighth of the budget
    cache.clear(generation=1)
    assert len(cache) == 0 and not cache.put(0, ("page", 0), b"old data", '"x"', [])


class Elsewhere(Store):
    """A store the app does not hold alone (as a remote endpoint): others may write to it."""

    def __init__(self, inner):
        self.inner = inner

    def query(self, sparql, **kwargs):
        return self.inner.query(sparql, **kwargs)

    def graphs(self):
        return self.inner.graphs()

    def quads(self, graph=None):
        return self.inner.quads(graph)

    def apply(self, **kwargs):
        self.inner.apply(**kwargs)


def test_nothing_is_kept_from_a_store_others_can_write():
    store = Elsewhere(fixture_store())
    client = create_app(Settings(), store=store).test_client()
    first = client.get("/queries/trusts-in-area.json?area=id:org/Y60")
    assert first.status_code == 200 and "ETag" not in first.headers
    store.inner.oxigraph.update("DELETE WHERE { GRAPH ?g { ?t <https://w3id.org/pcgraph/ontology#region> ?r } }")
    assert client.get("/queries/trusts-in-area.json?area=id:org/Y60").get_json()["rows"] != first.get_json()["rows"]


def test_a_page_saying_the_report_is_being_prepared_is_not_kept(app, monkeypatch):
    from pcgraph.web import findings

    original = findings.report
    calls = []

    def pending_the_first_time(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise findings.ReportPending(None)
        return original(*args, **kwargs)

    monkeypatch.setattr(findings, "report", pending_the_first_time)
    client = app.test_client()
    first = client.get("/validation")
    assert first.status_code == 200 and "ETag" not in first.headers
    second = client.get("/validation")
    assert second.status_code == 200 and second.data != first.data and len(calls) == 2
