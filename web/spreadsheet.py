"""CSV meant to be opened in a spreadsheet: cells that a spreadsheet would run as formulas
are neutralised with a leading apostrophe, as OWASP advises for CSV injection.

A cell beginning ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with
``'`` before it, unless it is a plain number (``-3``, ``+1.5``), which no spreadsheet runs.
This is for the CSV pcgraph writes for people (``/queries/NAME.csv``, ``/matrix.csv``);
the ``/sparql`` endpoint's CSV is the W3C results format and gives every value exactly.
"""

from __future__ import annotations

from typing import Iterable

from pcgraph.store import QueryResult
from pcgraph.store.sparql_csv import csv_rows, write_csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """``value``, with a leading apostrophe if a spreadsheet would read it as a formula."""
    if not value.startswith(FORMULA_STARTS):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def people_csv(rows: Iterable[Iterable[str | None]]) -> str:
    """Rows as CSV text (None as a blank cell), every cell made safe to open in a spreadsheet."""
    return write_csv([safe_cell("" if cell is None else str(cell)) for cell in row] for row in rows)


def results_for_people(result: QueryResult) -> str:
    """A query's answer as CSV for a spreadsheet: the SPARQL CSV layout, cells made safe."""
    return people_csv(csv_rows(result))
