"""The validator as other parts of pcgraph use it: the report, settings, focus and incremental runs.

A synthetic nation (``pcgraph synth``) carries a known set of breaches; the validator
must find every one of them, and nothing else but the other side of a planted pair.
"""

from __future__ import annotations

import datetime
import json
import random

import pyoxigraph as ox
import pytest
import rdflib

from pcgraph.errors import InputError
from pcgraph.namespaces import PC, SH
from pcgraph.settings import Settings
from pcgraph.store.embedded import EmbeddedStore
from pcgraph.validation import Finding, ValidationReport, affected_focus_nodes, validate
from pcgraph.validation.loading import load_files
from support.nation import write_nation
from support.paths import TESTS_DIR

SHAPES = TESTS_DIR / "shapes"
DAY = datetime.date(2026, 6, 1)
ORG = "http://www.w3.org/ns/org#"


@pytest.fixture(scope="module")
def nation(tmp_path_factory):
    """One synthetic nation and its manifest, written by the command as a user runs it."""
    return write_nation(tmp_path_factory.mktemp("nation"), scale=1, seed=3)


def test_every_planted_breach_is_found_and_nothing_else(nation):
    graph, manifest = nation
    report = validate(load_files([graph]), as_of=datetime.date.fromisoformat(manifest["as_of"]))
    planted = {(b["rule"], b["focus"]) for b in manifest["breaches"]}
    partners = {(b["rule"], other) for b in manifest["breaches"] for other in b["related"]}
    found = {(f.rule, f.focus) for f in report.results}
    assert planted <= found
    assert found - planted <= partners


def test_the_report_has_the_json_shape_the_cli_and_web_api_print():
    report = validate(load_files([SHAPES / "min-members.violating.ttl"]), as_of=DAY)
    body = report.to_json()
    assert set(body) == {"conforms", "as_of", "results", "counts"}
    assert body["as_of"] == "2026-06-01" and body["conforms"] is False
    first = body["results"][0]
    assert set(first) == {"rule", "severity", "focus", "focus_label", "path", "value", "message", "source"}
    assert body["counts"]["violation"] == len(report.violations) == 3
    assert body["counts"]["by_rule"]["min-members"] == 3
    json.dumps(body)


def test_findings_are_labelled_for_readers_not_bare_iris():
    report = validate(load_files([SHAPES / "membership-lifetime.violating.ttl"]), as_of=DAY)
    labels = {f.focus_label for f in report.results if f.rule == "membership-lifetime"}
    assert "Hillingdon Hospitals in NWL Community Provider Collaborative" in labels


def test_warnings_and_infos_do_not_stop_a_graph_conforming():
    report = validate(load_files([SHAPES / "purpose.violating.ttl"]), as_of=DAY, rules=["purpose"])
    assert report.warnings and not report.violations
    assert report.conforms


def test_turtle_output_is_a_standard_shacl_validation_report():
    report = validate(load_files([SHAPES / "ods-code.violating.ttl"]), as_of=DAY, rules=["ods-code"])
    graph = rdflib.Graph().parse(data=report.to_turtle(), format="turtle")
    (node,) = graph.subjects(rdflib.RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms).toPython() is False
    results = list(graph.objects(node, SH.result))
    assert len(results) == len(report.results) == 5
    values = {str(graph.value(r, SH.value)) for r in results}
    assert {"rxk", "RNAA", "Y5X", "RL4"} <= values
    assert all(graph.value(r, SH.resultSeverity) == SH.Violation for r in results)
    assert all(graph.value(r, PC.ruleId) is not None for r in results)


def test_the_as_of_day_decides_what_is_active():
    store = load_files([SHAPES / "delegator-lifetime.conforming.ttl"])
    assert validate(store, as_of=datetime.date(2026, 3, 31), rules=["delegator-lifetime"]).results == []
    later = validate(store, as_of=datetime.date(2026, 4, 1), rules=["delegator-lifetime"])
    assert [f.focus.rsplit("/", 1)[-1] for f in later.results] == ["open-ended"]


def test_the_overlap_settings_are_honoured():
    store = load_files([SHAPES / "overlap-count.conforming.ttl"])
    assert validate(store, as_of=DAY, rules=["overlap-count"]).results == []
    strict = validate(store, as_of=DAY, rules=["overlap-count"], settings=Settings(overlap_max=2))
    assert [f.message for f in strict.results] and "3 active collaboratives" in strict.results[0].message


def test_unknown_rule_ids_are_an_input_error_naming_them():
    with pytest.raises(InputError, match="no-such-rule"):
        validate(load_files([]), rules=["no-such-rule"])


def test_an_embedded_store_validates_its_named_graphs_like_a_plain_store(tmp_path):
    path = SHAPES / "mandate.violating.ttl"
    plain = load_files([path])
    embedded = EmbeddedStore.open(tmp_path / "store", load_defaults=False)
    embedded.add_to_graph("https://w3id.org/pcgraph/graph/ontology",
                          [q for q in plain.quads_for_pattern(None, None, None, None)])
    try:
        assert validate(embedded, as_of=DAY).keys() == validate(plain, as_of=DAY).keys()
    finally:
        embedded.close()


def test_something_that_is_not_a_store_is_refused():
    with pytest.raises(InputError, match="validation needs"):
        validate(rdflib.Graph())


def test_focus_restricts_the_run_to_the_nodes_given():
    store = load_files([SHAPES / "mandate.violating.ttl"])
    one = "https://w3id.org/pcgraph/id/org/RAA"
    report = validate(store, as_of=DAY, focus=[one])
    assert {f.focus for f in report.results} == {one}
    assert validate(store, as_of=DAY, focus=[]).results == []


def test_an_incremental_run_after_a_change_agrees_with_a_full_run(nation):
    """Add memberships, recheck only what they affect: same findings there as a full run."""
    graph, manifest = nation
    store = load_files([graph])
    rng = random.Random(7)
    collaboratives = sorted(r["c"].value for r in store.query(
        f"SELECT DISTINCT ?c WHERE {{ ?m <{ORG}organization> ?c }}", use_default_graph_as_union=True))
    members = sorted(r["o"].value for r in store.query(
        f"SELECT DISTINCT ?o WHERE {{ ?m <{ORG}member> ?o }}", use_default_graph_as_union=True))
    day = datetime.date.fromisoformat(manifest["as_of"])
    before = validate(store, as_of=day)
    changed = set()
    for index in range(12):
        membership = f"https://w3id.org/pcgraph/id/membership/test/{index}"
        member, collaborative = rng.choice(members), rng.choice(collaboratives)
        store.add(ox.Quad(ox.NamedNode(membership), ox.NamedNode(ORG + "member"), ox.NamedNode(member)))
        store.add(ox.Quad(ox.NamedNode(membership), ox.NamedNode(ORG + "organization"), ox.NamedNode(collaborative)))
        changed |= {membership, member, collaborative}
    focus = affected_focus_nodes(store, changed)
    assert changed <= focus
    incremental = validate(store, as_of=day, focus=focus)
    full = validate(store, as_of=day)
    assert incremental.keys() == {f.key for f in full.results if f.focus in focus}
    assert full.keys() != before.keys(), "the change should alter some findings"
    assert {f.key for f in full.results if f.focus not in focus} <= before.keys()


def test_report_and_finding_are_the_public_names():
    import pcgraph.validation as validation

    assert set(validation.__all__) == {"Finding", "ValidationReport", "affected_focus_nodes", "validate"}
    assert Finding.__dataclass_fields__.keys() >= {"rule", "severity", "focus", "focus_label", "path", "value",
                                                   "message", "source"}
    assert isinstance(validate(load_files([])), ValidationReport)


def test_a_thing_named_from_its_parts_names_every_value_whatever_order_it_was_loaded_in():
    from pcgraph.validation.labels import labels_for

    pc, org = "https://w3id.org/pcgraph/", "https://w3id.org/pcgraph/id/org/"
    delegation = ox.NamedNode(pc + "id/delegation/joint")
    triples = [(delegation, ox.NamedNode(pc + "ontology#delegator"), ox.NamedNode(org + code)) for code in "AB"]
    triples += [(delegation, ox.NamedNode(pc + "ontology#delegate"), ox.NamedNode(org + "C"))]
    triples += [(ox.NamedNode(org + code), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                 ox.Literal(name)) for code, name in (("A", "Alpha Trust"), ("B", "Beta Trust"), ("C", "Joint Board"))]
    labels = set()
    for ordered in (triples, triples[::-1]):
        store = ox.Store()
        store.extend(ox.Quad(*t, ox.NamedNode(pc + "graph/test")) for t in ordered)
        labels.add(labels_for(store, [delegation.value])[delegation.value])
    assert labels == {"delegation from Alpha Trust and Beta Trust to Joint Board"}
