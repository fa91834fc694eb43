"""Every web query is bounded for real, against a real ``pcgraph serve``.

pcgraph's own queries (canned queries, entity pages, questions, search) run in a pool of
worker processes of their own, apart from the public SPARQL endpoint's pool: at the time
limit the worker running the query is killed, the client gets the usual 503, and the next
request is answered at once. A flood of public SPARQL cannot starve the pages, and data
written through the import API is what the next page and canned query show.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from pcgraph.store.embedded import EmbeddedStore
from support.cli import PCGRAPH
from support.fixture_store import fixture_store_dir
from support.processes import ServerProcess

# On the synthetic graph at scale 10 (163k triples) this query joins every active
# membership to every ICB relation: a few hundred milliseconds at best, far past 0.1 s.
BROAD = "/api/queries/collaboratives-spanning-icbs"
SMALL = ("/api/queries/members-of-collaborative?collaborative="
         "https://w3id.org/pcgraph/id/collaborative/black-country-provider-collaborative")
RUNAWAY_SPARQL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TOKEN = "query-limits-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ID = "https://w3id.org/pcgraph/id/"


def query_workers(server: ServerProcess) -> set[int]:
    """Process ids of the server's query workers: the children of its forkserver."""
    children = _children()
    forkservers = [pid for pid in children.get(server.process.pid, []) if b"forkserver" in _cmdline(pid)]
    return {pid for fork in forkservers for pid in children.get(fork, [])}


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory):
    """A server over the fixture graph plus the synthetic graph at scale 10, with a 0.1 s limit."""
    folder = fixture_store_dir(tmp_path_factory.mktemp("query-limits-large"))
    synthetic = subprocess.run([*PCGRAPH, "synth", "--scale", "10", "--seed", "1"], capture_output=True, timeout=300)
    assert synthetic.returncode == 0, synthetic.stderr
    store = EmbeddedStore.open(folder, load_defaults=False)
    store.oxigraph.bulk_load(synthetic.stdout, format=ox.RdfFormat.N_TRIPLES,
                             to_graph=ox.NamedNode("https://w3id.org/pcgraph/graph/synthetic"))
    store.close()
    with ServerProcess("--store", str(folder), env={"PCGRAPH_QUERY_TIMEOUT": "0.1"}) as server:
        yield server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server over the fixture graph with writes enabled and a 3 s limit."""
    folder = fixture_store_dir(tmp_path_factory.mktemp("query-limits-small"))
    env = {"PCGRAPH_QUERY_TIMEOUT": "3", "PCGRAPH_API_TOKEN": TOKEN}
    with ServerProcess("--store", str(folder), env=env) as server:
        yield server


def assert_timeout(response: requests.Response) -> None:
    assert response.status_code == 503, response.text[:500]
    if response.headers["Content-Type"].startswith("application/json"):
        body = response.json()
        assert body["ok"] is False and body["status"] == 503 and "time limit" in body["error"]
    else:
        assert "time limit" in response.text


def test_a_canned_query_past_the_limit_is_cancelled_and_its_worker_killed(slow_server):
    assert requests.get(slow_server.url + SMALL, timeout=60).status_code == 200  # the workers are up
    for _ in range(3):
        before = query_workers(slow_server)
        assert_timeout(requests.get(slow_server.url + BROAD, timeout=60))
        after = query_workers(slow_server)
        killed = before - after
        assert len(killed) == 1 and all(gone(pid) for pid in killed), "the worker that ran it is gone"
        assert len(after) == len(before), "and a fresh worker took its place"


def test_the_html_page_of_a_cancelled_query_is_a_503_page(slow_server):
    response = requests.get(slow_server.url + "/queries/collaboratives-spanning-icbs", timeout=60,
                            headers={"Accept": "text/html"})
    assert response.headers["Content-Type"].startswith("text/html")
    assert_timeout(response)


def test_after_cancelled_queries_a_small_one_is_answered_at_once(slow_server):
    for _ in range(2):
        assert_timeout(requests.get(slow_server.url + BROAD, timeout=60))
    started = time.monotonic()
    answer = requests.get(slow_server.url + SMALL, timeout=60)
    assert answer.status_code == 200 and answer.json()["rows"]
    assert time.monotonic() - started < 5


def test_a_flood_of_runaway_public_sparql_does_not_starve_the_pages(server):
    stop = threading.Event()
    statuses: list[int] = []

    def flood():
        while not stop.is_set():
            statuses.append(requests.get(server.url + "/sparql", params={"query": RUNAWAY_SPARQL}, timeout=60).status_code)

    flooders = [threading.Thread(target=flood) for _ in range(4)]
    for thread in flooders:
        thread.start()
    try:
        time.sleep(0.5)
        pages = []
        for _ in range(3):
            for path in ("id/org/RXK", "id/collaborative/black-country-provider-collaborative"):
                pages.append(requests.get(server.url + "/" + path, timeout=60))
            pages.append(requests.get(server.url + "/api/queries/members-of-collaborative",
                                      params={"collaborative": ID + "collaborative/black-country-provider-collaborative"},
                                      timeout=60))
    finally:
        stop.set()
        for thread in flooders:
            thread.join()
    assert [p.status_code for p in pages] == [200] * len(pages)
    assert statuses and set(statuses) == {503}, "every runaway was cancelled at the limit"


def test_data_written_through_the_import_api_shows_in_canned_queries_and_pages(server):
    collaborative = ID + "collaborative/nwl-community-provider-collaborative"
    members = f"{server.url}/api/queries/members-of-collaborative"

    def member_codes() -> set[str]:
        answer = requests.get(members, params={"collaborative": collaborative, "as_of": "2025-01-01"}, timeout=30)
        assert answer.status_code == 200, answer.text
        return {row["odsCode"] for row in answer.json()["rows"]}

    page = f"{server.url}/id/collaborative/nwl-community-provider-collaborative"
    assert "RAX" not in member_codes()
    assert "Kingston and Richmond" not in requests.get(page, timeout=30).text
    turtle = f"""@prefix pc: <https://w3id.org/pcgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{ID}membership/nwl-community-provider-collaborative/RAX> a org:Membership ;
    org:member <{ID}org/RAX> ; org:organization <{collaborative}> ;
    pc:role pc:Member ; pc:startDate "2024-11-01"^^xsd:date .
"""
    written = requests.post(f"{server.url}/api/import", params={"graph": "https://w3id.org/pcgraph/graph/test-rax"},
                            data=turtle.encode(), headers={**AUTH, "Content-Type": "text/turtle"}, timeout=60)
    assert written.status_code == 200, written.text
    assert "RAX" in member_codes()
    assert "Kingston and Richmond" in requests.get(page, timeout=30).text
    organisation = requests.get(f"{server.url}/id/org/RAX", timeout=30).text
    assert "nwl-community-provider-collaborative" in organisation
