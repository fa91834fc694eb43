"""Dates in questions: "now", "yesterday", "in 2023", "last year", "on 1 April 2024", "before the 2026 mergers".

A date phrase becomes a ``When``: the first and last day it covers, and words a person
can check ("as of 31 December 2023"). A question kind that needs one day (who is a
member *as of*) uses the last day of the span, or today when the span includes today;
a kind about events (which ICBs closed *in* April 2026) uses the whole span.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from pcgraph.questions.text import Token

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

# The April 2026 reorganisation of integrated care boards: 12 abolished, 6 created.
REORGANISATION_DAY = date(2026, 4, 1)
_REORG_WORDS = {"merger", "mergers", "reorganisation", "reorganisations", "reorganization", "changes",
                "reorg", "abolition", "abolitions", "restructure", "restructuring"}
_NOW_WORDS = {"now", "today", "currently", "current", "presently", "present", "still"}


@dataclass(frozen=True)
class When:
    """A span of days a question refers to, and how it was said."""

    first: date
    last: date
    text: str
    relative_to_today: bool = False
    is_now: bool = False

    def as_of(self, today: date) -> date:
        """The one day to look at: the span's last day, or today if the span includes today."""
        if self.first <= today <= self.last:
            return today
        return self.last

    def describe(self, today: date) -> str:
        day = self.as_of(today)
        return f"as of {format_day(day)}"


def format_day(day: date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _year(token: Token) -> int | None:
    if token.norm.isdigit() and len(token.norm) == 4 and 1990 <= int(token.norm) <= 2100:
        return int(token.norm)
    return None


def _day_month_year(tokens: list[Token], i: int) -> tuple[date, int] | None:
    """'1 April 2024', '1st April 2024', 'April 1 2024' starting at i: (day, tokens used)."""
    def ordinal(text: str) -> int | None:
        match = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)?", text)
        return int(match.group(1)) if match else None

    n = len(tokens)
    if i + 2 < n:
        d, m, y = ordinal(tokens[i].norm), MONTHS.get(tokens[i + 1].norm), _year(tokens[i + 2])
        if d and m and y:
            return _safe_date(y, m, d), 3
        m, d, y = MONTHS.get(tokens[i].norm), ordinal(tokens[i + 1].norm), _year(tokens[i + 2])
        if d and m and y:
            return _safe_date(y, m, d), 3
    return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_when(tokens: list[Token], raw_question: str, today: date) -> tuple[When | None, set[int], str | None]:
    """Find the one date phrase in a question.

    Returns the span, the indexes of the tokens it used, and an error message when the
    question names a date that cannot be read (or more than one).
    """
    found: list[tuple[When, set[int]]] = []
    used: set[int] = set()
    norms = [t.norm for t in tokens]
    n = len(tokens)
    i = 0
    iso_dates = {m.group(0) for m in re.finditer(r"\b\d{4}-\d{2}-\d{2}\b", raw_question)}
    # British day/month/year: 31/03/2026 or 1.4.2026
    uk_dates = {(int(d), int(mo), int(y)) for d, mo, y in
                re.findall(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b", raw_question)}
    while i < n:
        if i in used:
            i += 1
            continue
        word = norms[i]
        span: When | None = None
        width = 0
        # "before/after the 2026 mergers"
        if word in {"before", "after"}:
            j = i + 1
            if j < n and norms[j] == "the":
                j += 1
            if j + 2 < n and norms[j] == "april" and _year(tokens[j + 1]) == 2026 and norms[j + 2] in _REORG_WORDS:
                j += 1  # "before the April 2026 mergers"
            if j + 1 < n and _year(tokens[j]) == 2026 and norms[j + 1] in _REORG_WORDS:
                day = REORGANISATION_DAY - timedelta(days=1) if word == "before" else REORGANISATION_DAY
                text = f"{word} the April 2026 ICB reorganisation"
                span, width = When(day, day, text), j + 2 - i
            elif j < n and norms[j] in _REORG_WORDS and j + 1 < n and norms[j + 1] in {"of", "in"} \
                    and j + 2 < n and _year(tokens[j + 2]) == 2026:
                day = REORGANISATION_DAY - timedelta(days=1) if word == "before" else REORGANISATION_DAY
                span, width = When(day, day, f"{word} the April 2026 ICB reorganisation"), j + 3 - i
            else:
                inner, inner_used, _ = find_when(tokens[i + 1:i + 5], "", today)
                if inner is not None and min(inner_used) == 0:
                    day = inner.first - timedelta(days=1) if word == "before" else inner.last + timedelta(days=1)
                    span, width = When(day, day, f"{word} {inner.text}"), 1 + max(inner_used) + 1
        elif word in _NOW_WORDS:
            span, width = When(today, today, "today", is_now=True), 1
            if word == "present" and i > 0 and norms[i - 1] == "at":
                used.add(i - 1)
        elif word == "yesterday":
            day = today - timedelta(days=1)
            span, width = When(day, day, f"yesterday ({format_day(day)})", True), 1
        elif word in {"last", "this", "next"} and i + 1 < n and norms[i + 1] == "year":
            year = today.year + {"last": -1, "this": 0, "next": 1}[word]
            span, width = When(date(year, 1, 1), date(year, 12, 31), f"{word} year ({year})", True), 2
        elif (dmy := _day_month_year(tokens, i)) is not None:
            day, width = dmy
            if day is None:
                return None, set(), "that date does not exist"
            span = When(day, day, format_day(day))
        elif word in MONTHS and i + 1 < n and _year(tokens[i + 1]):
            y, m = _year(tokens[i + 1]), MONTHS[word]
            last = date(y, m, calendar.monthrange(y, m)[1])
            span, width = When(date(y, m, 1), last, f"{calendar.month_name[m]} {y}"), 2
        elif i + 2 < n and tokens[i].norm.isdigit() and tokens[i + 1].norm.isdigit() and _year(tokens[i + 2]) \
                and (int(tokens[i].norm), int(tokens[i + 1].norm), _year(tokens[i + 2])) in uk_dates:
            day = _safe_date(_year(tokens[i + 2]), int(tokens[i + 1].norm), int(tokens[i].norm))
            if day is None:
                return None, set(), "that date does not exist"
            span, width = When(day, day, format_day(day)), 3
        elif (y := _year(tokens[i])) is not None:
            # An ISO date is tokenised as three numbers: 2024 04 01.
            if i + 2 < n and tokens[i + 1].norm.isdigit() and tokens[i + 2].norm.isdigit() and \
                    f"{tokens[i].norm}-{tokens[i + 1].norm}-{tokens[i + 2].norm}" in iso_dates:
                day = _safe_date(y, int(tokens[i + 1].norm), int(tokens[i + 2].norm))
                if day is None:
                    return None, set(), "that date does not exist"
                span, width = When(day, day, format_day(day)), 3
            else:
                span, width = When(date(y, 1, 1), date(y, 12, 31), str(y)), 1
        if span is not None:
            idx = set(range(i, i + width))
            # Swallow the little words that introduce a date.
            k = i - 1
            while k >= 0 and norms[k] in {"in", "on", "during", "as", "of", "at", "by", "for", "back", "since",
                                           "end", "start", "beginning", "the"} and k not in used:
                if norms[k] in {"by", "since"}:
                    break
                idx.add(k)
                k -= 1
            if span.first != span.last and {"end"} <= {norms[x] for x in idx}:
                span = When(span.last, span.last, f"the end of {span.text}")
            elif span.first != span.last and {"start", "beginning"} & {norms[x] for x in idx}:
                span = When(span.first, span.first, f"the start of {span.text}")
            found.append((span, idx))
            used |= idx
            i += width
            continue
        i += 1
    if not found:
        return None, set(), None
    if len(found) > 1:
        # "still ... in 2025": "still" says the state went on until the day named, not today.
        named = [(w, idx) for w, idx in found if not (w.is_now and {norms[x] for x in idx} <= {"still"})]
        found = named or found
    if len(found) > 1:
        days = {(w.first, w.last) for w, _ in found}
        if len(days) > 1:
            return None, used, "the question names more than one date"
    return found[0][0], used, None
