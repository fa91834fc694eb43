"""Hostile SPARQL against a real ``pcgraph serve``: every file in ``tests/hostile/sparql/`` says
on its first line the outcome it must get (``# expect: STATUS [line N]``), whichever way it
is sent. Nothing is ever written, runaway queries are cancelled at the time limit, and the
server answers a small query at once afterwards."""

from __future__ import annotations

import hashlib
import json
import re
import socket
import time
from pathlib import Path

import pytest
import requests

from support.fixture_store import fixture_store_dir
from support.server import running_server, send_every_way

CORPUS = Path(__file__).parent / "hostile" / "sparql"
CASES = sorted(CORPUS.glob("*.rq"))
EVERYTHING = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def expectation(path: Path) -> tuple[int, int | None]:
    match = re.match(r"# expect: (\d{3})(?: line (\d+))?", path.read_text().splitlines()[0])
    assert match, f"{path.name} must start with '# expect: STATUS [line N]'"
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = fixture_store_dir(tmp_path_factory.mktemp("hostile-sparql-store"))
    env = {"PCGRAPH_QUERY_TIMEOUT": "0.5", "PCGRAPH_MAX_ROWS": "100000", "PCGRAPH_MAX_UPLOAD_BYTES": "1000000"}
    with running_server("--store", str(store), env=env) as base:
        yield base


def fingerprint(server: str) -> str:
    """A digest of every quad the server holds, to compare before and after."""
    answer = requests.post(f"{server}/sparql", data={"query": EVERYTHING}, timeout=30)
    assert answer.status_code == 200 and not answer.json().get("truncated")
    # Blank node labels are per answer, so they are compared as blank nodes only.
    rows = sorted(str(sorted((k, "_:" if v["type"] == "bnode" else v["value"]) for k, v in b.items()))
                  for b in answer.json()["results"]["bindings"])
    assert rows, "the store should not be empty"
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def assert_error(response: requests.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["ok"] is False and body["status"] == status and body["error"]
    return body


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_each_hostile_query_gets_exactly_its_outcome_and_writes_nothing(server, case):
    status, line = expectation(case)
    before = fingerprint(server)
    responses = send_every_way(server, case.read_text())
    if status == 503:
        responses = responses[:1]  # one runaway per case is enough to show the limit
    for response in responses:
        body = assert_error(response, status)
        if line is not None:
            assert body["line"] == line and isinstance(body["column"], int) and body["column"] >= 1
        if status == 503:
            assert "time limit" in body["error"]
        if case.stem.startswith("service-"):
            assert "SERVICE" in body["error"]
    assert fingerprint(server) == before
    started = time.monotonic()
    quick = requests.get(f"{server}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("case", [c for c in CASES if c.stem.startswith("update-")], ids=lambda c: c.stem)
def test_an_update_sent_as_an_update_is_refused_too(server, case):
    before = fingerprint(server)
    url = f"{server}/sparql"
    for response in (
        requests.post(url, data=case.read_text().encode(), headers={"Content-Type": "application/sparql-update"}, timeout=30),
        requests.post(url, data={"update": case.read_text()}, timeout=30),
    ):
        body = assert_error(response, 403)
        assert "read-only" in body["error"]
    assert fingerprint(server) == before


def test_a_query_that_is_not_utf8_is_a_clean_400(server):
    raw = "SELECT * WHERE { ?s ?p \"caf\u00e9\" }".encode("latin-1")
    answer = requests.post(f"{server}/sparql", data=raw, headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert "UTF-8" in assert_error(answer, 400)["error"]


UPLOAD_LIMIT = 1_000_000  # PCGRAPH_MAX_UPLOAD_BYTES of the server fixture


def assert_too_large(response: requests.Response) -> None:
    """The app's 413: JSON naming the limit and the setting that raises it."""
    body = assert_error(response, 413)
    assert body["limit"] == UPLOAD_LIMIT and body["setting"] == "PCGRAPH_MAX_UPLOAD_BYTES"
    assert "1,000,000 bytes" in body["error"] and "PCGRAPH_MAX_UPLOAD_BYTES" in body["error"]


def test_a_huge_query_is_refused_before_it_is_parsed(server):
    """Far over the upload limit (2.9 MB declared), the body is refused unread, in the app's error shape."""
    text = "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ",".join(f'"{i}"' for i in range(300_000)) + ")) }"
    answer = requests.post(f"{server}/sparql", data=text.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=60)
    assert_too_large(answer)
    assert answer.headers["Connection"] == "close"
    assert requests.get(f"{server}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30).json()["boolean"] is True


def test_a_body_just_over_the_limit_gets_the_same_413(server):
    answer = requests.post(f"{server}/sparql", data=b"#" * (UPLOAD_LIMIT + 1),
                           headers={"Content-Type": "application/sparql-query"}, timeout=60)
    assert_too_large(answer)


def test_a_browser_gets_the_413_as_a_page(server):
    answer = requests.post(f"{server}/sparql", data=b"#" * (UPLOAD_LIMIT + 1),
                           headers={"Content-Type": "application/sparql-query", "Accept": "text/html"}, timeout=60)
    assert answer.status_code == 413 and answer.headers["Content-Type"].startswith("text/html")
    assert "PCGRAPH_MAX_UPLOAD_BYTES" in answer.text


def send_chunked(server: str, size: int) -> bytes:
    """POST ``size`` bytes to /sparql with chunked transfer encoding (no Content-Length); the raw answer."""
    host, port = server.removeprefix("http://").rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: pcgraph\r\nContent-Type: application/sparql-query\r\n"
                     b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        chunk = b"#" * 65_536
        try:
            for _ in range(size // len(chunk)):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: its answer is already on the way
        answer = b""
        try:
            while data := sock.recv(65_536):
                answer += data
        except ConnectionResetError:
            pass
    return answer


@pytest.mark.parametrize("size", [UPLOAD_LIMIT + 65_536, 5 * UPLOAD_LIMIT], ids=["just-over", "far-over"])
def test_a_chunked_body_over_the_limit_is_bounded_and_gets_the_same_413(server, size):
    """Without a Content-Length the limit still holds: the app refuses a chunked body just over it,
    the front server stops reading one far over it; both answer in the app's error shape."""
    head, _, body = send_chunked(server, size).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 "), head
    assert b"Content-Type: application/json" in head
    answer = json.loads(body)
    assert answer["status"] == 413 and answer["limit"] == UPLOAD_LIMIT
    assert answer["setting"] == "PCGRAPH_MAX_UPLOAD_BYTES"
    assert requests.get(f"{server}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30).json()["boolean"] is True


def test_control_characters_in_a_query_are_a_syntax_error_not_a_crash(server):
    answer = requests.get(f"{server}/sparql", params={"query": "SELECT * WHERE {\n ?s ?p \x00\x07 }"}, timeout=30)
    body = assert_error(answer, 400)
    assert body["line"] == 2
