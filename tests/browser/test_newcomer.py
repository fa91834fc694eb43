"""A newcomer's first five minutes, in headless Chromium against a real server on the real data.

They open the home page, find who sits in the Black Country Provider Collaborative, follow
a member organisation, look at the collaborative's network picture, see what Black
Country ICB delegated and what the validator thinks is wrong, run a canned query and a
SPARQL query. Screenshots go to ``test-artifacts/``. Every request must stay on the
server (no CDN, no remote fonts) and no page may log a script or policy error.

In CI (``CI=true``) a missing Chromium or Playwright is a failure, not a skip.
"""

from __future__ import annotations

import pytest

from support.browser import chromium, require_browser
from support.paths import ARTIFACTS_DIR
from support.server import running_server

pytestmark = pytest.mark.browser

BCPC = "/id/collaborative/black-country-provider-collaborative"


@pytest.fixture(scope="module")
def base():
    require_browser()
    with running_server() as url:  # a fresh store: the default data, as `pcgraph serve` gives a newcomer
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, base):
    """A page that refuses any request off the server and records console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.errors = []
    page.off_site = []

    def guard(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            page.off_site.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    assert page.off_site == [], f"requests left the server: {page.off_site}"
    assert page.errors == [], f"errors in the browser console: {page.errors}"
    context.close()


def shot(page, name: str, **kwargs) -> None:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    target = kwargs.pop("element", None)
    path = ARTIFACTS_DIR / f"{name}.png"
    if target is not None:
        target.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path), full_page=True, **kwargs)


def test_home_page_leads_with_the_search_box(page, base):
    page.goto(base + "/")
    box = page.locator("#home-search input[name=q]")
    assert box.is_visible()
    assert box.evaluate("element => element === document.activeElement"), "the search box has the focus"
    shot(page, "01-home")


def test_who_sits_in_the_black_country_provider_collaborative_and_follow_a_member(page, base):
    page.goto(base + "/")
    page.get_by_role("link", name="Who sits in the Black Country Provider Collaborative?").click()
    page.wait_for_url("**" + BCPC)
    members = page.locator("#members table.data tbody")
    for code in ("RXK", "RNA", "RL4", "RBK"):
        assert members.get_by_text(code, exact=True).count() >= 1
    shot(page, "02-collaborative")
    members.get_by_role("link", name="The Dudley Group NHS Foundation Trust").click()
    page.wait_for_url("**/id/org/RNA")
    assert page.locator("h1").inner_text().startswith("The Dudley Group NHS Foundation Trust")
    assert page.locator("#collaboratives").get_by_role("link", name="Black Country Provider Collaborative").count() == 1
    shot(page, "03-organisation")


def test_network_picture_highlights_links_and_opens_nodes(page, base):
    page.goto(base + BCPC + "#network")
    picture = page.locator("#network-picture")
    picture.scroll_into_view_if_needed()
    nodes = picture.locator("a.node.member")
    assert nodes.count() == 4
    nodes.first.hover()
    assert "focusing" in picture.get_attribute("class")
    assert picture.locator("line.lit").count() >= 1
    shot(page, "04-network-picture", element=picture)
    href = nodes.first.get_attribute("href")
    nodes.first.click()
    page.wait_for_url("**" + href)


def test_what_black_country_icb_delegated(page, base):
    page.goto(base + "/")
    page.get_by_role("link", name="What did Black Country ICB delegate?").click()
    page.wait_for_url("**/queries/delegations-by-icb**")
    results = page.locator("#results table")
    assert "Black Country Joint Provider Committee" in results.inner_text()
    shot(page, "05-delegations")


def test_what_the_validator_thinks_is_wrong(page, base):
    page.goto(base + "/")
    page.get_by_role("link", name="What does the validator think is wrong?").click()
    page.wait_for_url("**/validation")
    assert page.locator(".finding").count() >= 1
    page.select_option("select[name=icb]", label="NHS Black Country Integrated Care Board")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**icb=**")
    shot(page, "06-validation")


def test_run_a_canned_query_from_its_form(page, base):
    page.goto(base + "/queries")
    page.get_by_role("link", name="Members of a collaborative", exact=True).click()
    page.select_option("#p-collaborative", label="Black Country Provider Collaborative")
    page.get_by_role("button", name="Show the answer").click()
    page.wait_for_selector("#results table")
    text = page.locator("#results table").inner_text()
    assert "The Royal Wolverhampton NHS Trust" in text and "Walsall Healthcare NHS Trust" in text
    shot(page, "07-canned-query")


def test_submit_the_sparql_form(page, base):
    page.goto(base + "/sparql")
    page.get_by_role("link", name="How many trusts in each sector").click()
    assert "pc:sector" in page.locator("#query").input_value()
    page.locator("#query").press("Control+Enter")
    page.wait_for_selector("#results table")
    assert page.locator("#results tbody tr").count() >= 3
    assert "acute" in page.locator("#results").inner_text()
    shot(page, "08-sparql")


def test_who_sits_where_matrix(page, base):
    page.goto(base + "/matrix")
    page.select_option("select[name=region]", label="Midlands")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**region=**")
    assert page.locator("#matrix .dot").count() >= 4
    shot(page, "09-matrix")
