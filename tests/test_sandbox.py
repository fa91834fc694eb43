"""Web queries run in killable workers: a runaway query is stopped at its time limit.

Every test runs on both kinds of snapshot: a checkpoint of an on-disk store (opened
read-only by the workers) and an N-Quads dump of an in-memory store (loaded by them)."""

from __future__ import annotations

import os
import time

import pyoxigraph as ox
import pytest

from pcgraph.errors import InputError, QueryTimeout
from pcgraph.sandbox import AnswerTooLarge, QuerySandbox, SandboxedStore, Snapshots, WorkerOutOfMemory
from pcgraph.store.embedded import EmbeddedStore

EX = "http://example.org/"
# Three-way cartesian product counted: 1000^3 rows, far beyond any time limit.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z }"


def quad(i: int, graph: str = "g1") -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(i)), ox.NamedNode(EX + graph))


@pytest.fixture(params=["on-disk", "in-memory"])
def store(request, tmp_path):
    if request.param == "on-disk":
        store = EmbeddedStore.open(tmp_path / "store", load_defaults=False)
    else:
        store = EmbeddedStore.in_memory()
    store.oxigraph.extend([quad(i) for i in range(1000)])
    yield store
    store.close()


@pytest.fixture
def snapshots(store):
    snapshots = Snapshots(store)
    yield snapshots
    snapshots.close()


@pytest.fixture
def sandbox(snapshots):
    sandbox = QuerySandbox(snapshots, workers=1)
    yield sandbox
    sandbox.close()


def count(sandbox: QuerySandbox, **kwargs) -> int:
    result = sandbox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=10, **kwargs)
    return int(result.rows[0]["n"].value)


def test_answers_over_the_union_of_named_graphs(sandbox):
    assert count(sandbox) == 1000


def test_a_runaway_query_is_cancelled_at_its_time_limit_and_its_worker_killed(sandbox):
    [before] = sandbox.worker_pids()
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        sandbox.query(RUNAWAY, timeout=1.0)
    assert time.monotonic() - started < 3.0
    with pytest.raises(ProcessLookupError):
        os.kill(before, 0)  # the worker that ran it is gone
    assert count(sandbox) == 1000  # and a fresh one answers the next query


def test_a_syntax_error_names_line_and_column(sandbox):
    with pytest.raises(InputError) as caught:
        sandbox.query("SELECT * WHERE {\n  ?s ?p }", timeout=5)
    assert caught.value.line == 2
    assert "column" in str(caught.value)


def test_row_cap_marks_the_answer_truncated(sandbox):
    result = sandbox.query("SELECT ?s WHERE { ?s ?p ?o }", timeout=5, max_rows=10)
    assert len(result.rows) == 10
    assert result.truncated


def test_changes_are_seen_after_invalidate_and_not_before(store, snapshots, sandbox):
    assert count(sandbox) == 1000
    store.oxigraph.extend([quad(i, "g2") for i in range(1000, 1010)])
    assert count(sandbox) == 1000  # still the snapshot it had
    snapshots.invalidate()
    assert count(sandbox) == 1010


def test_default_graph_uri_restricts_the_dataset(store, snapshots, sandbox):
    store.oxigraph.extend([quad(i, "g2") for i in range(1000, 1010)])
    snapshots.invalidate()
    assert count(sandbox, default_graphs=[EX + "g2"]) == 10


def test_bound_parameters_are_terms_not_text(sandbox):
    result = sandbox.query("SELECT ?s ?o WHERE { ?s ?p ?o }", timeout=5, bindings={"s": ox.NamedNode(EX + "s7")})
    assert [row["o"] for row in result.rows] == [ox.Literal("7")]
    hostile = sandbox.query("SELECT ?s ?o WHERE { ?s ?p ?o }", timeout=5, bindings={"s": ox.Literal("> } ?s ?p ?o {")})
    assert hostile.rows == []


def test_answers_keep_every_kind_of_term(store, snapshots, sandbox):
    date = ox.Literal("2024-04-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    odd = [ox.Literal("line one\nline two\tand a tab"), ox.Literal("Tŷ", language="cy"), date, ox.Literal(5),
           ox.Literal(True), ox.BlankNode("b1")]
    store.oxigraph.extend(ox.Quad(ox.NamedNode(EX + "odd"), ox.NamedNode(EX + f"q{i}"), term, ox.NamedNode(EX + "g3"))
                          for i, term in enumerate(odd))
    snapshots.invalidate()
    result = sandbox.query("SELECT ?p ?o ?missing WHERE { <http://example.org/odd> ?p ?o } ORDER BY ?p", timeout=5)
    assert result.variables == ["p", "o", "missing"]
    terms = [row["o"] for row in result.rows]
    assert terms[:-1] == odd[:-1]
    assert isinstance(terms[-1], ox.BlankNode)  # labels are the answer's own, as SPARQL allows
    assert all("missing" not in row for row in result.rows)


def test_graph_answers_are_triples_and_capped_too(sandbox):
    result = sandbox.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", timeout=5, max_rows=7)
    assert result.kind == "graph" and len(result.triples) == 7 and result.truncated
    assert all(isinstance(t, ox.Triple) for t in result.triples)
    whole = sandbox.query("DESCRIBE <http://example.org/s1>", timeout=5, max_rows=7)
    assert whole.triples == [ox.Triple(ox.NamedNode(EX + "s1"), ox.NamedNode(EX + "p"), ox.Literal("1"))]
    assert not whole.truncated


def test_an_answer_exactly_at_the_cap_is_not_truncated(sandbox):
    result = sandbox.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 10", timeout=5, max_rows=10)
    assert len(result.rows) == 10 and not result.truncated


def test_a_snapshot_is_removed_once_no_worker_has_it_and_all_on_close(store, snapshots, sandbox):
    folder = snapshots._directory
    count(sandbox)
    first = set(folder.iterdir())
    store.oxigraph.extend([quad(1000, "g2")])
    snapshots.invalidate()
    count(sandbox)
    second = set(folder.iterdir())
    assert len(first) == len(second) == 1 and first != second
    sandbox.close()
    snapshots.close()
    assert not folder.exists()


def test_the_store_facade_always_sets_a_time_limit(store, snapshots, sandbox):
    facade = SandboxedStore(store, sandbox, snapshots, timeout=1.0)
    with pytest.raises(QueryTimeout):
        facade.query(RUNAWAY)  # no timeout given: the configured one applies
    facade.add_to_graph(EX + "g2", [ox.Triple(ox.NamedNode(EX + "new"), ox.NamedNode(EX + "p"), ox.Literal("x"))])
    assert count(sandbox) == 1001  # a write through the facade moves the workers to the new data
    assert facade.graphs() == [EX + "g1", EX + "g2"]


def count_of(store: SandboxedStore) -> int:
    return int(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"].value)


def test_queries_of_one_unit_of_work_read_the_data_its_first_query_read(store, snapshots):
    from pcgraph.sandbox import unpin

    sandbox = QuerySandbox(snapshots, workers=2)
    page: dict = {}
    facade = SandboxedStore(store, sandbox, snapshots, timeout=10, pins=lambda: page)
    other = SandboxedStore(store, sandbox, snapshots, timeout=10)
    try:
        assert count_of(facade) == 1000
        facade.add_to_graph(EX + "g2", [ox.Triple(ox.NamedNode(EX + "new"), ox.NamedNode(EX + "p"), ox.Literal("x"))])
        assert count_of(other) == 1001  # everyone else reads the new data at once
        assert count_of(facade) == count_of(facade) == 1000  # this unit of work still reads what it began with
        unpin(page)
        assert count_of(facade) == 1001  # the next one starts from the new data
        unpin(page)
        assert len(list(snapshots._directory.iterdir())) == 1  # the old snapshot went with its last reader
    finally:
        sandbox.close()


def test_when_every_worker_is_busy_a_query_waits_only_until_its_own_limit(snapshots):
    import threading

    sandbox = QuerySandbox(snapshots, workers=1)
    try:
        hog = threading.Thread(target=lambda: pytest.raises(QueryTimeout, sandbox.query, RUNAWAY, timeout=3.0))
        hog.start()
        time.sleep(0.5)
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="busy"):
            sandbox.query("ASK { ?s ?p ?o }", timeout=0.5)
        assert time.monotonic() - started < 1.5
        hog.join()
    finally:
        sandbox.close()


def test_a_worker_busy_when_the_sandbox_closes_is_stopped_when_its_query_returns(snapshots):
    import threading

    sandbox = QuerySandbox(snapshots, workers=1)
    count(sandbox)
    [pid] = sandbox.worker_pids()
    # A million pairs compared: about a second, well inside its limit.
    pairs = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y FILTER (STR(?x) < STR(?y)) }"
    slow = threading.Thread(target=lambda: sandbox.query(pairs, timeout=60))
    slow.start()
    time.sleep(0.3)
    sandbox.close()
    slow.join()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_worker_without_network_reaches_no_address_even_through_service(snapshots):
    """The public pool's workers have no network while SERVICE is off: a SERVICE pattern that
    got past the endpoint's check still reaches nothing. A worker given the network does."""
    from support.listener import listening

    with listening() as target:
        query = f"SELECT * WHERE {{ SERVICE <{target.url}> {{ ?s ?p ?o }} }}"
        offline = QuerySandbox(snapshots, workers=1, name="offline")
        try:
            with pytest.raises(InputError):
                offline.query(query, timeout=10)
        finally:
            offline.close()
        assert target.connections == 0
        online = QuerySandbox(snapshots, workers=1, name="online", network=True)
        try:
            with pytest.raises((InputError, QueryTimeout)):
                online.query(query, timeout=3)
        finally:
            online.close()
        assert target.connections >= 1


# Each BIND doubles the string: 10 characters times 2^26, far past a worker's memory limit.
DOUBLINGS = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(26))
MEMORY_HOG = f'SELECT (STRLEN(?x26) AS ?n) WHERE {{ BIND("aaaaaaaaaa" AS ?x0) {DOUBLINGS} }}'


def test_a_query_past_the_memory_limit_gets_out_of_memory_and_its_worker_is_replaced(snapshots):
    sandbox = QuerySandbox(snapshots, workers=1, memory=300 * 1024 * 1024)
    try:
        [before] = sandbox.worker_pids()
        with pytest.raises(WorkerOutOfMemory, match="PCGRAPH_WORKER_MEMORY"):
            sandbox.query(MEMORY_HOG, timeout=60)
        assert count(sandbox) == 1000
        assert sandbox.worker_pids() != [before]
    finally:
        sandbox.close()


def test_the_byte_cap_cuts_an_answer_at_a_whole_row_and_marks_it_truncated(snapshots):
    sandbox = QuerySandbox(snapshots, workers=1, max_answer_bytes=100_000)
    try:
        wide = sandbox.query(f'SELECT ?s (CONCAT(STR(?s), "{"b" * 3000}") AS ?v) WHERE {{ ?s ?p ?o }}', timeout=10)
        assert wide.truncated and 0 < len(wide.rows) < 1000
        assert all(len(row["v"].value) > 3000 for row in wide.rows)
        graph = sandbox.query(f'CONSTRUCT {{ ?s ?p ?v }} WHERE {{ ?s ?p ?o BIND(CONCAT(STR(?o), "{"b" * 3000}") AS ?v) }}',
                              timeout=10)
        assert graph.truncated and 0 < len(graph.triples) < 1000
        # One value larger than the cap: no row fits.
        huge = sandbox.query('SELECT ?x20 WHERE { BIND("aaaaaaaaaa" AS ?x0) '
                             + DOUBLINGS.split(" BIND(CONCAT(?x20")[0] + " }", timeout=10)
        assert huge.truncated and huge.rows == []
        assert not sandbox.query("SELECT ?s WHERE { ?s ?p ?o }", timeout=10).truncated
    finally:
        sandbox.close()


def test_a_value_too_large_to_read_back_is_answer_too_large_not_a_memory_error(sandbox):
    with pytest.raises(AnswerTooLarge, match="too large to read back"):
        sandbox.query('SELECT ?x21 WHERE { BIND("aaaaaaaaaa" AS ?x0) '
                      + DOUBLINGS.split(" BIND(CONCAT(?x21")[0] + " }", timeout=30)
    assert count(sandbox) == 1000
