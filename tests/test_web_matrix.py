"""Who sits where, read at a glance: grouped columns, seriated rows, counts, and how fresh each membership is."""

from __future__ import annotations

import re

import pytest

from pcgraph.settings import Settings
from pcgraph.web.app import create_app
from support.fixture_store import fixture_store, with_source_dates

HTML = {"Accept": "text/html"}
ID = "https://w3id.org/pcgraph/id/"


def dated_client():
    store = with_source_dates(fixture_store(), {"RXK": "2025-03-01", "RNA": "2023-02", "RL4": "2019"})
    return create_app(Settings(), store=store).test_client()


@pytest.fixture(scope="module")
def client():
    return dated_client()


def grid(client, query: str = "as_of=2025-06-01") -> str:
    response = client.get(f"/matrix?{query}", headers=HTML)
    assert response.status_code == 200
    return response.get_data(as_text=True).split('id="matrix"', 1)[1].split("</table>", 1)[0]


def column_order(html: str) -> list[str]:
    names = html.split('<tr class="names">', 1)[1].split("</tr>", 1)[0]
    return re.findall(r'href="/id/collaborative/([^"]+)"', names)


def row_order(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/id/org/([^"]+)"', html)


def test_columns_are_grouped_by_kind_and_by_the_region_they_cover(client):
    html = grid(client)
    assert re.search(r'<th class="kind gs" colspan="4" title="provider collaborative">', html)
    footprints = re.findall(r'<th class="footprint gs" colspan="(\d)" title="provider collaborative: ([^"]+) \(\d\)"', html)
    # The cross-border alliance has no footprint: its members lie in two regions.
    assert footprints == [("2", "London"), ("1", "Midlands"), ("1", "several regions")]
    assert column_order(html)[-1] == "test-cross-border-alliance"


def test_rows_and_columns_are_seriated_so_shared_members_sit_together(client):
    html = grid(client)
    rows = row_order(html)
    # RV3 and RKL are in both North West London collaboratives, side by side.
    assert abs(rows.index("RV3") - rows.index("RKL")) == 1
    black_country = [rows.index(code) for code in ("RXK", "RNA", "RL4", "RBK")]
    assert max(black_country) - min(black_country) == 3
    # RXK is also in the alliance (the last column): it ends its block, on the alliance's side.
    assert rows.index("RXK") == max(black_country)
    assert grid(client) == html, "the same grid comes out the same way"


def test_every_row_and_column_is_counted(client):
    html = grid(client)
    counts = re.findall(r'<td class="num(?: gs)?" title="(\d+) members? of ([^"]+)">(\d+)</td>', html)
    assert ("4", "Black Country Provider Collaborative", "4") in counts
    assert ("2", "Test Cross-Border Alliance", "2") in counts
    rxk = html.split('href="/id/org/RXK"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="num">2</td>' in rxk


def test_a_membership_confirmed_long_ago_is_faded_and_says_when(client):
    html = grid(client)
    assert re.search(r'<span class="dot recent" title="Sandwell[^"]*: member; last confirmed March 2025"', html)
    assert re.search(r'<span class="dot older lead" title="The Dudley Group[^"]*last confirmed February 2023"', html)
    assert re.search(r'<span class="dot stale" title="The Royal Wolverhampton[^"]*last confirmed 2019"', html)
    assert re.search(r'<span class="dot undated" title="Walsall[^"]*no source date recorded"', html)


def test_without_any_source_dates_the_key_does_not_promise_faded_dots():
    plain = create_app(Settings(), store=fixture_store()).test_client()
    page = plain.get("/matrix?as_of=2025-06-01", headers=HTML).get_data(as_text=True)
    key = page.split('class="matrix-key', 1)[1].split("</ul>", 1)[0]
    assert "last confirmed" not in key
    assert "last confirmed" in client_key(create_app(Settings(), store=with_source_dates(fixture_store(), {"RXK": "2019"})))


def client_key(app) -> str:
    page = app.test_client().get("/matrix?as_of=2025-06-01", headers=HTML).get_data(as_text=True)
    return page.split('class="matrix-key', 1)[1].split("</ul>", 1)[0]


def test_the_filters_start_from_a_region_and_offer_its_icbs_under_it(client):
    page = client.get("/matrix?as_of=2025-06-01", headers=HTML).get_data(as_text=True)
    form = page.split('<form class="filters"', 1)[1].split("</form>", 1)[0]
    assert form.index('name="region"') < form.index('name="icb"')
    midlands = form.split(f'<optgroup label="Midlands" data-region="{ID}org/Y60">', 1)[1].split("</optgroup>", 1)[0]
    assert f'value="{ID}org/QUA"' in midlands and f'value="{ID}org/QRV"' not in midlands
    narrowed = grid(client, f"as_of=2025-06-01&icb={ID}org/QUA")
    assert set(row_order(narrowed)) == {"RXK", "RNA", "RL4", "RBK"}


def test_a_large_grid_opens_with_the_whole_of_it_at_a_glance(client, monkeypatch):
    from pcgraph.web.views import matrix

    small = client.get("/matrix?as_of=2025-06-01", headers=HTML).get_data(as_text=True)
    assert 'id="matrix-overview"' not in small, "a small grid is its own overview"
    monkeypatch.setattr(matrix, "OVERVIEW_FROM_ROWS", 2)
    # A new service: the module's has the small grid's page kept until the data changes.
    page = dated_client().get("/matrix?as_of=2025-06-01", headers=HTML).get_data(as_text=True)
    picture = page.split('id="matrix-overview"', 1)[1].split("</figure>", 1)[0]
    squares = re.findall(r'<rect class="sq (\w+)"[^>]*><title>([^<]+)</title>', picture)
    cells = re.findall(r'<span class="dot', page.split('id="matrix"', 1)[1])
    assert len(squares) == len(cells) == 11
    assert ("stale", "The Royal Wolverhampton NHS Trust in Black Country Provider Collaborative") in squares
    assert len(re.findall(r'<rect class="band\d"', picture)) == 3, "one band per group of columns"
