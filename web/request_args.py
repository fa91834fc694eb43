"""Reading common query-string arguments (text, dates, IRIs) with errors that name the argument."""

from __future__ import annotations

import datetime as dt

from flask import request

from pcgraph.errors import ParameterError
from pcgraph.queries.parameters import expand_iri


def text_arg(name: str, max_chars: int) -> str:
    """A text argument, stripped ("" when absent); 400 naming it when longer than ``max_chars``."""
    text = (request.args.get(name) or "").strip()
    if len(text) > max_chars:
        raise ParameterError(f"is longer than {max_chars} characters", where=f"parameter {name!r}")
    return text


def as_of_arg(name: str = "as_of") -> dt.date:
    """The ``as_of`` date argument (YYYY-MM-DD), today when absent."""
    text = (request.args.get(name) or "").strip()
    if not text or text == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ParameterError(f"expected a date as YYYY-MM-DD, got {text!r}", where=f"parameter {name!r}") from None


def iri_arg(name: str) -> str | None:
    """An optional IRI argument (full or ``prefix:local``), None when absent."""
    text = (request.args.get(name) or "").strip()
    if not text:
        return None
    try:
        return expand_iri(text)
    except ValueError as exc:
        raise ParameterError(str(exc), where=f"parameter {name!r}") from None
