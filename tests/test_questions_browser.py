"""The home page answer panel in headless Chromium, against a real ``pcgraph serve`` on the
reference graph: ask, read the interpretation and the table, open "Show SPARQL", follow
an entity link and the canned query link; answer a clarifying question and a refusal by
clicking. Screenshots go to ``test-artifacts/``. In CI a missing browser is a failure.
"""

from __future__ import annotations

import pytest

from support.browser import chromium, require_browser
from support.paths import ARTIFACTS_DIR
from support.server import running_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base():
    require_browser()
    with running_server() as url:
        yield url


@pytest.fixture(scope="module")
def page(base):
    with chromium() as browser:
        page = browser.new_page()
        problems: list[str] = []
        # A browser asks for /favicon.ico on its own; any other failed request or script error counts.
        page.on("console", lambda m: problems.append(m.text)
                if m.type == "error" and "Failed to load resource" not in m.text else None)
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
                if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
        page.on("request", lambda r: problems.append(f"off-server request {r.url}")
                if not r.url.startswith(base) and not r.url.startswith("data:") else None)
        page.problems = problems
        yield page


def ask(page, base, question):
    page.goto(base + "/")
    page.fill("#q", question)
    page.click("#home-search button[type=submit]")
    page.wait_for_selector("#ask-panel .ask-answer")
    return page.locator("#ask-panel .ask-answer")


def test_the_home_page_answers_in_place(page, base):
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    panel = ask(page, base, "who's in the Black Country collaborative?")
    assert panel.get_attribute("data-status") == "answer"
    assert "members of Black Country Provider Collaborative" in panel.locator(".ask-interpretation").inner_text()
    assert page.url.endswith("/?q=who%27s%20in%20the%20Black%20Country%20collaborative%3F")
    links = panel.locator("table.ask-table a")
    assert sorted(links.all_inner_texts()) == sorted([
        "Sandwell and West Birmingham Hospitals NHS Trust", "The Dudley Group NHS Foundation Trust",
        "The Royal Wolverhampton NHS Trust", "Walsall Healthcare NHS Trust"])
    sparql = panel.locator("details.ask-sparql pre")
    assert not sparql.is_visible()
    panel.locator("details.ask-sparql summary").click()
    assert sparql.is_visible() and "org:member" in sparql.inner_text()
    page.screenshot(path=str(ARTIFACTS_DIR / "questions-answer.png"), full_page=True)

    query_link = panel.locator("a.ask-query-link")
    assert "/queries/members-of-collaborative?collaborative=id%3Acollaborative%2Fblack-country-provider-collaborative" \
        in query_link.get_attribute("href")
    query_link.click()
    page.wait_for_load_state()
    assert "/queries/members-of-collaborative" in page.url
    assert "Walsall Healthcare NHS Trust" in page.content()

    panel = ask(page, base, "who's in the Black Country collaborative?")
    panel.get_by_role("link", name="The Royal Wolverhampton NHS Trust").click()
    page.wait_for_load_state()
    assert page.url.endswith("/id/org/RL4")
    assert page.problems == []


def test_a_clarifying_question_is_answered_by_clicking(page, base):
    panel = ask(page, base, "which collaboratives is Leeds in?")
    assert panel.get_attribute("data-status") == "clarify"
    assert "could mean more than one thing" in panel.inner_text()
    page.screenshot(path=str(ARTIFACTS_DIR / "questions-clarify.png"), full_page=True)
    panel.locator("a.ask-follow", has_text="Leeds Teaching Hospitals NHS Trust").click()
    page.wait_for_selector("#ask-panel .ask-answer[data-status=answer]")
    assert "West Yorkshire Association of Acute Trusts" in page.locator("#ask-panel").inner_text()
    assert page.input_value("#q").startswith("which collaboratives is Leeds Teaching Hospitals")


def test_a_refusal_names_the_words_and_offers_questions(page, base):
    panel = ask(page, base, "what's the weather in Dudley?")
    assert panel.get_attribute("data-status") == "refuse"
    assert panel.locator(".ask-unknown mark").all_inner_texts() == ["weather"]
    page.screenshot(path=str(ARTIFACTS_DIR / "questions-refuse.png"), full_page=True)
    panel.locator(".ask-suggestions a.ask-follow").first.click()
    page.wait_for_selector("#ask-panel .ask-answer:not([data-status=refuse])")
    assert page.problems == []


def test_the_ask_page_works_without_javascript(base):
    import requests

    html = requests.get(base + "/ask", params={"q": "Is RWT a member of BCPC?"}, timeout=30).text
    assert "I read this as:" in html and ">Yes<" in html and "Show SPARQL" in html
