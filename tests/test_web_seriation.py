"""Seriation puts organisations that share collaboratives together, and the same grid always the same way."""

from __future__ import annotations

import random

from pcgraph.web.seriation import seriate

# Three blocks of shared membership: a1..a3 in A and B, c1..c3 in C and D, e1..e2 in E; x1 bridges B and C.
LINKS = [(r, c) for r in ("a1", "a2", "a3") for c in ("A", "B")] + \
        [(r, c) for r in ("c1", "c2", "c3") for c in ("C", "D")] + \
        [("e1", "E"), ("e2", "E"), ("x1", "B"), ("x1", "C")]
ROWS = sorted({r for r, _ in LINKS})
COLUMNS = sorted({c for _, c in LINKS})


def contiguous(order: list[str], members: set[str]) -> bool:
    at = sorted(order.index(m) for m in members)
    return at[-1] - at[0] == len(at) - 1


def test_blocks_of_shared_membership_come_out_side_by_side():
    shuffled = random.Random(7)
    rows, columns = ROWS[:], COLUMNS[:]
    shuffled.shuffle(rows)
    shuffled.shuffle(columns)
    row_order, column_order = seriate(rows, columns, LINKS)
    for block in ({"a1", "a2", "a3"}, {"c1", "c2", "c3"}, {"e1", "e2"}):
        assert contiguous(row_order, block), row_order
    for block in ({"A", "B"}, {"C", "D"}):
        assert contiguous(column_order, block), column_order
    # The bridging organisation sits between the two blocks it joins.
    assert contiguous(row_order, {"a1", "a2", "a3", "x1"}) and contiguous(row_order, {"c1", "c2", "c3", "x1"})


def test_the_order_does_not_depend_on_the_order_given():
    expected = seriate(ROWS, COLUMNS, LINKS)
    for seed in range(5):
        rows, columns, links = ROWS[:], COLUMNS[:], LINKS[:]
        for items in (rows, columns, links):
            random.Random(seed).shuffle(items)
        assert seriate(rows, columns, links) == expected


def test_columns_stay_inside_their_groups_in_the_order_of_the_groups():
    groups = {"A": 2, "B": 1, "C": 1, "D": 2, "E": 1}
    columns = sorted(COLUMNS, key=lambda c: groups[c])  # groups in the order first seen: 1, then 2
    _, column_order = seriate(ROWS, columns, LINKS, group_of=groups)
    assert [groups[c] for c in column_order] == [1, 1, 1, 2, 2]
