"""The W3C SPARQL Working Group's protocol test cases, run against a real ``pcgraph serve``.

The cases are data (``tests/w3c/``, with where each came from): every case of the SPARQL 1.1
Protocol manifest and its validator at ``/sparql``, and every case of the Graph Store HTTP
Protocol manifest (``http-rdf-update``) and of its successor's manifest for graphs named
indirectly at ``/graphs``. A case that cannot apply to pcgraph says why in the table and
names the response expected instead, which is checked here.
``docs/conformance.md`` reports the counts these tests keep true.
"""

from __future__ import annotations

import json
import tomllib
import urllib.error
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from SPARQLWrapper import GET, JSON, POST, POSTDIRECTLY, TURTLE, URLENCODED, SPARQLWrapper

from pcgraph.store.embedded import EmbeddedStore
from support.fixture_store import fixture_store_dir
from support.paths import REPO_DIR, TESTS_DIR
from support.server import running_server

W3C = TESTS_DIR / "w3c"
PROTOCOL = tomllib.loads((W3C / "sparql-protocol.toml").read_text(encoding="utf-8"))
GRAPH_STORE = tomllib.loads((W3C / "graph-store-protocol.toml").read_text(encoding="utf-8"))
INDIRECT = tomllib.loads((W3C / "graph-store-protocol-indirect.toml").read_text(encoding="utf-8"))
TOKEN = "w3c-graph-store-token"

RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = RESULT_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
               "application/ld+json": "json-ld"}


def applies(case: dict) -> bool:
    return case.get("applies", True)


def media_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def graph_problems(response: requests.Response, expected_turtle: str) -> list[str]:
    """Whether the response's graph is the expected one (by isomorphism), and if not, how it differs."""
    wanted = rdflib.Graph().parse(data=expected_turtle, format="turtle")
    got = rdflib.Graph().parse(data=response.content, format=RDF_FORMATS[media_type(response)])
    if isomorphic(got, wanted):
        return []
    _, missing, extra = graph_diff(to_isomorphic(wanted), to_isomorphic(got))
    return [f"the graph differs; missing:\n{missing.serialize(format='nt')}"
            f"unexpected:\n{extra.serialize(format='nt')}"]


# -- the SPARQL 1.1 Protocol at /sparql ---------------------------------------------------------


@pytest.fixture(scope="module")
def sparql_server(tmp_path_factory):
    """pcgraph serving a store that holds the cases' graphs, each named as the cases name it."""
    folder = tmp_path_factory.mktemp("w3c-protocol-store")
    store = EmbeddedStore.open(folder, load_defaults=False)
    for name, ntriples in PROTOCOL["graphs"].items():
        store.oxigraph.load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    store.close()
    with running_server("--store", str(folder)) as base:
        yield base


def send_protocol_request(base: str, request: dict) -> requests.Response:
    """One request of a case, with the manifest's endpoint path standing for pcgraph's ``/sparql``."""
    path = request["path"].replace("/sparql/", "/sparql", 1)
    headers = {"Content-Type": request["content_type"]} if "content_type" in request else {}
    body = request.get("body")
    data = body.encode(request.get("encoding", "UTF-8")) if body is not None else None
    return requests.request(request["method"], base + path, data=data, headers=headers, timeout=30)


def status_problems(response: requests.Response, classes: list[str]) -> list[str]:
    if f"{response.status_code // 100}xx" in classes:
        return []
    return [f"status {response.status_code} is not one of {', '.join(classes)}: {response.text[:300]}"]


def boolean_answer(response: requests.Response) -> bool | None:
    if media_type(response) == "application/sparql-results+json":
        return json.loads(response.content).get("boolean")
    if media_type(response) == "application/sparql-results+xml":
        element = ET.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
        return None if element is None else element.text.strip() == "true"
    return None


def format_problems(response: requests.Response, request: dict) -> list[str]:
    kind, found = request.get("format"), media_type(response)
    if kind == "boolean":
        if found not in RESULT_TYPES:
            return [f"an ASK answer as {found!r}, not SPARQL results in XML or JSON"]
        answer = boolean_answer(response)
        if "boolean" in request and answer is not request["boolean"]:
            return [f"ASK answered {answer}, not {request['boolean']}"]
    elif kind == "tabular" and found not in TABULAR_TYPES:
        return [f"a SELECT answer as {found!r}, not a SPARQL results format"]
    elif kind == "RDF":
        if found not in RDF_FORMATS:
            return [f"a graph answer as {found!r}, not an RDF format"]
        rdflib.Graph().parse(data=response.content, format=RDF_FORMATS[found])
    return []


def stored_quads(base: str) -> set[tuple]:
    answer = requests.get(f"{base}/sparql", timeout=30, headers={"Accept": "application/sparql-results+json"},
                          params={"query": "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"}).json()
    return {tuple(row[v]["value"] for v in ("s", "p", "o", "g")) for row in answer["results"]["bindings"]}


@pytest.mark.parametrize("case", PROTOCOL["case"], ids=[case["id"] for case in PROTOCOL["case"]])
def test_sparql_protocol_case(sparql_server, case):
    before = stored_quads(sparql_server)
    if applies(case):
        for request in case["request"]:
            response = send_protocol_request(sparql_server, request)
            problems = status_problems(response, request["status"])
            if not problems and response.ok:
                problems = format_problems(response, request)
            assert not problems, f"{case['name']}: {problems}"
    else:
        response = send_protocol_request(sparql_server, case["request"][0])
        expected = int(case["instead"].split()[0])
        assert response.status_code == expected, (case["reason"], response.status_code, response.text[:300])
        assert "read-only" in response.json()["error"]
    assert stored_quads(sparql_server) == before, "a query never changes the data"


DATA = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
FULL_DATASET_ASK = f"ASK {{ <{DATA.format(3)}> a ?type GRAPH ?g1 {{ <{DATA.format(1)}> a ?type }} " \
                   f"GRAPH ?g2 {{ <{DATA.format(2)}> a ?type }} }}"


@pytest.mark.parametrize("method, how", [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)])
def test_sparqlwrapper_names_the_dataset_in_each_of_the_protocols_forms(sparql_server, method, how):
    client = SPARQLWrapper(f"{sparql_server}/sparql")
    client.setMethod(method)
    client.setRequestMethod(how)
    client.addDefaultGraph(DATA.format(3))
    client.addNamedGraph(DATA.format(1))
    client.addNamedGraph(DATA.format(2))
    client.setQuery(FULL_DATASET_ASK)
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_sparqlwrapper_gets_relative_iris_resolved_and_updates_refused(sparql_server):
    client = SPARQLWrapper(f"{sparql_server}/sparql")
    client.setQuery("CONSTRUCT { <s> <p> 1 } WHERE {}")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().response.read(), format="turtle")
    assert {str(s) for s in graph.subjects()} == {f"{sparql_server}/s"}
    client.setMethod(POST)
    client.setQuery("CLEAR ALL")
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    refused.value.close()
    assert refused.value.code == 403


# -- the Graph Store HTTP Protocol at /graphs ----------------------------------------------------


@dataclass
class Message:
    """An HTTP message as the manifest writes it: a start line, headers, and a body."""

    start: str
    headers: dict[str, str]
    body: str

    @classmethod
    def parse(cls, text: str) -> "Message":
        head, _, body = text.strip("\n").partition("\n\n")
        start, *lines = head.split("\n")
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return cls(start.strip(), headers, body.strip("\n"))

    @property
    def status(self) -> int:
        return int(self.start.split()[0])

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class GraphStoreRun:
    """Sends the cases in order to one graph store, remembering what they leave for later cases."""

    def __init__(self, base: str):
        self.base = base
        self.host = urllib.parse.urlsplit(base).netloc
        self.new_path = "$NEWPATH$"

    def fill(self, text: str) -> str:
        return (text.replace("$HOST$/$GRAPHSTORE$", f"{self.host}/graphs").replace("$GRAPHSTORE$", "/graphs")
                .replace("$HOST$", self.host).replace("$NEWPATH$", self.new_path))

    def url(self, target: str) -> str:
        """The URL for a request target; a graph named directly (a path below the graph store) is
        named indirectly, by its full IRI."""
        if target.startswith(("http://", "https://")):
            return target
        if target.startswith("/graphs/"):
            iri = f"http://{self.host}{target}"
            return f"{self.base}/graphs?graph={urllib.parse.quote(iri, safe='')}"
        return self.base + target

    def send(self, text: str) -> requests.Response:
        message = Message.parse(self.fill(text))
        method, target, _version = message.start.split()
        headers = {name: value for name, value in message.headers.items() if name != "host"}
        body = message.body.encode("utf-8") if message.body else None
        if body is not None and message.media_type == "multipart/form-data":
            body = (message.body.replace("\n", "\r\n") + "\r\n").encode("utf-8")
        if method in ("PUT", "POST", "DELETE"):
            headers["Authorization"] = f"Bearer {TOKEN}"
        return requests.request(method, self.url(target), data=body, headers=headers, timeout=60)

    def problems(self, response: requests.Response, expected: Message, *, holds: str | None = None) -> list[str]:
        found = []
        statuses = {200, 204} if expected.status in (200, 204) else {expected.status}
        if response.status_code not in statuses:
            return [f"status {response.status_code}, expected {expected.start}: {response.text[:300]}"]
        if "location" in expected.headers:
            if not response.headers.get("Location"):
                return ["no Location header"]
            self.new_path = response.headers["Location"]
        if "allow" in expected.headers:
            allowed = {m.strip() for m in response.headers.get("Allow", "").split(",")}
            if not {m.strip() for m in expected.headers["allow"].split(",")} <= allowed:
                found.append(f"Allow is {response.headers.get('Allow')!r}, expected {expected.headers['allow']!r}")
        if expected.media_type and media_type(response) != expected.media_type:
            found.append(f"Content-Type {media_type(response)!r}, expected {expected.media_type!r}")
        elif expected.body:
            found += graph_problems(response, self.fill(expected.body))
        if holds:
            part = self.send(f"GET {holds} HTTP/1.1\nAccept: application/n-triples\n")
            merged = self.send("GET $GRAPHSTORE$?default HTTP/1.1\nAccept: application/n-triples\n")
            lost = set(part.text.splitlines()) - set(merged.text.splitlines())
            if part.status_code != 200 or lost:
                found.append(f"the default graph lacks {sorted(lost)} of {holds}")
        return found

    def run(self, case: dict) -> list[str]:
        """The case's problems (none when it passes); a case that cannot even be sent is a problem too."""
        try:
            return self._run(case)
        except (requests.RequestException, ValueError, KeyError, SyntaxError) as exc:
            return [f"could not run: {type(exc).__name__}: {exc}"]

    def _run(self, case: dict) -> list[str]:
        for setup in case.get("setup", []):
            response = self.send(setup)
            if not response.ok:
                return [f"setup failed: {response.status_code} {response.text[:300]}"]
        response = self.send(case["request"])
        if applies(case):
            return self.problems(response, Message.parse(self.fill(case["response"])))
        return self.problems(response, Message.parse(self.fill(case["instead"])), holds=case.get("instead_holds"))


@pytest.fixture(scope="module")
def graph_store_outcomes(tmp_path_factory) -> dict[str, list[str]]:
    """Every case run in order against pcgraph with its ontology and a small graph; each case's problems."""
    folder = fixture_store_dir(tmp_path_factory.mktemp("w3c-graph-store"))
    with running_server("--store", str(folder), env={"PCGRAPH_API_TOKEN": TOKEN}) as base:
        run = GraphStoreRun(base)
        return {case["id"]: run.run(case) for case in GRAPH_STORE["case"]}


@pytest.mark.parametrize("case", GRAPH_STORE["case"], ids=[case["id"] for case in GRAPH_STORE["case"]])
def test_graph_store_protocol_case(graph_store_outcomes, case):
    assert graph_store_outcomes[case["id"]] == [], case.get("reason") or case["name"]


# -- the Graph Store HTTP Protocol, its successor's cases for graphs named indirectly --------------

STATUSES = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404, "MethodNotAllowed": 405}


@pytest.fixture(scope="module")
def graph_store(tmp_path_factory):
    folder = fixture_store_dir(tmp_path_factory.mktemp("w3c-graph-store-indirect"))
    with running_server("--store", str(folder), env={"PCGRAPH_API_TOKEN": TOKEN}) as base:
        yield base


def run_indirect_case(base: str, case: dict) -> list[str]:
    """Send a case's requests in order; the problems found (none when it passes)."""
    change = {} if applies(case) else case["instead"]
    variables: dict[str, str] = {}
    for number, request in enumerate(case["request"], start=1):
        instead = change if change.get("request") == number else {}
        path = instead.get("path", request["path"].replace("/gsp", "/graphs", 1))
        for name, value in variables.items():
            path = path.replace(name, value)
        headers = {name.replace("_", "-"): value for name, value in request.items() if name in ("content_type", "accept")}
        if request["method"] in ("PUT", "POST", "DELETE"):
            headers["Authorization"] = f"Bearer {TOKEN}"
        body = request["body"].encode("utf-8") if "body" in request else None
        response = requests.request(request["method"], path if path.startswith("http") else base + path,
                                    data=body, headers=headers, timeout=60)
        wanted = instead.get("status", request["status"])
        if response.status_code not in {STATUSES[name] for name in wanted}:
            return [f"request {number}: status {response.status_code}, expected {' or '.join(wanted)}: "
                    f"{response.text[:300]}"]
        if "location" in request:
            if not response.headers.get("Location"):
                return [f"request {number}: no Location header"]
            variables[request["location"]] = response.headers["Location"]
        if "response_content_type" in request:
            expected = request["response_content_type"].split(";")[0].strip()
            if media_type(response) != expected:
                return [f"request {number}: Content-Type {media_type(response)!r}, expected {expected!r}"]
        if "response_body" in request and (problems := graph_problems(response, request["response_body"])):
            return [f"request {number}: {problem}" for problem in problems]
        if instead.get("stop"):
            break
    return []


@pytest.mark.parametrize("case", INDIRECT["case"], ids=[case["id"] for case in INDIRECT["case"]])
def test_graph_store_protocol_indirect_case(graph_store, case):
    before = set(requests.get(f"{graph_store}/graphs", timeout=30).json()["graphs"])
    try:
        problems = run_indirect_case(graph_store, case)
    finally:
        for graph in set(requests.get(f"{graph_store}/graphs", timeout=30).json()["graphs"]) - before:
            requests.delete(f"{graph_store}/graphs", params={"graph": graph}, timeout=60,
                            headers={"Authorization": f"Bearer {TOKEN}"})
    assert problems == [], case.get("reason") or case["name"]


# -- the tables and the report agree --------------------------------------------------------------


def test_every_case_is_named_and_every_inapplicable_case_says_why():
    for suite in (PROTOCOL, GRAPH_STORE, INDIRECT):
        ids = [case["id"] for case in suite["case"]]
        assert len(ids) == len(set(ids))
        for case in suite["case"]:
            assert case["name"] and case["request"]
            assert applies(case) or (case["reason"] and case["instead"]), case["id"]


def test_the_conformance_report_gives_the_counts_of_the_tables():
    report = (REPO_DIR / "docs" / "conformance.md").read_text(encoding="utf-8")
    for suite in (PROTOCOL, GRAPH_STORE, INDIRECT):
        total = len(suite["case"])
        inapplicable = [case["id"] for case in suite["case"] if not applies(case)]
        assert f"{total} cases: {total - len(inapplicable)} apply and pass, {len(inapplicable)} do not apply" \
            in report
        for case_id in inapplicable:
            assert f"`{case_id}`" in report
