"""Canned queries give the expected answers on the fixture graph (golden files), and on the real data.

The golden files in ``tests/golden/queries/`` were checked by hand against
``tests/golden/fixture.trig``. To rewrite them after a deliberate change, run
``UPDATE_GOLDEN=1 pytest tests/test_queries_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os

import pyoxigraph as ox
import pytest

from pcgraph import queries
from pcgraph.store.embedded import EmbeddedStore
from support.fixture_store import fixture_store
from support.paths import REPO_DIR, TESTS_DIR

GOLDEN_DIR = TESTS_DIR / "golden" / "queries"
BCPC = "id:collaborative/black-country-provider-collaborative"
NWL_COMMUNITY = "id:collaborative/nwl-community-provider-collaborative"
NWL_MH = "id:collaborative/nwl-mental-health-provider-collaborative"

# One case per question: the parameters a user would type, on a fixed date.
CASES = {
    "members-of-collaborative": {"collaborative": BCPC, "as_of": "2025-06-01"},
    "members-of-collaborative-after-a-closure": {"collaborative": NWL_COMMUNITY, "as_of": "2024-11-01"},
    "collaboratives-of-organisation": {"organisation": "id:org/RV3", "as_of": "2025-06-01"},
    "organisations-in-many-collaboratives": {"min_count": "2", "as_of": "2025-06-01"},
    "collaboratives-spanning-icbs": {"as_of": "2025-06-01"},
    "collaboratives-spanning-regions": {"as_of": "2025-06-01"},
    "trusts-in-area": {"area": "id:org/QUA", "as_of": "2025-06-01"},
    "trusts-in-area-by-sector": {"area": "id:org/Y56", "sector": "pc:Community", "as_of": "2024-06-01"},
    "trusts-in-no-collaborative": {"as_of": "2025-06-01"},
    "delegations-by-icb": {"icb": "id:org/QUA"},
    "delegations-to-organisation": {"organisation": "id:org/RNA"},
    "delegations-to-organisation-of-a-collaborative": {"organisation": BCPC},
    "accountable-for-function": {"function": "pc:ElectiveRecovery", "as_of": "2025-06-01"},
    "accountable-for-function-before-the-delegation": {"function": "pc:ElectiveRecovery", "as_of": "2023-06-01"},
    "collaborative-governance": {"collaborative": BCPC, "as_of": "2025-06-01"},
    "collaborative-overlap": {"collaborative": NWL_COMMUNITY, "other": NWL_MH, "as_of": "2025-06-01"},
    "collaboratives-sharing-members": {"collaborative": NWL_COMMUNITY, "as_of": "2025-06-01"},
    "organisation-history": {"organisation": "id:org/RY9"},
    "people-in-posts": {"as_of": "2022-06-01"},
    "collaboratives-in-icb": {"icb": "id:org/QUA", "as_of": "2025-06-01"},
    "collaboratives": {"as_of": "2019-06-01"},
}


def query_name(case: str) -> str:
    return next(name for name in sorted(queries.catalog(), key=len, reverse=True) if case.startswith(name))


def normalise(term: ox.NamedNode | ox.Literal) -> str:
    """A term as N-Triples text; lists joined by GROUP_CONCAT are sorted (their order is not defined)."""
    if isinstance(term, ox.Literal) and term.datatype.value.endswith("#string"):
        for separator in ("; ", ", "):
            if separator in term.value:
                return json.dumps(separator.join(sorted(term.value.split(separator))), ensure_ascii=False)
    return str(term)


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return fixture_store()


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_answer(store, case):
    params = CASES[case]
    result = queries.run(store, query_name(case), params)
    rows = [{var: normalise(term) for var, term in row.items()} for row in result.rows]
    golden_file = GOLDEN_DIR / f"{case}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
        golden_file.write_text(json.dumps({"query": query_name(case), "parameters": params, "rows": rows},
                                          indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    golden = json.loads(golden_file.read_text(encoding="utf-8"))
    assert golden["parameters"] == params
    assert rows == golden["rows"]


def test_every_required_question_has_a_golden_case():
    from test_queries_catalog import REQUIRED_NAMES

    assert REQUIRED_NAMES <= {query_name(case) for case in CASES}


def test_a_member_that_left_is_not_listed_after_its_last_day(store):
    def members(day):
        rows = queries.run(store, "members-of-collaborative", {"collaborative": NWL_COMMUNITY, "as_of": day}).rows
        return {row["odsCode"].value for row in rows}

    assert "RY9" in members("2024-10-31")  # the end date is the last day in force
    assert "RY9" not in members("2024-11-01")


def test_min_count_is_inclusive(store):
    def organisations(n):
        rows = queries.run(store, "organisations-in-many-collaboratives", {"min_count": n, "as_of": "2025-06-01"}).rows
        return {row["organisation"].value.rsplit("/", 1)[-1] for row in rows}

    assert organisations("3") == {"RV3"}
    assert organisations("2") == {"RV3", "RXK", "RKL"}


REFERENCE = REPO_DIR / "data" / "reference.trig"


@pytest.fixture(scope="module")
def reference_store() -> EmbeddedStore:
    from pcgraph.store.defaults import load_default_data

    store = EmbeddedStore.in_memory()
    load_default_data(store)
    return store


def test_real_data_black_country_provider_collaborative_members(reference_store):
    rows = queries.run(reference_store, "members-of-collaborative", {"collaborative": BCPC}).rows
    assert {row["odsCode"].value for row in rows} == {"RXK", "RNA", "RL4", "RBK"}
    host = [row for row in rows if "host" in row["roles"].value]
    assert [row["odsCode"].value for row in host] == ["RNA"]


def test_real_data_black_country_icb_delegated_to_the_joint_provider_committee(reference_store):
    rows = queries.run(reference_store, "delegations-by-icb", {"icb": "id:org/QUA"}).rows
    delegates = {row["delegate"].value.rsplit("/", 1)[-1] for row in rows}
    assert "black-country-joint-provider-committee" in delegates


def test_real_data_black_country_healthcare_is_not_in_the_acute_collaborative(reference_store):
    rows = queries.run(reference_store, "collaboratives-of-organisation", {"organisation": "id:org/TAJ"}).rows
    assert "black-country-provider-collaborative" not in {row["collaborative"].value.rsplit("/", 1)[-1] for row in rows}
