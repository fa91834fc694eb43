"""Direction controls in labels stay inside the label: every page wraps a value holding
them in an isolate (U+2068 ... U+2069), so a right-to-left override cannot reverse the
text around it."""

from __future__ import annotations

import pytest

from pcgraph.settings import Settings
from pcgraph.web.app import create_app
from support.fixture_store import relabelled_fixture_store

ID = "https://w3id.org/pcgraph/id/"
COLLABORATIVE = f"{ID}collaborative/black-country-provider-collaborative"
# A label that, shown as it is, reads "Trust txt.exe" backwards into the text after it.
LABELS = {f"{ID}org/RXK": "Sandwell \u202eexe.txt", COLLABORATIVE: "Black Country \u2067Provider Collaborative",
          f"{ID}org/RNA": "Dudley\u2069\u202e stray close"}
PAGES = ["/id/org/RXK", "/id/collaborative/black-country-provider-collaborative", "/search?q=sandwell",
         "/queries/members-of-collaborative?collaborative=id:collaborative/black-country-provider-collaborative",
         "/", "/matrix?as_of=2025-06-01"]
CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
INITIATORS = set("\u2066\u2067\u2068")


def leaks(text: str) -> list[int]:
    """Where a direction control acts outside any isolate (UAX #9: a PDI closes the nearest
    open isolate), or an isolate is left open at the end."""
    found, depth = [], 0
    for position, char in enumerate(text):
        if char in INITIATORS:
            if depth == 0 and char != "\u2068":
                found.append(position)
            depth += 1
        elif char == "\u2069":
            if depth == 0:
                found.append(position)
            depth = max(depth - 1, 0)
        elif char in CONTROLS and depth == 0:
            found.append(position)
    return found + ([len(text)] if depth else [])


@pytest.fixture(scope="module")
def client():
    return create_app(Settings(), store=relabelled_fixture_store(LABELS)).test_client()


@pytest.mark.parametrize("path", PAGES)
def test_direction_controls_never_reach_outside_an_isolate(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert any(label in html for label in LABELS.values()), "the relabelled names should be on the page"
    assert leaks(html) == []


def test_text_without_controls_is_left_alone():
    from pcgraph.web.display import isolate_bidi

    assert isolate_bidi("Dudley") == "Dudley" and isolate_bidi(3) == 3
    assert isolate_bidi("a\u202eb") == "\u2068a\u202eb\u2069"
    assert isolate_bidi("a\u2069\u2067b") == "\u2068a\u2067b\u2069\u2069"
