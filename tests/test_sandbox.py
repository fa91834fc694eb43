"""Untrusted SPARQL runs in killable workers: a runaway query is stopped at its time limit."""

from __future__ import annotations

import os
import time

import pyoxigraph as ox
import pytest

from pcgraph.errors import InputError, QueryTimeout
from pcgraph.sandbox import QuerySandbox
from pcgraph.store.embedded import EmbeddedStore

EX = "http://example.org/"
# Three-way cartesian product counted: 1000^3 rows, far beyond any time limit.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z }"


def quad(i: int, graph: str = "g1") -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(i)), ox.NamedNode(EX + graph))


@pytest.fixture
def store():
    store = EmbeddedStore.in_memory()
    store.oxigraph.extend([quad(i) for i in range(1000)])
    return store


@pytest.fixture
def sandbox(store):
    sandbox = QuerySandbox(store, workers=1)
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


def test_changes_are_seen_after_invalidate_and_not_before(store, sandbox):
    assert count(sandbox) == 1000
    store.oxigraph.extend([quad(i, "g2") for i in range(1000, 1010)])
    assert count(sandbox) == 1000  # still the snapshot it had
    sandbox.invalidate()
    assert count(sandbox) == 1010


def test_default_graph_uri_restricts_the_dataset(store, sandbox):
    store.oxigraph.extend([quad(i, "g2") for i in range(1000, 1010)])
    sandbox.invalidate()
    assert count(sandbox, default_graphs=[EX + "g2"]) == 10


def test_when_every_worker_is_busy_a_query_waits_only_until_its_own_limit(store):
    import threading

    sandbox = QuerySandbox(store, workers=1)
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
