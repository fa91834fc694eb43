"""The "members over time" picture never draws a bar past the day it is drawn for."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox

from pcgraph.web.timeline import Timeline

XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


def membership(code: str, start: str | None = None, end: str | None = None) -> dict:
    row = {"member": ox.NamedNode(f"https://w3id.org/pcgraph/id/org/{code}"), "memberLabel": ox.Literal(code)}
    if start:
        row["startDate"] = ox.Literal(start, datatype=XSD_DATE)
    if end:
        row["endDate"] = ox.Literal(end, datatype=XSD_DATE)
    return row


def test_no_bar_runs_past_the_line_of_the_day_shown():
    rows = [membership("OPEN", "2020-09-01"), membership("ENDS-LATER", "2021-01-01", "2030-03-31"),
            membership("UNDATED"), membership("ENDED", "2019-01-01", "2022-06-30")]
    for as_of in (dt.date(2023, 1, 1), dt.date(2026, 12, 7)):
        timeline = Timeline.of(rows, as_of)
        assert all(bar.x + bar.width <= timeline.today_x + 1e-6 for bar in timeline.bars), as_of
        assert all(bar.width > 0 for bar in timeline.bars)


def test_a_bar_ends_where_its_membership_ended():
    timeline = Timeline.of([membership("A", "2019-01-01", "2022-06-30"), membership("B", "2019-01-01")],
                           dt.date(2024, 1, 1))
    ended, running = timeline.bars
    assert ended.x + ended.width < running.x + running.width == timeline.today_x


def test_a_member_joining_after_the_day_shown_has_no_bar_yet():
    timeline = Timeline.of([membership("A", "2020-01-01"), membership("LATER", "2025-01-01")], dt.date(2024, 1, 1))
    assert timeline.bars[1].width == 0
