"""Entity paths that cannot be IRIs (a space, a quote, a NUL, angle brackets) answer 404 in
the error shape, as for any unknown resource, and log no traceback."""

from __future__ import annotations

import logging

import pytest

from pcgraph.settings import Settings
from pcgraph.web.app import create_app
from support.fixture_store import fixture_store

NOT_IRIS = ["/id/a%20b", "/id/a%22b", "/id/x%00y", "/id/org/RXK%20", "/id/org/%3Cscript%3E", "/id/org/a%7Bb%7D",
            "/id/org/a%5Cb", "/id/org/RXK%20.ttl", "/id/a%60b"]


@pytest.fixture(scope="module")
def client():
    return create_app(Settings(), store=fixture_store()).test_client()


@pytest.mark.parametrize("path", NOT_IRIS)
@pytest.mark.parametrize("accept", ["application/json", "text/html", "text/turtle"])
def test_a_path_that_is_not_an_iri_is_a_404_with_no_traceback(client, caplog, path, accept):
    with caplog.at_level(logging.WARNING):
        response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 404
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    if accept != "text/html":
        body = response.get_json()
        assert body["ok"] is False and "not a valid IRI" in body["error"]


def test_a_real_entity_still_answers(client):
    assert client.get("/id/org/RXK", headers={"Accept": "text/html"}).status_code == 200
