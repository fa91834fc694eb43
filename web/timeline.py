"""The "members over time" picture: one bar per membership, from start to end (or today)."""

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
        last = max(ends + [as_of, dt.date.today()]) + dt.timedelta(days=120)
        span = (last - first).days or 1
        scale = (WIDTH - LABEL_WIDTH - 20) / span

        def x_of(day: dt.date) -> float:
            return LABEL_WIDTH + (day - first).days * scale

        bars = []
        for index, row in enumerate(memberships):
            start = dt.date.fromisoformat(row["startDate"].value) if "startDate" in row else None
            end = dt.date.fromisoformat(row["endDate"].value) if "endDate" in row else None
            x0 = x_of(start) if start else LABEL_WIDTH
            x1 = x_of(end) if end else x_of(last)
            label = row["memberLabel"].value if "memberLabel" in row else row["member"].value
            title = f"{label}: {start.isoformat() if start else 'start unknown'} to {end.isoformat() if end else 'now'}"
            bars.append(Bar(label, row["member"].value, x0, max(x1 - x0, 3), 30 + index * ROW,
                            start is None, end is None, bool(row.get("active")), title))
        ticks = [(x_of(dt.date(year, 1, 1)), str(year)) for year in range(first.year + 1, last.year + 1)]
        return cls(bars, ticks, x_of(as_of), 30 + len(bars) * ROW + 10)
