"""The TEXT2SPARQL challenge's API at ``GET /text2sparql?question=...&dataset=...``.

An answerable question gets ``{"dataset", "question", "query"}``: one SPARQL query, with
the names read from the question bound as terms, that any SPARQL 1.1 endpoint holding
pcgraph's data answers with the rows pcgraph itself answers with. A question pcgraph
would ask back about or decline gets no query (422); a missing parameter is a 400 and an
unknown dataset a 404, each naming the parameter. The challenge's own client
(``text2sparql-client``) runs against a real server unchanged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from pcgraph import paths
from pcgraph.namespaces import GRAPH
from pcgraph.settings import Settings
from pcgraph.store.embedded import EmbeddedStore
from pcgraph.web.app import create_app
from support.server import running_server

FIXTURE = Path(__file__).parent / "questions" / "fixture.trig"
DATASET = "https://w3id.org/pcgraph/"


def _load(store: EmbeddedStore) -> EmbeddedStore:
    store.oxigraph.bulk_load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE,
                             to_graph=ox.NamedNode(str(GRAPH["ontology"])))
    store.oxigraph.bulk_load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def store():
    return _load(EmbeddedStore.in_memory())


@pytest.fixture(scope="module")
def client(store):
    return create_app(Settings(), store=store).test_client()


def _values(rows: list[dict], column: str) -> set:
    out = set()
    for row in rows:
        value = row.get(column)
        out.add(value.get("iri") if isinstance(value, dict) else value)
    return out


def _plain(term):
    kind = term.datatype.value.rsplit("#", 1)[-1] if isinstance(term, ox.Literal) else None
    return {"integer": int, "boolean": lambda v: v == "true"}.get(kind, str)(term.value)


@pytest.mark.parametrize("question", [
    "who's in BCPC?",
    "how many members does BCPC have?",
    "is RWT in BCPC?",
    "which collaboratives is The Dudley Group in?",
])
def test_the_query_answers_what_pcgraph_answers(client, store, question):
    response = client.get("/text2sparql", query_string={"question": question, "dataset": DATASET})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"dataset", "question", "query"}
    assert body["dataset"] == DATASET and body["question"] == question
    answer = client.get("/api/ask", query_string={"q": question}).get_json()
    key = answer["key"] or answer["columns"][0]
    result = store.oxigraph.query(body["query"], use_default_graph_as_union=True)
    if isinstance(result, ox.QueryBoolean):
        got = {bool(result)}
    else:
        got = {_plain(solution[key]) for solution in result}
    assert got == _values(answer["rows"], key)


def test_names_from_the_question_are_bound_as_terms_not_written_into_the_query(client):
    body = client.get("/text2sparql", query_string={"question": "who's in BCPC?", "dataset": DATASET}).get_json()
    assert "VALUES" in body["query"]
    assert "BCPC" not in body["query"]


def test_a_question_pcgraph_declines_has_no_query(client):
    response = client.get("/text2sparql", query_string={"question": "how many beds does Dudley have?",
                                                        "dataset": DATASET})
    assert response.status_code == 422
    body = response.get_json()
    assert body["ok"] is False and body["parameter"] == "question" and body["answer"] == "refuse"
    assert "query" not in body


@pytest.mark.parametrize("params, status, parameter", [
    ({"dataset": DATASET}, 400, "question"),
    ({"question": "who's in BCPC?"}, 400, "dataset"),
    ({"question": "who's in BCPC?", "dataset": "https://text2sparql.aksw.org/2025/dbpedia/"}, 404, "dataset"),
    ({"question": "x" * 401, "dataset": DATASET}, 400, "question"),
])
def test_bad_parameters_are_named(client, params, status, parameter):
    response = client.get("/text2sparql", query_string=params)
    assert response.status_code == status
    body = response.get_json()
    assert body["ok"] is False and body["parameter"] == parameter


def _client_installed() -> bool:
    try:
        import text2sparql_client.commands.ask  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.slow
def test_the_challenge_client_runs_against_a_real_server(tmp_path):
    if not _client_installed():
        if os.environ.get("CI"):
            pytest.fail("text2sparql-client is not installed (.ci/run installs it)")
        pytest.skip("text2sparql-client is not installed")
    store_dir = tmp_path / "store"
    _load(EmbeddedStore.open(store_dir, load_defaults=False)).close()
    questions = tmp_path / "questions.yml"
    questions.write_text(f"dataset:\n  id: {DATASET}\n  prefix: pc\nquestions:\n"
                         "  - id: 1\n    question:\n      en: who's in BCPC?\n"
                         "  - id: 2\n    question:\n      en: how many members does BCPC have?\n", encoding="utf-8")
    output = tmp_path / "answers.json"
    with running_server("--store", str(store_dir)) as url:
        run = subprocess.run(
            [sys.executable, "-c", "from text2sparql_client.commands.ask import ask_command; ask_command()",
             str(questions), url.rstrip("/") + "/text2sparql", "--answers-db", str(tmp_path / "responses.db"),
             "--retries-log", str(tmp_path / "retries.log"), "--retries", "0", "--output", str(output)],
            capture_output=True, text=True, timeout=120, cwd=tmp_path)
        asked = requests.get(url.rstrip("/") + "/api/ask", params={"q": "who's in BCPC?"}, timeout=30).json()
    assert run.returncode == 0, run.stderr
    answers = json.loads(output.read_text(encoding="utf-8"))
    assert [a["qname"] for a in answers] == ["pc:1-en", "pc:2-en"]
    assert all(a["dataset"] == DATASET and a["endpoint"].endswith("/text2sparql") for a in answers)
    store = _load(EmbeddedStore.in_memory())
    members = {s["member"].value for s in store.oxigraph.query(answers[0]["query"], use_default_graph_as_union=True)}
    assert members == _values(asked["rows"], "member") and len(members) >= 3


@pytest.mark.slow
def test_every_answered_development_question_has_a_query_giving_the_same_rows():
    """On the reference graph, the standalone query of each answered question of the evaluation
    set's development part gives as many rows as pcgraph's own answer (the same yes or no)."""
    from pcgraph.questions import QuestionService
    from pcgraph.questions.standalone import standalone_sparql
    from pcgraph.store.defaults import load_default_data
    from questions.evaluation import load

    reference = EmbeddedStore.in_memory()
    load_default_data(reference)
    service = QuestionService(reference)
    checked, differ = 0, []
    for case in load(part="development"):
        answer = service.answer(case.question)
        query = standalone_sparql(answer)
        if query is None:
            continue
        rows = list(reference.oxigraph.query(query, use_default_graph_as_union=True))
        if answer.answer_type == "boolean":  # one row, its key a boolean
            got, wanted = [_plain(row[answer.key]) for row in rows], answer.values()
        else:
            got, wanted = len(rows), len(answer.rows)
        checked += 1
        if got != wanted and not answer.truncated:
            differ.append(f"{case.question!r}: {got} != {wanted}")
    assert checked >= 200 and not differ
