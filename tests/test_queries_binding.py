"""Every canned query means the same whether its parameters are bound by the embedded store or by VALUES.

The embedded store binds parameters with Oxigraph's substitutions; a remote endpoint gets
the query text with a VALUES block opening its top-level WHERE group. A parameter read
inside a part of the query that VALUES does not reach (a MINUS, a sub-select, one branch
of a UNION) is unbound there on a remote endpoint, so the answers would differ: each golden
case is asked both ways, on several days, and must give the same rows.
"""

from __future__ import annotations

import pytest

from pcgraph import queries
from pcgraph.store.values import with_values
from support.fixture_store import fixture_store
from test_queries_golden import CASES, normalise, query_name

DAYS = ["2019-06-01", "2022-06-01", "2024-11-01", "2025-06-01"]


@pytest.fixture(scope="module")
def store():
    return fixture_store()


def answers(store, sparql: str, bindings: dict | None = None) -> list[tuple[str, ...]]:
    result = store.query(sparql, bindings=bindings)
    return sorted(tuple(normalise(term) if term is not None else "" for term in row.values()) for row in result.rows)


@pytest.mark.parametrize("case", sorted(CASES))
def test_values_and_substitution_give_the_same_answers(store, case):
    query = queries.get(query_name(case))
    days = DAYS if any(p.name == "as_of" for p in query.parameters) else [None]
    for day in days:
        raw = dict(CASES[case], **({"as_of": day} if day else {}))
        bindings = query.bind(raw)
        substituted = answers(store, query.sparql, bindings)
        with_a_values_block = answers(store, with_values(query.sparql, bindings))
        assert with_a_values_block == substituted, f"{case} on {day}"
