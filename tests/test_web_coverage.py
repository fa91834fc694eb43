"""``/coverage``: how complete the graph is per region and ICB, drawn on the server, from one query."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pcgraph.settings import Settings
from pcgraph.web import coverage
from pcgraph.web.app import create_app
from support.fixture_store import fixture_store, with_source_dates

HTML = {"Accept": "text/html"}
ID = "https://w3id.org/pcgraph/id/"


@pytest.fixture(scope="module")
def app():
    store = fixture_store()
    with_source_dates(store, {"RXK": "2025-03-01", "RNA": "2023", "RL4": "2019-06"})
    return create_app(Settings(), store=store)


def _figures(app, as_of: dt.date) -> coverage.Coverage:
    with app.test_request_context():
        return coverage.build(as_of)


def _icb(figures: coverage.Coverage, iri: str) -> coverage.Area:
    return next(icb for region in figures.regions for icb in region.icbs if icb.iri == iri)


def test_an_icb_counts_its_open_trusts_and_those_in_a_collaborative(app):
    figures = _figures(app, dt.date(2025, 6, 1))
    black_country = _icb(figures, ID + "org/QUA")
    # RXK, RNA, RL4 and RBK are in the Black Country Provider Collaborative; TAJ is in none.
    assert (black_country.trusts, black_country.covered) == (5, 4)
    midlands = next(r for r in figures.regions if r.iri == ID + "org/Y60")
    assert black_country in midlands.icbs
    assert midlands.trusts == sum(icb.trusts for icb in midlands.icbs)
    assert figures.england.trusts == sum(r.trusts for r in figures.regions)


def test_memberships_are_told_apart_by_how_recently_a_source_confirmed_them(app):
    black_country = _icb(_figures(app, dt.date(2025, 6, 1)), ID + "org/QUA")
    assert black_country.by_recency == {"recent": 1, "older": 1, "stale": 1, "undated": 1}


def test_a_trust_closed_before_the_day_is_not_counted(app):
    before = _icb(_figures(app, dt.date(2024, 10, 31)), ID + "org/QRV")
    after = _icb(_figures(app, dt.date(2024, 11, 1)), ID + "org/QRV")
    assert before.trusts == after.trusts + 1, "RY9 closed on 31 October 2024"


@pytest.mark.parametrize("text, day", [
    ("2023", dt.date(2023, 1, 1)), ("2023-05", dt.date(2023, 5, 1)), ("2023-05-17", dt.date(2023, 5, 17)),
    ("", None), ("sometime", None), ("2023-13", None),
])
def test_a_source_date_is_read_at_its_precision(text, day):
    assert coverage.confirmed_day(text) == day


def test_the_page_draws_a_bar_per_region_and_icb_linking_to_its_matrix(app):
    html = app.test_client().get("/coverage?as_of=2025-06-01", headers=HTML).get_data(as_text=True)
    picture = html.split('id="coverage-picture"', 1)[1].split("</figure>", 1)[0]
    assert "<svg" in picture and "<script" not in html.split("<main", 1)[1]
    assert re.search(r'<a class="area icb" href="/matrix\?icb=https%3A%2F%2Fw3id.org%2Fpcgraph%2Fid%2Forg%2FQUA'
                     r'&amp;as_of=2025-06-01"', picture)
    assert re.search(r'<a class="area region" href="/matrix\?region=[^"]*Y60', picture)
    assert "NHS Black Country Integrated Care Board: 4 of 5 open trusts in a recorded collaborative" in picture
    assert ">Black Country</text>" in picture, "the row's label is the ICB's short name"
    assert "80% · 4/5" in picture


def test_todays_figures_are_kept_until_the_data_changes_and_other_days_are_not(app):
    from pcgraph.web import context

    today = dt.date.today()
    with app.test_request_context():
        first = coverage.build(today)
        assert coverage.build(today) is first
        assert coverage.build(dt.date(2025, 6, 1)) is not coverage.build(dt.date(2025, 6, 1))
        context.data_changed()
        assert coverage.build(today) is not first
