"""Table rows grouped so that one thing takes one row, with what varies listed in it.

A query joined over several relations gives a row per combination: a trust's ICB once
for each kind of relation, a delegation once for each function. ``grouped`` folds them.
"""

from __future__ import annotations


def grouped(rows: list[dict], key: str, listed: tuple[str, ...] = ()) -> list[dict]:
    """One row per distinct value of ``key``, in the order first seen.

    Each column in ``listed`` becomes the list of its distinct values across the group;
    every other column keeps the first row's value. ``parts`` holds the group's original
    rows, and ``active`` (when the rows carry it) is true when any of them is in force.
    Rows without ``key`` are left as they are, one each.
    """
    groups: dict[object, dict] = {}
    for index, row in enumerate(rows):
        value = row.get(key)
        identity = value.value if value is not None else ("ungrouped", index)
        group = groups.get(identity)
        if group is None:
            group = groups[identity] = {**row, **{name: [] for name in listed}, "parts": []}
        group["parts"].append(row)
        for name in listed:
            item = row.get(name)
            if item is not None and item not in group[name]:
                group[name].append(item)
        if "active" in row:
            group["active"] = any(part.get("active") for part in group["parts"])
    return list(groups.values())
