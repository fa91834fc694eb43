"""``pcgraph serve`` options: a remote endpoint instead of the store, and extra files for one run."""

from __future__ import annotations

import subprocess

import requests

from support.cli import PCGRAPH
from support.fixture_store import fixture_store_dir
from support.oxigraph_server import oxigraph_server
from support.server import running_server

BCPC = "id:collaborative/black-country-provider-collaborative"
EXTRA = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/pcgraph/id/org/QUA> skos:altLabel "Zebra board for this run only" .
"""
BROKEN = "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<https://w3id.org/pcgraph/id/org/QUA> skos:altLabel .\n"


def members(base: str) -> list[str]:
    answer = requests.get(f"{base}/queries/members-of-collaborative.json",
                          params={"collaborative": BCPC, "as_of": "2025-06-01"}, timeout=30)
    assert answer.status_code == 200, answer.text
    return sorted(row["odsCode"] for row in answer.json()["rows"])


def test_serve_on_a_remote_sparql_endpoint(tmp_path):
    location = fixture_store_dir(tmp_path / "oxigraph")
    with oxigraph_server(location) as remote:
        with running_server("--endpoint", remote.query_url, "--update-endpoint", remote.update_url) as base:
            assert members(base) == ["RBK", "RL4", "RNA", "RXK"]
            page = requests.get(f"{base}/id/collaborative/black-country-provider-collaborative",
                                headers={"Accept": "text/html"}, timeout=30)
            assert page.status_code == 200 and "The Dudley Group NHS Foundation Trust" in page.text
            # the rules run on the remote store's graphs too
            validation = requests.get(f"{base}/validation.json", timeout=60)
            assert validation.status_code == 200 and validation.json()["findings"]
            refused = requests.get(f"{base}/sparql", params={"query": "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"},
                                   timeout=30)
            assert refused.status_code == 403


def test_data_files_are_added_for_one_run_only(tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    store = tmp_path / "store"
    with running_server("--store", str(store), "--data", str(extra)) as base:
        hits = requests.get(f"{base}/api/search", params={"q": "Zebra board"}, timeout=30).json()["results"]
        assert hits[0]["iri"] == "https://w3id.org/pcgraph/id/org/QUA"
        assert members(base) == ["RBK", "RL4", "RNA", "RXK"], "the default data is there too"
    with running_server("--store", str(store)) as base:
        hits = requests.get(f"{base}/api/search", params={"q": "Zebra board"}, timeout=30).json()["results"]
        assert not hits or hits[0]["iri"] != "https://w3id.org/pcgraph/id/org/QUA"


def test_a_bad_data_file_stops_the_server_with_an_error_naming_it(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN, encoding="utf-8")
    result = subprocess.run([*PCGRAPH, "serve", "--port", "0", "--data", str(broken)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("error:") and "broken.ttl" in result.stderr and "line 2" in result.stderr


def test_an_update_endpoint_needs_a_query_endpoint(tmp_path):
    result = subprocess.run([*PCGRAPH, "serve", "--update-endpoint", "http://127.0.0.1:9/update"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "--update-endpoint needs --endpoint" in result.stderr


def test_store_and_endpoint_are_exclusive(tmp_path):
    result = subprocess.run([*PCGRAPH, "serve", "--store", str(tmp_path), "--endpoint", "http://127.0.0.1:9/q"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "not both" in result.stderr
