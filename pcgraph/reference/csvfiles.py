"""Read the source CSVs row by row, keeping line numbers so errors can name them.

Every reader checks the shape of a row (column count, header) and its codes and dates;
a row that breaks a rule raises ``InputError`` naming ``file:line`` and the reason.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pcgraph.errors import InputError

ODS_CODE = re.compile(r"^[A-Z0-9]{3,5}$")


@dataclass(frozen=True)
class Where:
    """A file (relative to the data folder, for messages) and a line in it."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"

    def error(self, reason: str) -> InputError:
        return InputError(reason, where=str(self))


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def read_rows(path: Path, root: Path, *, columns: int | None = None) -> Iterator[tuple[Where, list[str]]]:
    """Rows of a header-less CSV with exactly ``columns`` fields, with where each came from."""
    name = _relative(path, root)
    if not path.is_file():
        raise InputError("source file is missing", where=name)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            for row in reader:
                where = Where(name, reader.line_num)
                if not any(cell.strip() for cell in row):
                    continue
                if columns is not None and len(row) != columns:
                    raise where.error(f"expected {columns} columns, found {len(row)}")
                yield where, row
        except csv.Error as exc:
            raise Where(name, reader.line_num).error(f"malformed CSV: {exc}") from None


def read_records(path: Path, root: Path, *, required: list[str]) -> Iterator[tuple[Where, dict[str, str]]]:
    """Rows of a CSV with a header line, as dicts; the header must hold ``required``."""
    rows = read_rows(path, root)
    try:
        where, header = next(rows)
    except StopIteration:
        raise InputError("source file is empty", where=_relative(path, root)) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise where.error(f"header lacks column(s) {', '.join(missing)}")
    for where, row in rows:
        if len(row) != len(header):
            raise where.error(f"expected {len(header)} columns, found {len(row)}")
        yield where, dict(zip(header, (cell.strip() for cell in row)))


def ods_code(where: Where, value: str, what: str = "ODS code") -> str:
    """An ODS code as given, checked for shape."""
    code = value.strip()
    if not ODS_CODE.match(code):
        raise where.error(f"{what} {value!r} is not an ODS code (3 to 5 capital letters or digits)")
    return code


def compact_date(where: Where, value: str, what: str) -> date | None:
    """A ``YYYYMMDD`` date as ODS writes it, or None when empty."""
    value = value.strip()
    if not value:
        return None
    try:
        if len(value) != 8 or not value.isdigit():
            raise ValueError
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise where.error(f"{what} {value!r} is not a date in the form YYYYMMDD") from None


def iso_date(where: Where, value: str, what: str) -> date | None:
    """A ``YYYY-MM-DD`` date, or None when empty."""
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise where.error(f"{what} {value!r} is not a date in the form YYYY-MM-DD") from None


def split_list(value: str) -> list[str]:
    """A semicolon-separated list, trimmed, empty items dropped."""
    return [item.strip() for item in value.split(";") if item.strip()]
