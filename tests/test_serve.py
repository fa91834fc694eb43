"""``pcgraph serve`` starts a real WSGI server that answers on loopback."""

from __future__ import annotations

import requests

from support.server import running_server


def test_serve_answers_health_and_the_ontology():
    with running_server() as base:
        health = requests.get(f"{base}/healthz", timeout=10)
        assert health.status_code == 200
        assert health.json()["ok"] is True
        turtle = requests.get(f"{base}/ontology", headers={"Accept": "text/turtle"}, timeout=10)
        assert turtle.headers["Content-Type"].startswith("text/turtle")
        assert "owl:versionIRI" in turtle.text
        html = requests.get(f"{base}/ontology", timeout=10)
        assert "<html" in html.text


def test_the_reading_commands_run_beside_a_serving_store(tmp_path_factory, tmp_path):
    """The README's "Try it" runs ``pcgraph ask`` while the service holds the store."""
    from support.cli import run_pcgraph
    from support.stores import default_store_copy

    store = default_store_copy(tmp_path_factory, tmp_path / "store")
    with running_server("--store", str(store)):
        asked = run_pcgraph("ask", "--store", str(store), "Which ICB is Leeds Teaching Hospitals NHS Trust in?")
        assert asked.returncode == 0, asked.stderr
        assert "West Yorkshire" in asked.stdout
        queried = run_pcgraph("query", "--store", str(store), "ASK { ?s ?p ?o }")
        assert queried.returncode == 0 and queried.stdout == "yes\n", queried.stderr
        exported = run_pcgraph("export", "--store", str(store), "--format", "nquads", "--output", str(tmp_path / "all.nq"))
        assert exported.returncode == 0 and (tmp_path / "all.nq").stat().st_size > 0, exported.stderr
        imported = run_pcgraph("import", "--store", str(store), str(tmp_path / "all.nq"))
        assert imported.returncode == 2 and "in use by another process" in imported.stderr
        tried = run_pcgraph("import", "--store", str(store), "--dry-run", "--graph", "https://example.org/copy",
                            str(tmp_path / "all.nq"))
        assert tried.returncode == 0 and "dry run, nothing written" in tried.stdout, tried.stderr
