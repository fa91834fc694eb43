"""pcgraph query: read-only SPARQL from the command line, on the embedded store or a remote endpoint."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import time

import pytest

from pcgraph.cli import main
from pcgraph.importing import import_data
from pcgraph.settings import Settings
from pcgraph.store.remote import RemoteStore
from support.cli import PCGRAPH
from support.oxigraph_server import oxigraph_server
from support.paths import FIXTURES_DIR
from support.stores import default_store_copy

MEMBERS = """SELECT DISTINCT ?code WHERE {
  ?m org:organization <https://w3id.org/pcgraph/id/collaborative/example-acute-collaborative> ; org:member ?o .
  ?o pc:odsCode ?code } ORDER BY ?code"""


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    folder = default_store_copy(tmp_path_factory, tmp_path_factory.mktemp("query") / "store")
    from pcgraph.store.embedded import EmbeddedStore

    with EmbeddedStore.open(folder) as store:
        import_data(store, [FIXTURES_DIR / "import" / "collaborative.ttl"])
    return folder


def run(capsys, *args) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(["query", *args])
    captured = capsys.readouterr()
    return exit_.value.code, captured.out, captured.err


def test_json_is_the_standard_sparql_results_format(store_dir, capsys):
    code, out, _ = run(capsys, "--store", str(store_dir), "--format", "json", MEMBERS)
    assert code == 0
    answer = json.loads(out)
    assert answer["head"] == {"vars": ["code"]}
    assert [b["code"] for b in answer["results"]["bindings"]] == [
        {"type": "literal", "value": v} for v in ("RBK", "RL4", "RNA", "RXK")]


def test_csv_has_a_header_and_plain_values(store_dir, capsys):
    code, out, _ = run(capsys, "--store", str(store_dir), "--format", "csv", MEMBERS)
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [["code"], ["RBK"], ["RL4"], ["RNA"], ["RXK"]]


def test_the_table_is_the_default_and_counts_rows(store_dir, capsys):
    code, out, _ = run(capsys, "--store", str(store_dir), MEMBERS)
    assert code == 0 and "RNA" in out and "4 rows" in out


def test_a_query_can_come_from_a_file(store_dir, tmp_path, capsys):
    query = tmp_path / "members.rq"
    query.write_text(MEMBERS)
    code, out, _ = run(capsys, "--store", str(store_dir), "--format", "csv", f"@{query}")
    assert code == 0 and out.splitlines()[1:] == ["RBK", "RL4", "RNA", "RXK"]


def test_ask_and_construct(store_dir, capsys):
    code, out, _ = run(capsys, "--store", str(store_dir), "--format", "json", "ASK { ?o pc:odsCode 'RNA' }")
    assert json.loads(out) == {"head": {}, "boolean": True}
    code, out, _ = run(capsys, "--store", str(store_dir), "--format", "ntriples",
                       "CONSTRUCT { ?o pc:odsCode 'RNA' } WHERE { ?o pc:odsCode 'RNA' }")
    assert code == 0 and out.strip().endswith('"RNA" .')


@pytest.mark.parametrize("update", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                    "PREFIX pc: <https://w3id.org/pcgraph/ontology#>\nDELETE WHERE { ?s pc:odsCode ?c }",
                                    "DROP ALL"])
def test_updates_are_refused(store_dir, capsys, update):
    code, _, err = run(capsys, "--store", str(store_dir), update)
    assert code == 2 and "pcgraph query only reads" in err


def test_a_syntax_error_names_the_line(store_dir, capsys):
    code, _, err = run(capsys, "--store", str(store_dir), "SELECT ?s WHERE {\n ?s ?p\n}")
    assert code == 2 and "line 3" in err and "Traceback" not in err


def test_the_same_query_runs_on_a_remote_endpoint(tmp_path, capsys):
    with oxigraph_server(tmp_path / "remote") as server:
        store = RemoteStore(server.query_url, server.update_url, settings=Settings())
        import_data(store, [FIXTURES_DIR / "import" / "collaborative.ttl"], validate=False)
        code, out, _ = run(capsys, "--endpoint", server.query_url, "--format", "csv", MEMBERS)
    assert code == 0 and out.splitlines() == ["code", "RBK", "RL4", "RNA", "RXK"]


def test_a_remote_endpoint_that_is_down_is_a_clear_error(capsys):
    from support.oxigraph_server import free_port

    code, _, err = run(capsys, "--endpoint", f"http://127.0.0.1:{free_port()}/query", "ASK {}")
    assert code == 2 and "cannot query the SPARQL endpoint" in err


def test_a_query_past_the_time_limit_is_stopped_and_named_in_one_line(store_dir):
    """The limit holds on the command line as in the server: the query's worker is killed."""
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    done = subprocess.run([*PCGRAPH, "query", "--store", str(store_dir), runaway], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PCGRAPH_QUERY_TIMEOUT": "2"})
    took = time.monotonic() - started
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "time limit of 2 s" in errors[0] and "PCGRAPH_QUERY_TIMEOUT" in errors[0]
    assert "Traceback" not in done.stderr
    assert took < 30, f"the query ran on for {took:.0f} s"
