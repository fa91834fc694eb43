"""The "members over time" picture: one bar per membership, from start to end, up to the day shown.

The picture ends at the day it is drawn for (the red line): no bar runs past it. A
membership that ends after that day stops at the line; one that starts after it has no bar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WIDTH = 880
LABEL_WIDTH = 250
ROW = 26


@dataclass
class Bar:
    label: str
    href_iri: str
    x: float
    width: float
    y: float
    open_start: bool
    open_end: bool
    active: bool
    title: str


@dataclass
class Timeline:
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    today_x: float | None
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH

    @classmethod
    def of(cls, memberships: list[dict], as_of: dt.date) -> "Timeline | None":
        """A timeline for membership rows (``member``, ``memberLabel``, ``startDate``, ``endDate``)."""
        if not memberships:
            return None
        starts = [dt.date.fromisoformat(r["startDate"].value) for r in memberships if "startDate" in r]
        ends = [dt.date.fromisoformat(r["endDate"].value) for r in memberships if "endDate" in r]
        first = min(starts + ends + [as_of]) - dt.timedelta(days=180)
        last = as_of + dt.timedelta(days=90)
        span = (last - first).days or 1
        scale = (WIDTH - LABEL_WIDTH - 20) / span

        def x_of(day: dt.date) -> float:
            return LABEL_WIDTH + (day - first).days * scale

        bars = []
        for index, row in enumerate(memberships):
            start = dt.date.fromisoformat(row["startDate"].value) if "startDate" in row else None
            end = dt.date.fromisoformat(row["endDate"].value) if "endDate" in row else None
            x0 = x_of(start) if start else LABEL_WIDTH
            x1 = x_of(min(end, as_of) if end else as_of)
            label = row["memberLabel"].value if "memberLabel" in row else row["member"].value
            title = f"{label}: {start.isoformat() if start else 'start unknown'} to {end.isoformat() if end else 'now'}"
            later = start is not None and start > as_of
            width = 0.0 if later else min(max(x1 - x0, 3), x_of(as_of) - x0)
            bars.append(Bar(label, row["member"].value, x0, width, 30 + index * ROW,
                            start is None, end is None, bool(row.get("active")), title))
        ticks = [(x_of(dt.date(year, 1, 1)), str(year)) for year in range(first.year + 1, last.year + 1)]
        return cls(bars, ticks, x_of(as_of), 30 + len(bars) * ROW + 10)
