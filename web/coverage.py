"""How much of the country the graph covers: open trusts with at least one collaborative
membership recorded on a day, overall, by NHS England region and by ICB area.

Counted from the ``membership-coverage`` canned query (one row per open trust and the ICB
area holding its headquarters), so the page figures and ``/queries/membership-coverage``
always agree. A trust is counted once in each total, whatever its rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from . import entity_data


@dataclass
class Count:
    iri: str
    label: str
    trusts: set[str] = field(default_factory=set)
    covered: set[str] = field(default_factory=set)

    @property
    def share(self) -> int:
        return round(100 * len(self.covered) / len(self.trusts)) if self.trusts else 0


@dataclass
class Coverage:
    overall: Count
    regions: list[Count]
    icbs: list[Count]   # each with .region, the region's label


def coverage(as_of: dt.date) -> Coverage:
    rows = entity_data.canned("membership-coverage", as_of=as_of.isoformat())
    overall = Count("", "England")
    regions: dict[str, Count] = {}
    icbs: dict[str, Count] = {}
    region_of: dict[str, str] = defaultdict(str)
    for row in rows:
        trust = row["trust"].value
        covered = int(row["collaboratives"].value) > 0
        groups = [overall]
        if row.get("region"):
            region = row["region"].value
            groups.append(regions.setdefault(region, Count(region, _label(row, "regionLabel", region))))
        if row.get("icb"):
            icb = row["icb"].value
            groups.append(icbs.setdefault(icb, Count(icb, _label(row, "icbLabel", icb))))
            region_of[icb] = _label(row, "regionLabel", "")
        for group in groups:
            group.trusts.add(trust)
            if covered:
                group.covered.add(trust)
    for icb in icbs.values():
        icb.region = region_of[icb.iri]
    return Coverage(overall, sorted(regions.values(), key=lambda c: c.label),
                    sorted(icbs.values(), key=lambda c: (c.region, c.label)))


def _label(row: dict, key: str, default: str) -> str:
    return row[key].value if row.get(key) else default
