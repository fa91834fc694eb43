"""The ``Host`` header a client sends is never written into a document another client could
be served from a shared cache: the SPARQL service description and the API description give
``PCGRAPH_PUBLIC_URL``, else the address the server listens on."""

from __future__ import annotations

import pytest
import requests

from pcgraph.settings import Settings, SettingError
from pcgraph.web.app import create_app
from support.fixture_store import fixture_store, fixture_store_dir
from support.server import running_server

EVIL = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


def test_the_configured_public_url_is_used_whatever_the_host_header():
    client = create_app(Settings(public_url="https://pcgraph.example.org/"), store=fixture_store()).test_client()
    description = client.get("/sparql", headers={**EVIL, "Accept": "application/n-triples"}).get_data(as_text=True)
    assert "<https://pcgraph.example.org/sparql>" in description and "evil.example" not in description
    openapi = client.get("/api/openapi.json", headers=EVIL).get_json()
    assert openapi["servers"][0]["url"] == "https://pcgraph.example.org"


def test_a_real_server_describes_itself_at_its_own_address(tmp_path):
    with running_server("--store", str(fixture_store_dir(tmp_path / "store"))) as base:
        description = requests.get(f"{base}/sparql", headers={**EVIL, "Accept": "application/n-triples"}, timeout=30).text
        openapi = requests.get(f"{base}/api/openapi.json", headers=EVIL, timeout=30).json()
    assert f"<{base.rstrip('/')}/sparql>" in description and "evil.example" not in description
    assert openapi["servers"][0]["url"] == base.rstrip("/")


@pytest.mark.parametrize("value", ["pcgraph.example.org", "ftp://example.org", "https://", "https://a b"])
def test_a_public_url_that_is_not_a_web_address_is_refused_naming_the_setting(value):
    with pytest.raises(SettingError, match="PCGRAPH_PUBLIC_URL"):
        Settings.from_env({"PCGRAPH_PUBLIC_URL": value})
