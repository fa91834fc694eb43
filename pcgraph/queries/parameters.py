"""Typed parameters of canned queries: parse a user's text into an RDF term, or say why not.

A parameter is declared in a query's header as ``name | type | spec | description``;
``spec`` is ``required``, ``optional`` or ``default=VALUE`` (``default=today`` for dates).
Values are turned into typed RDF terms and bound by the store, never formatted into the
query text, so a value can never change the query's meaning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from pcgraph.errors import ParameterError
from pcgraph.namespaces import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
TYPES = ("iri", "date", "integer", "decimal", "string", "boolean")

_IRI_FORBIDDEN = re.compile(r'[\s<>"{}|\\^`]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_INTEGER = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: its name, type, whether it must be given, its default and help."""

    name: str
    type: str
    required: bool = False
    default: str | None = None
    description: str = ""

    def to_term(self, raw: str, *, today: dt.date | None = None) -> ox.NamedNode | ox.Literal:
        """The RDF term for ``raw``; raises ``ParameterError`` naming this parameter."""
        text = raw.strip()
        try:
            return _CONVERTERS[self.type](text, today or dt.date.today())
        except ValueError as exc:
            raise ParameterError(f"{exc}", where=f"parameter {self.name!r}") from None

    def to_json(self) -> dict:
        return {"name": self.name, "type": self.type, "required": self.required,
                "default": self.default, "description": self.description}


def expand_iri(text: str) -> str:
    """A full IRI from ``text``: an absolute IRI, or ``prefix:local`` with a pcgraph prefix."""
    if not text:
        raise ValueError("expected an IRI, got nothing")
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    if not _SCHEME.match(text) or _IRI_FORBIDDEN.search(text):
        raise ValueError(f"expected an IRI such as https://w3id.org/pcgraph/id/org/RXK or id:org/RXK, got {text!r}")
    return text


def _iri(text: str, today: dt.date) -> ox.NamedNode:
    return ox.NamedNode(expand_iri(text))


def _date(text: str, today: dt.date) -> ox.Literal:
    if text.lower() == "today":
        return ox.Literal(today.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"expected a date as YYYY-MM-DD (or 'today'), got {text!r}") from None
    return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))


def _integer(text: str, today: dt.date) -> ox.Literal:
    if not _INTEGER.match(text):
        raise ValueError(f"expected a whole number, got {text!r}")
    return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))


def _decimal(text: str, today: dt.date) -> ox.Literal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"expected a number, got {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"expected a finite number, got {text!r}")
    return ox.Literal(format(value, "f"), datatype=ox.NamedNode(XSD + "decimal"))


def _string(text: str, today: dt.date) -> ox.Literal:
    if not text:
        raise ValueError("expected some text, got nothing")
    return ox.Literal(text)


def _boolean(text: str, today: dt.date) -> ox.Literal:
    lowered = text.lower()
    if lowered in {"true", "1", "yes", "on"}:
        value = "true"
    elif lowered in {"false", "0", "no", "off"}:
        value = "false"
    else:
        raise ValueError(f"expected true or false, got {text!r}")
    return ox.Literal(value, datatype=ox.NamedNode(XSD + "boolean"))


_CONVERTERS = {"iri": _iri, "date": _date, "integer": _integer, "decimal": _decimal,
               "string": _string, "boolean": _boolean}
