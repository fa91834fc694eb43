"""Real SPARQL clients against ``/sparql`` of a running ``pcgraph serve``: Comunica on Node,
and YASGUI in headless Chromium on a page served from another origin.

They are installed by ``npm ci`` in ``tests/clients`` (``.ci/run`` does it); without Node or
the install the tests skip with the reason, except in CI, where that is a failure.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from support.browser import chromium
from support.missing import skip_or_fail
from support.server import running_server

CLIENTS = Path(__file__).parent / "clients"
BCPC = "https://w3id.org/pcgraph/id/collaborative/black-country-provider-collaborative"
MEMBERS = (f"PREFIX org: <http://www.w3.org/ns/org#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
           f"SELECT ?name WHERE {{ ?m org:organization <{BCPC}> ; org:member/skos:prefLabel ?name }}")
CONSTRUCT = (f"PREFIX org: <http://www.w3.org/ns/org#> "
             f"CONSTRUCT {{ ?m org:organization <{BCPC}> }} WHERE {{ ?m org:organization <{BCPC}> }}")
EXPECTED = {"Sandwell and West Birmingham Hospitals NHS Trust", "The Dudley Group NHS Foundation Trust",
            "The Royal Wolverhampton NHS Trust", "Walsall Healthcare NHS Trust"}


def require_clients() -> None:
    missing = []
    if shutil.which("node") is None:
        missing.append("Node.js")
    if not (CLIENTS / "node_modules" / "@comunica" / "query-sparql").is_dir():
        missing.append("the clients (npm ci in tests/clients)")
    if missing:
        skip_or_fail("the real-client tests need " + " and ".join(missing))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_clients()
    with running_server("--store", str(tmp_path_factory.mktemp("clients") / "store")) as base:
        yield base


def comunica(endpoint: str, query: str) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(CLIENTS / "comunica.mjs"), endpoint, query], capture_output=True,
                          text=True, timeout=120, cwd=CLIENTS)


def test_comunica_reads_a_select(server):
    done = comunica(f"{server}/sparql", MEMBERS)
    assert done.returncode == 0, done.stderr
    assert EXPECTED <= {row["name"] for row in json.loads(done.stdout)}


def test_comunica_reads_a_construct(server):
    done = comunica(f"{server}/sparql", CONSTRUCT)
    assert done.returncode == 0, done.stderr
    triples = json.loads(done.stdout)
    assert len(triples) >= 4 and all(o == BCPC for _, _, o in triples)


@pytest.fixture(scope="module")
def other_origin():
    """The YASGUI page on its own loopback port: a different origin from the server's."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(CLIENTS))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def yasgui(server, other_origin):
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"{other_origin}/yasgui.html?endpoint={server}/sparql")
        page.wait_for_function("window.yasgui !== undefined")
        yield page
        page.close()


@pytest.mark.browser
def test_yasgui_on_another_origin_shows_the_answer(yasgui):
    shown = yasgui.evaluate("query => window.runQuery(query)", MEMBERS)
    assert all(name in shown for name in EXPECTED), shown[:500]


@pytest.mark.browser
def test_yasgui_shows_a_syntax_error_as_text(yasgui):
    shown = yasgui.evaluate("query => window.runQuery(query)", "SELECT ?x WHERE {\n  ?x ?y \n}")
    assert "syntax error" in shown.lower() and "line 3" in shown
    assert '"ok"' not in shown and '{"error"' not in shown
