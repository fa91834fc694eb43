"""A page is built from several queries; all of them read the data as it was when the first ran.

An import that lands while a page is being built is seen by the next request, never by
half of the page."""

from __future__ import annotations

import threading

import pyoxigraph as ox

from pcgraph.settings import Settings
from pcgraph.store.embedded import EmbeddedStore
from pcgraph.web import context
from pcgraph.web.app import create_app

EX = "http://example.org/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(store) -> int:
    return int(store.query(COUNT).rows[0]["n"].value)


def write_in_another_request(app) -> None:
    def write():
        with app.test_request_context("/api/import", method="POST"):
            context.get_raw_store().add_to_graph(
                EX + "g2", [ox.Triple(ox.NamedNode(EX + "new"), ox.NamedNode(EX + "p"), ox.Literal("x"))])
            context.data_changed()
            assert count(context.get_store()) == 101  # the writer reads its own write

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()


def test_a_request_reads_one_snapshot_and_the_next_request_sees_the_write(tmp_path):
    store = EmbeddedStore.open(tmp_path / "store", load_defaults=False)
    store.add_to_graph(EX + "g1", [ox.Triple(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(str(i)))
                                   for i in range(100)])
    app = create_app(Settings(query_workers=2, sparql_workers=1), store=store)
    try:
        with app.test_request_context("/id/org/X"):
            assert count(context.get_store()) == 100
            write_in_another_request(app)
            assert count(context.get_store()) == 100
            assert count(context.get_public_store()) == 100
        with app.test_request_context("/id/org/X"):
            assert count(context.get_store()) == 101
    finally:
        context_state = app.extensions["pcgraph"]
        for name in ("queries", "sparql"):
            if name in context_state.get("pools", {}):
                context_state["pools"][name].sandbox.close()
        store.close()


def test_findings_an_import_overtakes_are_computed_again_not_kept(monkeypatch):
    """The validator's rules read the store one query at a time. A report that an import
    overtakes describes data that is gone; it must not be kept as the current report."""
    from pcgraph import validation
    from pcgraph.web import findings
    from support.fixture_store import fixture_store

    store = fixture_store()
    app = create_app(Settings(), store=store)
    lonely = "https://w3id.org/pcgraph/id/collaborative/lonely"
    pc = "https://w3id.org/pcgraph/ontology#"
    real_validate, runs = validation.validate, []

    def validate_then_an_import_lands(*args, **kwargs):
        report = real_validate(*args, **kwargs)
        runs.append(report)
        if len(runs) == 1:  # the import commits after the rules read the store, before the report is kept
            with app.test_request_context("/api/import", method="POST"):
                context.get_raw_store().add_to_graph("https://w3id.org/pcgraph/graph/example", [
                    ox.Triple(ox.NamedNode(lonely), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                              ox.NamedNode(pc + "ProviderCollaborative")),
                    ox.Triple(ox.NamedNode(lonely), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                              ox.Literal("A collaborative with no members"))])
                context.data_changed()
        return report

    monkeypatch.setattr(validation, "validate", validate_then_an_import_lands)
    with app.test_request_context("/validation"):
        first = findings.report()
        again = findings.report()
    assert len(runs) == 2
    assert any(f.focus == lonely and f.rule == "min-members" for f in first)
    assert again is first  # kept: the second run was not overtaken
