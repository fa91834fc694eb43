"""CSV meant for people cannot carry a spreadsheet formula: in ``/queries/NAME.csv`` and
``/matrix.csv`` a cell beginning ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
a leading apostrophe (OWASP's advice). The ``/sparql`` CSV is the W3C results format and
keeps every value exactly."""

from __future__ import annotations

import csv
import io

import pytest

from pcgraph.settings import Settings
from pcgraph.web.app import create_app
from support.fixture_store import relabelled_fixture_store

ID = "https://w3id.org/pcgraph/id/"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
COLLABORATIVE = f"{ID}collaborative/black-country-provider-collaborative"
# organisation or collaborative -> its label, as a hostile import could set it
FORMULAS = {
    f"{ID}org/RXK": '=HYPERLINK("http://example.org/","click")',
    f"{ID}org/RNA": "@SUM(1+1)*cmd|' /C calc'!A0",
    f"{ID}org/RL4": "+1+1",
    COLLABORATIVE: "-2+3+cmd|' /C calc'!A0",
}


@pytest.fixture(scope="module")
def client():
    return create_app(Settings(), store=relabelled_fixture_store(FORMULAS)).test_client()


def cells(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return [cell for row in csv.reader(io.StringIO(response.get_data(as_text=True))) for cell in row]


@pytest.mark.parametrize("path", [
    f"/queries/members-of-collaborative.csv?collaborative={COLLABORATIVE}&as_of=2025-06-01",
    "/queries/collaboratives.csv",
    "/matrix.csv?as_of=2025-06-01",
])
def test_no_cell_of_a_csv_for_people_starts_a_formula(client, path):
    found = cells(client, path)
    shown = [label for label in FORMULAS.values() if "'" + label in found]
    assert shown, "the relabelled organisations should appear"
    for cell in found:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or cell.lstrip("+-").replace(".", "").isdigit(), cell


def test_plain_numbers_are_left_as_numbers():
    from pcgraph.web.spreadsheet import safe_cell

    assert [safe_cell(v) for v in ("-3", "+1.5", "2", "-", "=1", "\tx", "\rx", "@x", "a=b")] == \
        ["-3", "+1.5", "2", "'-", "'=1", "'\tx", "'\rx", "'@x", "a=b"]


def test_the_sparql_csv_keeps_values_exactly(client):
    query = f"SELECT ?label WHERE {{ <{ID}org/RXK> <{PREF_LABEL}> ?label }}"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
    assert list(csv.reader(io.StringIO(response.get_data(as_text=True)))) == [["label"], [FORMULAS[f"{ID}org/RXK"]]]
