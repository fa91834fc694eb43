"""Canned queries: one ``.rq`` file per question, with a small metadata header.

    #+ title: Members of a collaborative
    #+ description: The organisations in a collaborative on a given date, with their roles.
    #+ param: collaborative | iri | required | The collaborative
    #+ param: as_of | date | default=today | The day on which memberships must be active
    #+ tags: membership
    PREFIX pc: <https://w3id.org/pcgraph/ontology#>
    SELECT ?collaborative ?as_of ?member ... WHERE { ... }

Parameter types: iri, date, integer, decimal, string, boolean. Every parameter is a
variable of the same name that the query projects (the store binds it as a typed term).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import pyoxigraph as ox

from pcgraph.errors import InputError, ParameterError
from pcgraph.queries.parameters import TYPES, Parameter

QUERIES_DIR = Path(__file__).resolve().parent
_HEADER = re.compile(r"^#\+\s*([a-z_]+)\s*:\s*(.*?)\s*$")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class CannedQuery:
    """A named, documented SPARQL query whose parameters are bound as typed RDF terms."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    sparql: str
    tags: tuple[str, ...] = field(default_factory=tuple)

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(name)

    def bind(self, raw: Mapping[str, str], *, today: dt.date | None = None) -> dict[str, ox.NamedNode | ox.Literal]:
        """Typed terms for the user's values; defaults fill gaps; unknown or missing ones are errors.

        Empty values count as not given, as a blank form field does.
        """
        known = {p.name for p in self.parameters}
        unknown = sorted(k for k, v in raw.items() if k not in known and not k.startswith("_"))
        if unknown:
            raise ParameterError(f"this query has no such parameter (it takes: {', '.join(sorted(known)) or 'none'})",
                                 where=f"parameter {unknown[0]!r}")
        bindings: dict[str, ox.NamedNode | ox.Literal] = {}
        for parameter in self.parameters:
            value = raw.get(parameter.name)
            if value is None or not str(value).strip():
                if parameter.default is not None:
                    value = parameter.default
                elif parameter.required:
                    raise ParameterError("is required", where=f"parameter {parameter.name!r}")
                else:
                    continue
            bindings[parameter.name] = parameter.to_term(str(value), today=today)
        return bindings

    def to_json(self) -> dict:
        return {"name": self.name, "title": self.title, "description": self.description,
                "parameters": [p.to_json() for p in self.parameters], "tags": list(self.tags),
                "sparql": self.sparql}


def parse_query_file(path: Path) -> CannedQuery:
    """Read one ``.rq`` file; raises ``InputError`` naming the file and line of a bad header."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    parameters: list[Parameter] = []
    tags: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            continue
        where = f"{path.name} line {number}"
        match = _HEADER.match(line)
        if not match:
            raise InputError("expected '#+ key: value'", where=where)
        key, value = match.groups()
        if key == "param":
            parameters.append(_parse_parameter(value, where))
        elif key == "tags":
            tags = tuple(t.strip() for t in value.split(",") if t.strip())
        elif key in {"title", "description"}:
            meta[key] = value
        else:
            raise InputError(f"unknown header key {key!r} (expected title, description, param, tags)", where=where)
    name = path.stem
    if not _NAME.match(name):
        raise InputError("a query's file name must be lower-case words joined by hyphens", where=path.name)
    for key in ("title", "description"):
        if key not in meta:
            raise InputError(f"the header has no '#+ {key}:' line", where=path.name)
    if len({p.name for p in parameters}) != len(parameters):
        raise InputError("a parameter is declared twice", where=path.name)
    return CannedQuery(name, meta["title"], meta["description"], tuple(parameters), text, tags)


def _parse_parameter(value: str, where: str) -> Parameter:
    parts = [p.strip() for p in value.split("|")]
    if len(parts) != 4:
        raise InputError("a parameter is 'name | type | required, optional or default=VALUE | description'",
                         where=where)
    name, kind, spec, description = parts
    if not _PARAM_NAME.match(name):
        raise InputError(f"bad parameter name {name!r}", where=where)
    if kind not in TYPES:
        raise InputError(f"unknown parameter type {kind!r} (expected one of {', '.join(TYPES)})", where=where)
    if spec == "required":
        parameter = Parameter(name, kind, required=True, description=description)
    elif spec == "optional":
        parameter = Parameter(name, kind, description=description)
    elif spec.startswith("default="):
        parameter = Parameter(name, kind, default=spec.removeprefix("default="), description=description)
        try:
            parameter.to_term(parameter.default)
        except ParameterError as exc:
            raise InputError(f"the default of {name!r} is not valid: {exc.message}", where=where) from None
    else:
        raise InputError(f"expected required, optional or default=VALUE, got {spec!r}", where=where)
    return parameter


def load_queries(directory: Path) -> dict[str, CannedQuery]:
    """Every ``.rq`` file in ``directory``, by name, sorted."""
    queries = (parse_query_file(path) for path in sorted(Path(directory).glob("*.rq")))
    return {query.name: query for query in queries}
