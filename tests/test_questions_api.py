"""``GET /api/ask``, ``/ask`` and ``pcgraph ask``: one answer object, three ways in.

The API's JSON is ``{"status", "question", "interpretation", "query": {"name", "params"},
"sparql", "columns", "rows", "options", "unknown_words", "suggestions"}``; entity values
are ``{"iri", "label", "ods_code"}`` with a link to their page, numbers are numbers and a
yes/no is a boolean. Bad parameters are 400s in the app's one error shape.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from pcgraph import paths
from pcgraph.cli import main
from pcgraph.namespaces import GRAPH
from pcgraph.settings import Settings
from pcgraph.store.embedded import EmbeddedStore
from pcgraph.web.app import create_app

FIXTURE = Path(__file__).parent / "questions" / "fixture.trig"
KEYS = {"status", "question", "interpretation", "query", "sparql", "columns", "rows", "options", "unknown_words",
        "suggestions"}


@pytest.fixture(scope="module")
def client():
    store = EmbeddedStore.in_memory()
    store.oxigraph.bulk_load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE,
                             to_graph=ox.NamedNode(str(GRAPH["ontology"])))
    store.oxigraph.bulk_load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    app = create_app(Settings(), store=store)
    return app.test_client()


def test_an_answer_in_json(client):
    body = client.get("/api/ask", query_string={"q": "who's in BCPC?", "as_of": "2021-06-01"}).get_json()
    assert KEYS <= set(body)
    assert body["status"] == "answer"
    assert body["query"]["name"] == "members-of-collaborative"
    assert body["query"]["params"]["as_of"] == "2021-06-01"
    assert body["query"]["url"] == ("/queries/members-of-collaborative?collaborative=id%3Acollaborative%2F"
                                    "black-country-provider-collaborative&as_of=2021-06-01")
    member = body["rows"][0]["member"]
    assert set(member) == {"iri", "label", "ods_code", "href"} and member["href"].startswith("/id/org/")
    assert {row["member"]["ods_code"] for row in body["rows"]} == {"RXK", "RNA", "RL4"}


def test_numbers_and_booleans_are_json_numbers_and_booleans(client):
    count = client.get("/api/ask", query_string={"q": "how many members does BCPC have?"}).get_json()
    assert count["rows"] == [{"count": 4}]
    yes = client.get("/api/ask", query_string={"q": "is RWT in BCPC?"}).get_json()
    assert yes["rows"] == [{"member": True}]


def test_clarify_and_refuse_in_json(client):
    clarify = client.get("/api/ask", query_string={"q": "which collaboratives was Dudley in in 2023?"}).get_json()
    assert clarify["status"] == "clarify" and clarify["rows"] == []
    assert {o["ods_code"] for o in clarify["options"]} == {"RNA", "RYK"}
    refuse = client.get("/api/ask", query_string={"q": "how many car parks does Walsall have?"}).get_json()
    assert refuse["status"] == "refuse" and {"car", "parks"} <= set(refuse["unknown_words"])
    assert refuse["suggestions"]


def test_a_bare_name_is_declined_with_a_link_to_its_page(client):
    body = client.get("/api/ask", query_string={"q": "The Royal Wolverhampton NHS Trust"}).get_json()
    assert body["status"] == "refuse" and body["suggestions"]
    assert body["named"] == [{"iri": "https://w3id.org/pcgraph/id/org/RL4", "label": "The Royal Wolverhampton NHS Trust",
                              "ods_code": "RL4", "href": "/id/org/RL4"}]
    fragment = client.get("/ask", query_string={"q": "The Royal Wolverhampton NHS Trust", "fragment": "1"})
    assert '<a href="/id/org/RL4">The Royal Wolverhampton NHS Trust</a>' in fragment.get_data(as_text=True)
    ambiguous = client.get("/api/ask", query_string={"q": "Dudley"}).get_json()
    assert ambiguous["status"] != "answer" and ambiguous.get("named", []) == []


def test_bad_parameters_are_400s_naming_them(client):
    missing = client.get("/api/ask")
    assert missing.status_code == 400 and missing.get_json()["parameter"] == "q"
    bad_date = client.get("/api/ask", query_string={"q": "who's in BCPC?", "as_of": "1 May"})
    assert bad_date.status_code == 400 and bad_date.get_json()["parameter"] == "as_of"
    too_long = client.get("/api/ask", query_string={"q": "x" * 500})
    assert too_long.status_code == 400


def test_the_ask_page_and_its_fragment(client):
    page = client.get("/ask", query_string={"q": "who hosts BCPC?"}, headers={"Accept": "text/html"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<h1>Ask a question</h1>" in html and "The Dudley Group" in html
    fragment = client.get("/ask", query_string={"q": "who hosts BCPC?", "fragment": "1"}).get_data(as_text=True)
    assert fragment.lstrip().startswith("<section class=\"ask-answer\"") and "<html" not in fragment
    assert "Show SPARQL" in fragment


def test_pcgraph_ask_prints_the_answer_and_exits_by_status(tmp_path, capsys):
    store = tmp_path / "store"
    with pytest.raises(SystemExit) as answered:
        main(["ask", "--store", str(store), "which", "collaboratives", "is", "RXK", "in?"])
    assert answered.value.code == 0
    out = capsys.readouterr().out
    assert "Reading:" in out and "Black Country Provider Collaborative" in out
    with pytest.raises(SystemExit) as declined:
        main(["ask", "--store", str(store), "--json", "what's the weather in Walsall?"])
    assert declined.value.code == 1
    assert '"status": "refuse"' in capsys.readouterr().out
    with pytest.raises(SystemExit) as bare:
        main(["ask", "--store", str(store), "Leeds Teaching Hospitals NHS Trust"])
    assert bare.value.code == 1
    assert "About Leeds Teaching Hospitals NHS Trust: https://w3id.org/pcgraph/id/org/RR8" in capsys.readouterr().out
    with pytest.raises(SystemExit) as bad:
        main(["ask", "--store", str(store), "--as-of", "yesterday", "who is in BCPC?"])
    assert bad.value.code == 2


def test_what_an_icb_delegated_shows_the_functions_and_who_is_accountable():
    """Regression: the answer dropped the functions and accountable columns when the canned
    query renamed its variables; 'what has X delegated' must say what was delegated."""
    import tempfile

    from pcgraph.questions import answer
    from pcgraph.settings import Settings
    from pcgraph.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Settings(store=folder))
        try:
            reply = answer("what has NHS Black Country ICB delegated, and to whom?", store).to_json()
        finally:
            store.close()
    assert reply["status"] == "answer"
    assert reply["columns"][:2] == ["functions", "delegate"] and "accountable" in reply["columns"]
    assert reply["rows"][0]["functions"] == "acute services planning and delivery; elective recovery"
