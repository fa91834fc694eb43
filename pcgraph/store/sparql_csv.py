"""SPARQL 1.1 Query Results CSV, shared by ``pcgraph query`` and the web endpoint."""

from __future__ import annotations

import csv
import io
from typing import Iterable, Iterator

import pyoxigraph as ox

from pcgraph.store.base import QueryResult, Term


def plain_value(term: Term | None) -> str:
    """A term as the CSV format writes it: its plain value, ``_:label`` for a blank node."""
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def csv_rows(result: QueryResult) -> Iterator[list[str]]:
    """A header of variable names, then one list of plain values per row (blank for unbound);
    ASK as a boolean."""
    if result.kind == "ask":
        yield ["boolean"]
        yield ["true" if result.boolean else "false"]
        return
    yield list(result.variables)
    for row in result.rows:
        yield [plain_value(row.get(v)) for v in result.variables]


def write_csv(rows: Iterable[list[str]]) -> str:
    """Rows as CSV text with CRLF line ends, as RFC 4180 and the SPARQL CSV format say."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def result_to_csv(result: QueryResult) -> str:
    """The answer in the SPARQL 1.1 CSV results format: every value exactly as it is."""
    return write_csv(csv_rows(result))
