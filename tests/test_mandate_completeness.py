"""The mandate is judged only where the graph states an area's membership lists complete.

``<source> pc:membershipsCompleteFor <ICB>`` says the source records every provider
collaborative membership of the trusts headquartered in that ICB's area. Without it, a
trust with no membership recorded is one nobody has recorded, not a breach. These tests
cover the real reference graph (no source there makes the claim) and incremental runs
after a statement is added or withdrawn.
"""

from __future__ import annotations

import datetime

import pyoxigraph as ox
import pytest

from pcgraph import paths
from pcgraph.validation import affected_focus_nodes, validate
from pcgraph.validation.loading import load_files
from support.nation import write_nation

PC = "https://w3id.org/pcgraph/ontology#"
ID = "https://w3id.org/pcgraph/id/"
COMPLETE = ox.NamedNode(PC + "membershipsCompleteFor")
DAY = datetime.date(2026, 6, 1)


def statement(source: str, icb: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(ID + source), COMPLETE, ox.NamedNode(ID + icb))


@pytest.fixture()
def reference():
    return load_files([paths.data_dir() / "reference.trig"])


def mandate(store, day=DAY) -> set[str]:
    return {f.focus for f in validate(store, as_of=day, rules=["mandate"]).results}


def test_the_reference_graph_states_no_area_complete_so_the_mandate_is_not_judged_there(reference):
    assert not reference.query(f"ASK {{ ?source <{COMPLETE.value}> ?area }}", use_default_graph_as_union=True)
    assert mandate(reference) == set()


def test_a_data_team_stating_lincolnshire_complete_makes_its_unlisted_trust_a_breach(reference):
    # United Lincolnshire Teaching Hospitals (RWD, acute) is headquartered in the Lincolnshire
    # ICB area; the one arrangement recorded for it is the Lincolnshire Community and Hospitals
    # NHS Group, a group rather than a provider collaborative. Lincolnshire Community Health
    # Services, its partner there, is a community trust, which the mandate does not cover.
    reference.add(statement("source/lincolnshire-register", "org/QJM"))
    assert mandate(reference) == {ID + "org/RWD"}


@pytest.fixture(scope="module")
def nation(tmp_path_factory):
    return write_nation(tmp_path_factory.mktemp("nation"), scale=1, seed=5)


def test_withdrawing_and_restating_an_area_rechecks_the_trusts_headquartered_there(nation):
    graph, manifest = nation
    day = datetime.date.fromisoformat(manifest["as_of"])
    store = load_files([graph])
    planted = sorted(b["focus"] for b in manifest["breaches"] if b["rule"] == "mandate")
    assert mandate(store, day) == set(planted)
    trust = planted[0]
    (area,) = {row["a"] for row in store.query(  # the area of its headquarters now (no end date)
        f"SELECT ?a WHERE {{ ?r <{PC}organisation> <{trust}> ; <{PC}relationKind> <{PC}HeadquartersArea> ; <{PC}icb> ?a "
        f"FILTER NOT EXISTS {{ ?r <{PC}endDate> ?end }} }}", use_default_graph_as_union=True)}
    (claim,) = list(store.quads_for_pattern(None, COMPLETE, area, None))
    changed = {claim.subject.value, area.value}

    for change, judged in ((store.remove, False), (store.add, True)):
        before = validate(store, as_of=day)
        change(claim)
        focus = affected_focus_nodes(store, changed)
        assert trust in focus
        incremental = validate(store, as_of=day, focus=focus)
        after = validate(store, as_of=day)
        assert incremental.keys() == {f.key for f in after.results if f.focus in focus}
        assert ({f.key for f in after.results if f.focus not in focus}
                == {f.key for f in before.results if f.focus not in focus})
        assert (trust in mandate(store, day)) is judged
