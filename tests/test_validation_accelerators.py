"""An accelerator computes exactly the rows its shape's SPARQL gives, on Oxigraph.

The shape's query is the rule's definition (pySHACL runs it; ``test_validation_engines``
compares the engines on the fixtures). Here the engine's faster path for the same rule
is compared with that query run plainly on Oxigraph, over fixtures and a synthetic
nation, for full runs and focus runs, and with other settings.
"""

from __future__ import annotations

import datetime
import random

import pyoxigraph as ox
import pytest

from pcgraph.settings import Settings
from pcgraph.validation.accelerators import ACCELERATORS
from pcgraph.validation.context import RunContext
from pcgraph.validation.loading import load_files
from pcgraph.validation.rules import default_rules
from support.cli import run_pcgraph
from support.paths import TESTS_DIR

RULES = {rule.id: rule for rule in default_rules()}


def shape_rows(store: ox.Store, rule_id: str, terms: dict) -> set[tuple]:
    (constraint,) = RULES[rule_id].constraints
    substitutions = {ox.Variable(n): terms[n] for n in constraint.context_variables}
    solutions = store.query(constraint.query, use_default_graph_as_union=True, substitutions=substitutions)
    return {tuple(row[v.value].value if row[v.value] is not None else None for v in solutions.variables)
            for row in solutions}


def accelerated_rows(store: ox.Store, rule_id: str, terms: dict, focus=None) -> set[tuple]:
    (constraint,) = RULES[rule_id].constraints
    solutions = store.query(constraint.query, use_default_graph_as_union=True,
                            substitutions={ox.Variable(n): terms[n] for n in constraint.context_variables})
    names = [v.value for v in solutions.variables]
    return {tuple(row[n].value if row.get(n) is not None else None for n in names)
            for row in ACCELERATORS[rule_id](store, terms, focus)}


@pytest.fixture(scope="module")
def nation(tmp_path_factory):
    graph = tmp_path_factory.mktemp("nation") / "nation.nt"
    assert run_pcgraph("synth", "--scale", "1", "--seed", "11", "-o", str(graph)).returncode == 0
    return load_files([graph])


@pytest.mark.parametrize("rule_id", sorted(ACCELERATORS))
@pytest.mark.parametrize("settings", [Settings(), Settings(overlap_jaccard=0.5)], ids=["default", "jaccard-0.5"])
def test_accelerator_matches_the_shape_query_on_a_synthetic_nation(nation, rule_id, settings):
    terms = RunContext.create(datetime.date(2026, 4, 1), settings).terms()
    expected = shape_rows(nation, rule_id, terms)
    assert expected, "the nation should break the rule"
    assert accelerated_rows(nation, rule_id, terms) == expected


@pytest.mark.parametrize("rule_id", sorted(ACCELERATORS))
def test_accelerator_matches_the_shape_query_on_the_fixtures(rule_id):
    store = load_files(sorted((TESTS_DIR / "shapes").glob("*.ttl")))
    for day in (datetime.date(2021, 1, 1), datetime.date(2026, 6, 1)):
        terms = RunContext.create(day, Settings(overlap_jaccard=0.5)).terms()
        assert accelerated_rows(store, rule_id, terms) == shape_rows(store, rule_id, terms)


@pytest.mark.parametrize("rule_id", sorted(ACCELERATORS))
def test_accelerator_in_a_focus_run_gives_the_focus_nodes_rows(nation, rule_id):
    terms = RunContext.create(datetime.date(2026, 4, 1), Settings(overlap_jaccard=0.3)).terms()
    everything = accelerated_rows(nation, rule_id, terms)
    focus = {row[0] for row in random.Random(1).sample(sorted(everything), min(5, len(everything) - 1))}
    assert focus, "the nation should break the rule more than once"
    assert accelerated_rows(nation, rule_id, terms, focus) == {row for row in everything if row[0] in focus}
