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
