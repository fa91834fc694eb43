"""Fuzz the JSON API from its own OpenAPI description (schemathesis): whatever the generated
parameters and bodies, no request ends in a 500."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

from pcgraph.settings import Settings  # noqa: E402
from pcgraph.web.app import create_app  # noqa: E402
from support.fixture_store import fixture_store  # noqa: E402

APP = create_app(Settings(api_token="fuzz-token", max_upload_bytes=100_000, query_timeout=2.0), store=fixture_store())


@schemathesis.serializer("application/n-triples", "application/n-quads", "application/trig", "application/x-turtle")
def rdf_text(ctx, value) -> bytes:
    """RDF bodies as text: whatever was generated, sent as its UTF-8 string form."""
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_generated_request_is_a_server_error(case):
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:300])
