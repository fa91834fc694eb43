"""The analyst's pages as a person sees them: real Chromium, a desktop and a phone width.

Every page is opened at 1280 px and at 390 px against one real ``pcgraph serve`` on the
default data. A page fails when the browser logs an error (a missing favicon included),
when the page itself scrolls sideways (only a table's own scroller may), or when a table
repeats one organisation (or collaborative) over several rows. A screenshot of each is written to
``test-artifacts/`` for a reviewer to look at.

In CI (``CI=true``) a missing Chromium or Playwright is a failure, not a skip.
"""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest

from support.browser import chromium, require_browser
from support.paths import ARTIFACTS_DIR
from support.server import running_server

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1280, "phone": 390}
ID = "https://w3id.org/pcgraph/id/"
PAGES = {
    "home": "/",
    "trust": "/id/org/RXK",
    "icb": "/id/org/QUA",
    "collaborative": "/id/collaborative/black-country-provider-collaborative",
    "matrix": "/matrix",
    "matrix-region": "/matrix?region=" + quote(ID + "org/Y60", safe=""),
    "coverage": "/coverage",
    "validation": "/validation",
    "ask-empty": "/ask",
    "ask-answer": "/ask?q=" + quote("Who is in the Black Country Provider Collaborative?"),
    "queries": "/queries",
    "canned-query": "/queries/members-of-collaborative?collaborative=id:collaborative/black-country-provider-collaborative",
}

# Page-wide sideways overflow, and each table's rows whose first link (an organisation or
# collaborative page) an earlier row of the same table already had.
MEASURE = """() => {
  const repeats = [];
  for (const table of document.querySelectorAll('main table')) {
    const seen = new Map();
    for (const row of table.querySelectorAll('tbody tr')) {
      const first = row.querySelector('th a, td a');
      if (!first || row.classList.contains('note-row')) continue;
      const key = first.getAttribute('href');
      if (key.startsWith('/id/') && seen.has(key)) repeats.push(`${table.id || table.className}: ${first.textContent}`);
      seen.set(key, true);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, repeats};
}"""


@pytest.fixture(scope="module")
def site():
    """One server on the default data and one browser for the whole module."""
    require_browser()
    with running_server() as url, chromium() as browser:
        yield url, browser


@pytest.fixture(scope="module")
def base(site):
    return site[0]


@pytest.fixture(scope="module", params=list(WIDTHS))
def context(request, site):
    """One browser context per width; every console error and failed request is recorded."""
    context = site[1].new_context(viewport={"width": WIDTHS[request.param], "height": 900})
    context.width_name = request.param
    context.problems = []
    context.on("console", lambda m: context.problems.append(m.text) if m.type == "error" else None)
    context.on("weberror", lambda e: context.problems.append(str(e.error)))
    context.on("response", lambda r: context.problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    yield context
    context.close()


def _open(context, base: str, path: str):
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(base + path)
    # The whole-graph validation report is prepared in the background after start-up.
    deadline = time.monotonic() + 60
    while page.locator("#report-pending").count() and time.monotonic() < deadline:
        time.sleep(1)
        page.reload()
    return page


@pytest.mark.parametrize("name", list(PAGES))
def test_page_reads_cleanly(context, base, name):
    context.problems.clear()
    page = _open(context, base, PAGES[name])
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"page-{name}-{context.width_name}.png"), full_page=True)
    measured = page.evaluate(MEASURE)
    page.close()
    assert context.problems == [], f"browser errors on {PAGES[name]}: {context.problems}"
    assert measured["scrollWidth"] <= measured["viewport"], \
        f"{PAGES[name]} scrolls sideways at {measured['viewport']} px (content {measured['scrollWidth']} px wide)"
    assert measured["repeats"] == [], f"{PAGES[name]} repeats an organisation in a table: {measured['repeats']}"


def test_choosing_a_region_narrows_the_icb_picker_to_its_icbs(site):
    base, browser = site
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    errors = []
    context.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page = context.new_page()
    page.goto(base + "/matrix")
    page.select_option("select[name=region]", label="Midlands")
    offered = page.eval_on_selector_all("select[name=icb] optgroup:not([disabled]) option", "os => os.map(o => o.textContent)")
    assert "NHS Black Country Integrated Care Board" in offered
    assert not any("London" in name for name in offered)
    page.select_option("select[name=icb]", label="NHS Black Country Integrated Care Board")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**icb=**")
    assert {"RXK", "RNA", "RL4", "RBK"} <= set(page.locator("#matrix td.code-cell").all_inner_texts())
    context.close()
    assert errors == []
