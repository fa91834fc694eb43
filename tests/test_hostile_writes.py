"""Hostile writes: imports that try to read other files, expand without limit, fetch remote
contexts, or exhaust memory; bodies too large or of the wrong type; writes without the token;
path traversal in graph names and static paths. Each gets its exact status and error, and the
store's content is byte-for-byte what it was."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from pcgraph.cli import main
from pcgraph.settings import Settings
from pcgraph.web.app import create_app
from support.fixture_store import FIXTURE_GRAPH, fixture_store
from support.server import running_server
from support.stores import content, default_store_copy

CORPUS = Path(__file__).parent / "hostile" / "imports"
TOKEN = "correct-horse-battery-staple"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
RXK = "https://w3id.org/pcgraph/id/org/RXK"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
GOOD = f'<{RXK}> <{ALT}> "SWBH" .\n'.encode()
LIMIT = 1_000_000

# file in tests/hostile/imports -> (content type, what the 400 must say)
FILES = {
    "external-entity.rdf": ("application/rdf+xml", ["upload.rdf, line 2", "external entity 'secret'"]),
    "parameter-entity.rdf": ("application/rdf+xml", ["upload.rdf, line 2", "external entity 'remote'"]),
    "entity-bomb.rdf": ("application/rdf+xml", ["upload.rdf, line 4", "nested or parameter entity"]),
    "remote-context.jsonld": ("application/ld+json", ["upload.jsonld", "never fetches"]),
}


def huge_literal() -> bytes:
    """One literal longer than any parser buffer (20 MB)."""
    return f'<{RXK}> <{ALT}> "'.encode() + b"a" * 20_000_000 + b'" .\n'


def deep_jsonld(depth: int = 100_000) -> bytes:
    return (f'{{"@id": "{RXK}", "http://example.org/p": ' + '{"http://example.org/p": ' * depth + "1"
            + "}" * depth + "}").encode()


def deep_rdfxml(depth: int = 50_000) -> bytes:
    """Resources described inside one another ``depth`` deep, one level a line: the element past
    1,000 deep (the refusal) is on line 502."""
    return ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:ex="http://example.org/">\n' + "<rdf:Description><ex:p>\n" * depth + "x"
            + "</ex:p></rdf:Description>" * depth + "\n</rdf:RDF>\n").encode()


def newline_label(size: int = 9_000_000) -> bytes:
    """A collaborative whose label is ``size`` newlines (a file too large to keep in memory for
    finding lines, so the line is found by reading it again)."""
    return (b"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\n"
            b'<https://w3id.org/pcgraph/id/collaborative/x> skos:prefLabel """' + b"\n" * size + b'""" .\n')


def scoped_contexts(terms: int = 3_000, uses: int = 8_000) -> bytes:
    """A context of ``terms`` terms scoped to one term used ``uses`` times: each use makes the
    parser process the whole context again (24 million term definitions)."""
    scoped = {f"a{i}": f"http://example.org/a{i}" for i in range(terms)}
    return json.dumps({"@context": {"t": {"@id": "http://example.org/t", "@context": scoped}},
                       "@graph": [{"@id": f"{RXK}/{i}", "t": {"@id": f"http://example.org/m{i}", "a1": "x"}}
                                  for i in range(uses)]}).encode()


def blank_nodes(count: int = 1_000_000) -> bytes:
    """``count`` blank nodes in one small Turtle statement (3 bytes each)."""
    return f"<{RXK}> <http://example.org/p> ".encode() + b",".join([b"[]"] * count) + b" .\n"


@pytest.fixture
def store():
    return fixture_store()


@pytest.fixture
def client(store):
    return create_app(Settings(api_token=TOKEN, max_upload_bytes=50_000_000), store=store).test_client()


def assert_error(response, status: int, *says: str) -> dict:
    assert response.status_code == status, response.get_data()[:500]
    body = response.get_json()
    assert body["ok"] is False and body["status"] == status
    for text in says:
        assert text in body["error"], body["error"]
    return body


def both_write_routes(client, data: bytes, content_type: str, headers=AUTH):
    yield client.post("/api/import", data=data, content_type=content_type, headers=headers)
    yield client.put(f"/graphs?graph={FIXTURE_GRAPH}", data=data, content_type=content_type, headers=headers)
    yield client.post(f"/graphs?graph={FIXTURE_GRAPH}", data=data, content_type=content_type, headers=headers)


@pytest.mark.parametrize("name", sorted(FILES))
def test_hostile_files_are_refused_with_file_and_line(client, store, name):
    content_type, says = FILES[name]
    before = content(store)
    for response in both_write_routes(client, (CORPUS / name).read_bytes(), content_type):
        assert_error(response, 400, *says)
    assert content(store) == before


def test_an_overlong_label_is_refused_on_every_write_route_naming_line_and_subject(client, store):
    before = content(store)
    for response in both_write_routes(client, newline_label(), "text/turtle"):
        assert_error(response, 400, "upload.ttl, line 3", "<https://w3id.org/pcgraph/id/collaborative/x>",
                     "9,000,000 characters", "PCGRAPH_MAX_LITERAL_CHARS")
    assert content(store) == before


@pytest.mark.parametrize("make, content_type, says", [
    (huge_literal, "application/n-triples", ["upload.nt", "too large"]),
    (huge_literal, "text/turtle", ["upload.ttl", "too large"]),
    (deep_jsonld, "application/ld+json", ["upload.jsonld", "nested too deeply"]),
    (scoped_contexts, "application/ld+json", ["upload.jsonld", "24,000,001 term definitions", "1,000,000"]),
    (deep_rdfxml, "application/rdf+xml", ["upload.rdf, line 502", "nested more than 1,000 elements deep"]),
], ids=["huge-literal-ntriples", "huge-literal-turtle", "deep-jsonld", "scoped-contexts-jsonld", "deep-rdfxml"])
def test_documents_built_to_exhaust_the_parser_are_a_clean_400(client, store, make, content_type, says):
    before = content(store)
    data = make()
    started = time.monotonic()
    response = client.post("/api/import", data=data, content_type=content_type, headers=AUTH)
    assert_error(response, 400, *says)
    assert time.monotonic() - started < 5
    assert content(store) == before


def test_a_million_blank_nodes_over_the_upload_limit_is_413_unread(store):
    small = create_app(Settings(api_token=TOKEN, max_upload_bytes=LIMIT), store=store).test_client()
    before = content(store)
    body = blank_nodes()
    assert len(body) > LIMIT
    for response in both_write_routes(small, body, "text/turtle"):
        refusal = assert_error(response, 413, "upload limit of 1,000,000 bytes", "PCGRAPH_MAX_UPLOAD_BYTES")
        assert refusal["limit"] == LIMIT and refusal["setting"] == "PCGRAPH_MAX_UPLOAD_BYTES"
    assert content(store) == before


@pytest.mark.parametrize("content_type", ["image/png", "application/x-www-form-urlencoded", "application/json",
                                          "text/html", "application/octet-stream"])
def test_wrong_content_types_are_415(client, store, content_type):
    before = content(store)
    for response in both_write_routes(client, GOOD, content_type):
        assert_error(response, 415)
    assert content(store) == before


@pytest.mark.parametrize("headers, status", [
    ({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"Authorization": f"Basic {TOKEN}"}, 401),
    ({"Authorization": f"Bearer {TOKEN}x"}, 401), ({"Authorization": f"Bearer {TOKEN[:-1]}"}, 401),
    ({"Authorization": "Bearer " + "\u00e9" * 10}, 401),
])
def test_writes_without_the_right_token_write_nothing(client, store, headers, status):
    before = content(store)
    for response in both_write_routes(client, GOOD, "application/n-triples", headers=headers):
        assert_error(response, status)
    assert_error(client.delete(f"/graphs?graph={FIXTURE_GRAPH}", headers=headers), status)
    assert content(store) == before


def test_with_no_token_configured_every_write_is_403(store):
    closed = create_app(Settings(), store=store).test_client()
    before = content(store)
    for response in both_write_routes(closed, GOOD, "application/n-triples", headers=AUTH):
        assert_error(response, 403, "disabled")
    assert content(store) == before


@pytest.mark.parametrize("graph", ["../../etc/passwd", "/etc/passwd", "..%2F..%2Fetc%2Fpasswd", "", " ",
                                   "pc:x y", "https://w3id.org/pcgraph/graph/a b"])
def test_graph_names_that_are_not_iris_are_a_400_naming_graph(client, store, graph):
    before = content(store)
    for response in (client.put(f"/graphs?graph={graph}", data=GOOD, content_type="application/n-triples", headers=AUTH),
                     client.get(f"/graphs?graph={graph}"),
                     client.delete(f"/graphs?graph={graph}", headers=AUTH)):
        assert_error(response, 400)
    assert content(store) == before


def test_a_file_iri_as_graph_name_is_only_a_name(client, store, tmp_path):
    """Graph names are IRIs in the store, never paths: a file: IRI touches no file."""
    target = tmp_path / "victim.txt"
    target.write_text("unchanged")
    response = client.put(f"/graphs?graph={target.as_uri()}", data=GOOD, content_type="application/n-triples", headers=AUTH)
    assert response.status_code == 201
    assert target.read_text() == "unchanged"
    assert client.get(f"/graphs?graph={target.as_uri()}", headers={"Accept": "application/n-triples"}).data == GOOD


STATIC_ATTEMPTS = ["/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e%2fapp.py",
                   "/static/..%5capp.py", "/static/....//app.py", "/static/%252e%252e/app.py",
                   "/static/../../pcgraph/settings.py", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
                   "/static/..%c0%afapp.py", "/static/style.css%00.py"]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    from support.fixture_store import fixture_store_dir
    store = fixture_store_dir(tmp_path_factory.mktemp("hostile-static-store"))
    with running_server("--store", str(store)) as base:
        yield base


@pytest.mark.parametrize("path", STATIC_ATTEMPTS)
def test_static_paths_never_leave_the_static_folder(live, path):
    """Sent raw over a real socket, as an attacker would, so no client tidies the path first."""
    import http.client
    from urllib.parse import urlsplit

    where = urlsplit(live)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status == 308:  # doubled slashes are merged: the redirect stays in the folder
        assert response.getheader("Location").split(where.netloc)[-1].startswith("/static/"), response.getheader("Location")
    else:
        assert response.status in (400, 404), (path, response.status)
    for secret in (b"def create_app", b"class Settings", b"root:"):
        assert secret not in body
    ok = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
    ok.request("GET", "/static/style.css")
    assert ok.getresponse().status == 200
    ok.close()


@pytest.mark.parametrize("make, name, says", [
    (huge_literal, "huge.nt", ["huge.nt", "too large"]),
    (deep_jsonld, "deep.jsonld", ["deep.jsonld", "nested too deeply"]),
    (scoped_contexts, "scoped.jsonld", ["scoped.jsonld", "term definitions", "top-level @context"]),
    (deep_rdfxml, "deep.rdf", ["deep.rdf, line 502", "nested more than 1,000 elements deep"]),
])
def test_the_import_command_refuses_them_too(tmp_path_factory, tmp_path, capsys, make, name, says):
    store_dir = default_store_copy(tmp_path_factory, tmp_path / "store")
    before = content(store_dir)
    source = tmp_path / name
    source.write_bytes(make())
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--store", str(store_dir), str(source)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.strip().startswith("error: ") and "Traceback" not in err and all(s in err for s in says), err
    assert content(store_dir) == before
