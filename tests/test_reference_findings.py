"""The real reference graph draws only the findings its data really supports.

Every finding on the reference graph is one of the kinds below, each a gap or a tension
in what the sources say (``data/README.md``): delegations whose sources name nobody
accountable, or several bodies, or no budget; collaboratives with no stated purpose;
national delegations of one function to several lead providers whose areas are not
recorded; memberships of trusts that later merged, which no page ends; groups and
new-care-model pilots whose member lists nearly coincide with their successors'; groups
of two trusts that merged (their status says so, but no page gives an end date, so the
rules judge them as going on with one trust left). Rules that count members
do not judge a collaborative whose sources name only some of its members
(``pc:memberListComplete false``), and the mandate is not judged where no source states
an area's membership lists complete.
"""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from pcgraph import paths
from pcgraph.validation import validate
from pcgraph.validation.loading import load_files

ID = "https://w3id.org/pcgraph/id/"
PC = "https://w3id.org/pcgraph/ontology#"
DAY = datetime.date(2026, 11, 1)

UNACCOUNTED_DELEGATIONS = {
    ID + "delegation/black-country-icb-to-joint-provider-committee",
    ID + "delegation/mid-and-south-essex-community-collaborative-board",
    ID + "delegation/nhs-england-specialised-mental-health-south-west",
    ID + "delegation/nhs-england-specialised-mental-health-humber-and-north-yorkshire",
}


@pytest.fixture(scope="module")
def report():
    store = load_files([paths.data_dir() / "reference.trig"])
    return store, validate(store, as_of=DAY)


def by_rule(report) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in report.results:
        found.setdefault(finding.rule, set()).add(finding.focus)
    return found


def test_only_accountability_budget_and_purpose_findings_remain(report):
    _, result = report
    assert set(Counter(f.rule for f in result.results)) == {
        "accountability-missing", "accountability-multiple", "delegation-budget", "delegation-duplicate",
        "delegator-lifetime", "membership-lifetime", "min-members", "overlap-duplicate", "purpose"}


def test_memberships_outliving_their_member_are_of_trusts_that_closed(report):
    store, result = report
    for focus in by_rule(result)["membership-lifetime"]:
        assert store.query(f"ASK {{ <{focus}> <http://www.w3.org/ns/org#member>/<{PC}endDate> ?closed }}",
                           use_default_graph_as_union=True)


def test_the_delegations_nobody_answers_for_are_the_four_whose_sources_name_no_one(report):
    found = by_rule(report[1])
    assert found["accountability-missing"] == UNACCOUNTED_DELEGATIONS
    assert UNACCOUNTED_DELEGATIONS < found["delegation-budget"]


def test_each_purpose_finding_is_a_collaborative_with_no_purpose_recorded(report):
    store, result = report
    for focus in by_rule(result)["purpose"]:
        assert not store.query(f"ASK {{ <{focus}> <{PC}purpose> ?p }}", use_default_graph_as_union=True)


def test_collaboratives_with_partial_member_lists_say_why(report):
    store, _ = report
    rows = list(store.query(f"""
        SELECT ?c ?note WHERE {{
            ?c <{PC}memberListComplete> false .
            OPTIONAL {{ ?c <http://www.w3.org/2004/02/skos/core#scopeNote> ?note }}
        }}""", use_default_graph_as_union=True))
    assert len({row["c"] for row in rows}) == len(rows) == 16
    assert all(row["note"] is not None for row in rows)
