"""Ordering the rows and columns of a membership grid so that blocks of shared membership show.

Barycentre seriation, as matrix tools do it: each row moves to the mean position of its
columns, then each column (inside its group) to the mean position of its rows, until the
order settles. Organisations that share collaboratives end up next to each other, and so
do collaboratives that share members; the grid reads as blocks along its diagonal.
Ties break on the names given, so the same grid always comes out the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable

ROUNDS = 24


def seriate(rows: Iterable[str], columns: Iterable[str], links: Iterable[tuple[str, str]], *,
            group_of: dict[str, Hashable] | None = None, names: dict[str, str] | None = None,
            ) -> tuple[list[str], list[str]]:
    """``(rows, columns)`` in seriated order; ``links`` are the (row, column) pairs filled in.

    Columns stay inside their group (``group_of``; groups keep the order of their first
    column as given); within a group, and across all rows, the barycentre decides.
    """
    rows, columns = list(rows), list(columns)
    names = names or {}
    group_rank: dict[Hashable, int] = {}
    for column in columns:
        group_rank.setdefault((group_of or {}).get(column), len(group_rank))
    rank_of = {c: group_rank[(group_of or {}).get(c)] for c in columns}
    of_row: dict[str, list[str]] = defaultdict(list)
    of_column: dict[str, list[str]] = defaultdict(list)
    for row, column in set(links):
        of_row[row].append(column)
        of_column[column].append(row)

    def name(key: str) -> tuple[str, str]:
        return names.get(key, key), key

    column_order = sorted(columns, key=lambda c: (rank_of[c], -len(of_column[c]), name(c)))
    row_order = rows
    for _ in range(ROUNDS):
        at = {c: i for i, c in enumerate(column_order)}
        row_order = sorted(rows, key=lambda r: (_mean(at[c] for c in of_row[r]), -len(of_row[r]), name(r)))
        at_row = {r: i for i, r in enumerate(row_order)}
        settled = sorted(columns, key=lambda c: (rank_of[c], _mean(at_row[r] for r in of_column[c]), name(c)))
        if settled == column_order:
            break
        column_order = settled
    return row_order, column_order


def _mean(values: Iterable[int]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else float("inf")
