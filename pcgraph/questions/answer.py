"""The answer to a question, in the one shape the CLI, the web page and the API all use.

    {"status": "answer" | "clarify" | "refuse", "question", "interpretation",
     "query": {"name", "params", "url"}, "sparql", "columns", "rows",
     "options", "unknown_words", "suggestions", "named", "message", ...}

``named`` (on a refusal) lists the things the question named without doubt, so that a
bare name still leads to their pages. In ``rows`` an entity is ``{"iri", "label", "ods_code"}`` (``ods_code`` where it has
one), a number is a JSON number, a yes/no a JSON boolean and a date an ISO string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from pcgraph.questions.lexicon import Lexicon

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}

# Where a row keeps the readable name of an IRI column, when it is not "<column>Label".
_LABEL_COLUMNS = {"accountableBody": "accountableLabel", "person": "name", "function": "functionLabel"}

HEADERS = {
    "member": "Member", "roles": "Roles", "startDate": "From", "endDate": "Until", "collaborative": "Collaborative",
    "organisation": "Organisation", "count": "Number", "collaboratives": "Collaboratives", "trust": "Trust",
    "sectorLabel": "Sector", "icbs": "ICBs", "other": "Collaborative", "shared": "Members shared",
    "sharedMembers": "Shared members", "icbCount": "ICBs", "regionCount": "Regions", "regions": "Regions",
    "basis": "Why", "functionLabel": "Function", "function": "Function", "delegate": "Delegate",
    "delegator": "Delegator", "budget": "Budget (£)", "accountableBody": "Accountable body", "via": "How",
    "body": "Accountable body", "accountableTo": "Accountable to", "governanceModels": "Governance model",
    "vehicles": "Vehicle", "committees": "Committees", "leadProviders": "Lead provider", "hosts": "Host",
    "person": "Person", "roleLabel": "Post", "successor": "Replaced by", "date": "Date", "changeLabel": "Change",
    "lastDay": "Last day", "predecessor": "Formed from", "what": "What happened", "related": "Related to",
    "thing": "Name", "replacedBy": "Replaced by", "firstDay": "First day", "formedFrom": "Formed from",
    "rule": "Rule", "severity": "Severity", "focus": "About", "message": "Finding",
    "functions": "Functions", "accountable": "Accountable body", "lastConfirmed": "Last confirmed",
}


@dataclass
class Answer:
    """What pcgraph says back: an answer, a clarifying question or a refusal."""

    status: str
    question: str
    interpretation: str | None = None
    query: dict | None = None
    sparql: str | None = None
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    options: list[dict[str, Any]] = field(default_factory=list)
    unknown_words: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    named: list[dict[str, Any]] = field(default_factory=list)
    message: str | None = None
    key: str | None = None
    answer_type: str | None = None
    as_of: str | None = None
    truncated: bool = False
    kind: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status, "question": self.question, "interpretation": self.interpretation,
            "query": self.query, "sparql": self.sparql, "columns": self.columns, "rows": self.rows,
            "options": self.options, "unknown_words": self.unknown_words, "suggestions": self.suggestions,
            "named": self.named, "message": self.message, "kind": self.kind, "key": self.key, "answer_type": self.answer_type,
            "as_of": self.as_of, "truncated": self.truncated,
            "headers": {c: HEADERS.get(c, c) for c in self.columns},
        }

    def values(self, column: str | None = None) -> list[Any]:
        """The key column's values, for checking answers: ODS codes or labels, numbers, booleans."""
        column = column or self.key or (self.columns[0] if self.columns else None)
        out = []
        for row in self.rows:
            value = row.get(column)
            if isinstance(value, dict):
                value = value.get("ods_code") or value.get("label")
            if value is not None:
                out.append(value)
        return out


def query_url(name: str, params: dict[str, str]) -> str:
    """The canned query's page with the parameters filled in."""
    return f"/queries/{name}" + (f"?{urlencode(params)}" if params else "")


def render_rows(result, columns: list[str], lexicon: Lexicon) -> tuple[list[str], list[dict[str, Any]]]:
    """JSON rows for the chosen columns of a query result.

    A column the query does not project is a programming error (a canned query renamed a
    variable), not something to drop quietly: the answer would lose what was asked for.
    """
    missing = [c for c in columns if c not in result.variables]
    if missing:
        raise ValueError(f"answer columns {missing} are not projected by the query ({result.variables})")
    present = list(columns)
    rows = []
    for row in result.rows:
        out: dict[str, Any] = {}
        for column in present:
            term = row.get(column)
            out[column] = None if term is None else _value(term, column, row, lexicon)
        rows.append(out)
    return present, rows


def _value(term, column: str, row: dict, lexicon: Lexicon) -> Any:
    if isinstance(term, ox.NamedNode):
        entity = lexicon.entities.get(term.value)
        if entity is not None:
            return entity.to_json()
        label_term = row.get(_LABEL_COLUMNS.get(column, f"{column}Label"))
        out = {"iri": term.value, "label": label_term.value if label_term is not None else _tail(term.value)}
        code = row.get("odsCode")
        if code is not None and column in {"member", "trust", "organisation"}:
            out["ods_code"] = code.value
        return out
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype is not None else ""
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype in {XSD + "decimal", XSD + "double", XSD + "float"}:
            number = Decimal(term.value)
            return int(number) if number == number.to_integral_value() else float(number)
        if datatype == XSD + "boolean":
            return term.value in {"true", "1"}
        return term.value
    return str(term)


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
