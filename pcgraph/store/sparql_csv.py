"""SPARQL 1.1 Query Results CSV, shared by ``pcgraph query`` and the web endpoint."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox

from pcgraph.store.base import QueryResult, Term


def plain_value(term: Term | None) -> str:
    """A term as the CSV format writes it: its plain value, ``_:label`` for a blank node."""
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def result_to_csv(result: QueryResult) -> str:
    """A header of variable names, then one line per row (blank for unbound); ASK as a boolean."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buffer.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([plain_value(row.get(v)) for v in result.variables])
    return buffer.getvalue()
