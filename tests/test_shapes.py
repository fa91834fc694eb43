"""Every rule fires on its violating fixture and stays silent on its conforming one.

The fixtures are data (``tests/shapes/{rule}.{conforming,violating}.ttl``, and any
number of ``{rule}.{case}.{conforming,violating}.ttl`` beside them); each violating file
lists the findings it must produce in ``# expect:`` lines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pcgraph.validation import validate
from pcgraph.validation.rules import default_rules
from support.shape_fixtures import FIXTURES, as_of, read

RULE_IDS = [rule.id for rule in default_rules()]


def fixture(rule: str, kind: str) -> Path:
    return FIXTURES / f"{rule}.{kind}.ttl"


def cases(kind: str) -> list[tuple[str, Path]]:
    """(rule, file) for every fixture of ``kind``: the rule's own and its named cases."""
    return [(rule, path) for rule in RULE_IDS
            for path in [fixture(rule, kind), *sorted(FIXTURES.glob(f"{rule}.*.{kind}.ttl"))]]


def expected(path: Path) -> set[tuple[str, str | None]]:
    """The (focus, value) pairs a violating fixture lists; value None when not stated."""
    pairs = set()
    for line in re.findall(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.M):
        focus, _, value = line.strip().partition(" ")
        pairs.add((focus, value or None))
    return pairs


def findings(path: Path, rule: str):
    return validate(read(path), as_of=as_of(path), rules=[rule]).results


def test_the_required_rules_all_exist():
    required = {
        "min-members", "mandate", "overlap-count", "overlap-duplicate", "accountability-missing",
        "accountability-multiple", "dual-reporting", "delegate-capacity", "delegator-lifetime",
        "delegation-footprint", "delegation-duplicate", "delegation-budget", "delegation-cycle",
        "lead-provider", "membership-dates", "membership-lifetime", "purpose", "representation",
        "ods-code",
    }
    assert required <= set(RULE_IDS)


@pytest.mark.parametrize("rule, path", cases("violating"), ids=lambda p: getattr(p, "name", p))
def test_rule_fires_on_its_violating_fixture(rule, path):
    want = expected(path)
    assert want, f"{path.name} lists no '# expect:' lines"
    got = findings(path, rule)
    stated = {focus for focus, value in want if value is None}
    assert {(f.focus, None if f.focus in stated else f.value) for f in got} == want


@pytest.mark.parametrize("rule, path", cases("conforming"), ids=lambda p: getattr(p, "name", p))
def test_rule_is_silent_on_its_conforming_fixture(rule, path):
    assert findings(path, rule) == []


@pytest.mark.parametrize("rule", RULE_IDS)
def test_every_rule_has_a_message_a_severity_and_a_source(rule):
    (info,) = [r for r in default_rules() if r.id == rule]
    assert info.severity in {"violation", "warning", "info"}
    assert info.source and info.constraints
    for constraint in info.constraints:
        assert len(constraint.message) > 60
        assert "$this" in constraint.query


def test_active_on_a_day_is_written_once_as_a_macro():
    """No shape spells out the active-on-a-day test: each says ACTIVE(?x), expanded on load."""
    from pcgraph import paths

    spelled = re.compile(r"pc:startDate \?\w+ FILTER \(\?\w+ > \?asOf\)")
    for path in sorted(paths.shapes_dir().glob("*.ttl")):
        assert not spelled.search(path.read_text(encoding="utf-8")), path.name
    assert all("ACTIVE(" not in c.query for rule in default_rules() for c in rule.constraints)


@pytest.mark.parametrize("start, end, active", [
    (None, None, True), ("2026-06-01", None, True), ("2026-06-02", None, False),
    (None, "2026-06-01", True), (None, "2026-05-31", False), ("2020-01-01", "2030-01-01", True),
])
def test_active_means_no_start_after_the_day_and_no_end_before_it(start, end, active):
    import pyoxigraph as ox

    from pcgraph.validation.rules import expand_macros

    store = ox.Store()
    pc, xsd = "https://w3id.org/pcgraph/ontology#", "http://www.w3.org/2001/XMLSchema#"
    thing = ox.NamedNode("https://example.org/thing")
    for prop, day in (("startDate", start), ("endDate", end)):
        if day:
            store.add(ox.Quad(thing, ox.NamedNode(pc + prop), ox.Literal(day, datatype=ox.NamedNode(xsd + "date"))))
    store.add(ox.Quad(thing, ox.NamedNode(pc + "label"), ox.Literal("x")))
    as_of = ox.Literal("2026-06-01", datatype=ox.NamedNode(xsd + "date"))
    for text in ("SELECT ?x ?asOf WHERE { ?x pc:label ?l FILTER ACTIVE(?x) }",
                 "SELECT ?x ?asOf WHERE { ?x pc:label ?l FILTER (ACTIVE(?x) && true) }"):
        rows = list(store.query(f"PREFIX pc: <{pc}> " + expand_macros(text),
                                substitutions={ox.Variable("asOf"): as_of}))
        assert bool(rows) is active, text
