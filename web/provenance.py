"""Where a collaborative's membership facts come from: when each was last confirmed, and
where the pages stating them differ. Built from the rows ``entity_data`` reads."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pyoxigraph as ox


_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def partial_date(text: str | None) -> tuple[dt.date, str] | None:
    """A source's date as it was written (``2023``, ``2023-05``, ``2023-05-17``, or a date-time):
    the first day it stands for and its precision (``year``, ``month`` or ``day``); None when
    it is not such a date."""
    match = _PARTIAL.match(text or "")
    if not match:
        return None
    year, month, day = match.groups()
    try:
        first = dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return first, "day" if day else "month" if month else "year"


def month_year(value: str) -> str:
    """``2021-06-15`` or ``2021-06`` as "June 2021"; ``2021`` stays "2021"."""
    read = partial_date(value)
    if read is None:
        return value
    first, precision = read
    return str(first.year) if precision == "year" else first.strftime("%B %Y")


def mark_confirmed(rows: list[dict]) -> list[dict]:
    """Each row's ``lastConfirmed`` (the latest date of its pages) written as a month and year,
    and ``joined`` / ``left``: the dates at the precision a source gave (2016, not 1 Jan 2016)."""
    for row in rows:
        for shown, stated, day in (("joined", "statedStart", "startDate"), ("left", "statedEnd", "endDate")):
            value = row.get(stated) or row.get(day)
            if value is not None:
                row[shown] = value
        confirmed = row.get("lastConfirmed")
        if confirmed is not None and confirmed.value:
            row["lastConfirmed"] = ox.Literal(month_year(confirmed.value))
        else:
            row["lastConfirmed"] = ox.Literal("no dated source")
    return rows


def _agree(a: str, b: str) -> bool:
    """Two statements agree when they give the same role and dates that fit each other
    (``2021-10`` and ``2021-10-01`` fit; ``2016`` and ``2021-10`` do not)."""
    return a == b or a.startswith(b) or b.startswith(a)


def _fits(a: str, b: str) -> bool:
    words_a, words_b = a.split(" "), b.split(" ")
    return len(words_a) == len(words_b) and all(_agree(x, y) for x, y in zip(words_a, words_b))


def _said(row: dict) -> str:
    role = row["role"].value if row.get("role") else "member"
    dates = [f"from {row['statedStart'].value}" if row.get("statedStart") else "",
             f"to {row['statedEnd'].value}" if row.get("statedEnd") else ""]
    note = f" ({row['dateNote'].value})" if row.get("dateNote") else ""
    return " ".join(part for part in [role, *dates] if part) + note


def differences(statements: list[dict]) -> list[dict]:
    """Where the pages differ: on one membership's role or dates, or on which members they name.

    Each difference is ``{"member", "member_iri", "says": [(page, page date, what it says)]}``;
    a page that lists several members but leaves out one that another page names says "not named".
    """
    by_member: dict[str, list[dict]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in statements:
        member = row["member"].value
        by_member[member].append(row)
        names[member] = row["memberLabel"].value if row.get("memberLabel") else member
    named_by: dict[str, set[str]] = defaultdict(set)
    pages: dict[str, tuple[str, str]] = {}
    for row in statements:
        source = row["source"].value
        named_by[source].add(row["member"].value)
        pages[source] = (row["page"].value if row.get("page") else source,
                         f"page of {month_year(row['pageDate'].value)}" if row.get("pageDate") else "undated page")
    lists = {source for source, members in named_by.items() if len(members) > 1}
    found = []
    for member, rows in sorted(by_member.items(), key=lambda item: names[item[0]]):
        said = {row["source"].value: _said(row) for row in rows}
        silent = {source for source in lists if member not in named_by[source]}
        differ = any(not _fits(a, b) for a in said.values() for b in said.values())
        if differ or silent:
            says = [(*pages[source], text) for source, text in sorted(said.items())]
            says += [(*pages[source], "not named") for source in sorted(silent)]
            found.append({"member": names[member], "member_iri": member, "says": says})
    return found
