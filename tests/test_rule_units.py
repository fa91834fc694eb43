"""Every rule is whole: each piece it needs is there, and its expressions agree.

A rule is its shape (``shapes/``), its conforming and violating fixtures
(``tests/shapes/``, checked in ``test_shapes.py``), the dependencies an incremental run
follows to recheck it (``pcgraph/validation/affected.py``, checked in
``test_validation_incremental.py``), its breaches planted by ``pcgraph synth`` and the
generator's own Python reading of it (``pcgraph/synth/breaches.py``, ``rules.py``), and
an optional accelerator (``test_validation_accelerators.py``). These tests fail when a
rule lacks a piece, or when the generator's reading and the shape disagree.
"""

from __future__ import annotations

import datetime
import io

import pyoxigraph as ox
import pytest
import rdflib

from pcgraph.namespaces import PC
from pcgraph.synth import PLANTED_PER_NATION, generate
from pcgraph.synth import rules as synth_rules
from pcgraph.synth.generate import build_nation
from pcgraph.synth.nation import Codes
from pcgraph.synth.rdf import ID
from pcgraph.validation import validate
from pcgraph.validation.loading import add_ontology
from pcgraph.validation.rules import default_rules, load_shapes_graph
from support.shape_fixtures import FIXTURES

RULE_IDS = {rule.id for rule in default_rules()}
SEED = 3


def not_planted() -> dict[str, str]:
    shapes = load_shapes_graph()
    return {str(shapes.value(shape, PC.ruleId)): str(reason)
            for shape, reason in shapes.subject_objects(rdflib.URIRef(str(PC.notPlantedBecause)))}


def test_every_rule_has_both_fixtures():
    for rule in sorted(RULE_IDS):
        for kind in ("conforming", "violating"):
            assert (FIXTURES / f"{rule}.{kind}.ttl").is_file(), f"{rule}: no {kind} fixture"


def test_every_rule_is_planted_by_the_generator_or_says_why_not():
    reasons = not_planted()
    assert set(reasons) <= RULE_IDS and all(len(why) > 40 for why in reasons.values())
    assert set(synth_rules.RULES) == set(PLANTED_PER_NATION) == RULE_IDS - set(reasons)
    assert all(count > 0 for count in PLANTED_PER_NATION.values())


@pytest.fixture(scope="module")
def nation():
    """One synthetic nation: the generator's model and the graph it writes."""
    model, _ = build_nation(0, SEED, Codes())
    out = io.StringIO()
    generate(1, SEED, out)
    store = ox.Store()
    store.load(out.getvalue().encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return model, add_ontology(store)


@pytest.mark.parametrize("rule", sorted(synth_rules.RULES))
def test_the_generators_reading_of_a_rule_finds_what_the_shape_finds(nation, rule):
    model, store = nation
    day = datetime.date.fromisoformat(synth_rules.DAY)
    shape = {f.focus for f in validate(store, as_of=day, rules=[rule]).results}
    generator = {ID + path for path in synth_rules.findings(model, count_closed_members=False)[rule]}
    assert shape == generator
