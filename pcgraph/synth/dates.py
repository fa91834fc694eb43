"""ISO dates as strings: they sort in date order, so comparisons need no parsing."""

from __future__ import annotations

import random
from datetime import date, timedelta


def between(rng: random.Random, first: str, last: str) -> str:
    """A day drawn uniformly from ``first`` to ``last`` inclusive."""
    lo, hi = date.fromisoformat(first).toordinal(), date.fromisoformat(last).toordinal()
    return date.fromordinal(rng.randint(lo, hi)).isoformat()


def next_day(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def previous_day(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def later(*days: str | None) -> str:
    """The latest of the given days (ignoring missing ones)."""
    return max(d for d in days if d)
