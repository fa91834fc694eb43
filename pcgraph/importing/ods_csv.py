"""NHS England ODS extracts (the standard 27-column CSV, no header) as raw RDF rows.

Each line becomes one node with its non-empty cells as ``ods:c1`` ... ``ods:c27`` and its
line number, so the mapping from ODS columns to pcgraph terms stays a SPARQL CONSTRUCT
(``pcgraph/mappings/ods-csv.rq``), not Python. Two derived cells help that mapping: the
name in readable case (``ods:readableName``) and the open and close dates as ``xsd:date``
(``ods:opened``, ``ods:closed``); the file's IRI is ``ods:file``.

Columns (1-based): 1 code, 2 name, 3 NHS England region, 4 ICB (high-level health
geography), 5-9 address, 10 postcode, 11 open date YYYYMMDD, 12 close date, 14 sub-type.
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from pcgraph.errors import InputError
from pcgraph.reference.names import readable

ODS = "https://w3id.org/pcgraph/ods-csv#"
COLUMNS = 27
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_CELL = [ox.NamedNode(f"{ODS}c{i}") for i in range(1, COLUMNS + 1)]


def _p(name: str) -> ox.NamedNode:
    return ox.NamedNode(ODS + name)


def ods_rows(name: str, lines: Iterable[bytes], file_iri: str, *,
             on_bytes: Callable[[int], None] | None = None) -> Iterator[ox.Triple]:
    """Raw triples for every row; ``InputError`` naming the line for a bad encoding, column count or date."""
    file_node = ox.NamedNode(file_iri)
    decoded = _decode(name, lines, on_bytes)
    rows = 0
    try:
        for cells in csv.reader(decoded, strict=True):
            line = decoded.line
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != COLUMNS:
                raise InputError(f"expected the {COLUMNS} columns of an ODS extract, found {len(cells)}",
                                 where=f"{name}, line {line}")
            rows += 1
            row = ox.BlankNode()
            yield ox.Triple(row, _p("line"), ox.Literal(str(line), datatype=XSD_INTEGER))
            yield ox.Triple(row, _p("file"), file_node)
            for index, cell in enumerate(cells):
                value = cell.strip()
                if value:
                    yield ox.Triple(row, _CELL[index], ox.Literal(value))
            if cells[1].strip():
                yield ox.Triple(row, _p("readableName"), ox.Literal(readable(cells[1])))
            for column, prop in ((10, "opened"), (11, "closed")):
                day = _date(cells[column], name, line, column + 1)
                if day:
                    yield ox.Triple(row, _p(prop), ox.Literal(day, datatype=XSD_DATE))
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", where=f"{name}, line {decoded.line}") from None
    if rows == 0:
        raise InputError("the file has no rows", where=name)


def _date(text: str, name: str, line: int, column: int) -> str | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date().isoformat()
    except ValueError:
        raise InputError(f"column {column} should be a date written YYYYMMDD, found {text!r}",
                         where=f"{name}, line {line}") from None


class _decode:
    """Lines as text, UTF-8 (with or without a byte-order mark), counting lines for messages."""

    def __init__(self, name: str, lines: Iterable[bytes], on_bytes: Callable[[int], None] | None):
        self.name, self.lines, self.on_bytes, self.line = name, iter(lines), on_bytes, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        raw = next(self.lines)
        self.line += 1
        if self.on_bytes:
            self.on_bytes(len(raw))
        if self.line == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (byte {raw[exc.start]:#04x} at column {exc.start + 1}); "
                             "save the file as UTF-8", where=f"{self.name}, line {self.line}") from None
