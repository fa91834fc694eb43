"""SPARQL 1.1 Query Results JSON, both ways, with pyoxigraph terms.

The remote backend reads an endpoint's answers with ``term_from_json``; ``pcgraph query
--format json`` and the web endpoint write them with ``result_to_json``.
"""

from __future__ import annotations

import hashlib
import re

import pyoxigraph as ox

from pcgraph.store.base import QueryResult, Term

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_BNODE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


def term_from_json(cell: dict) -> Term:
    """A pyoxigraph term for one ``{"type": ..., "value": ...}`` cell."""
    kind, value = cell.get("type"), cell.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        if not _BNODE_ID.match(value) or value.endswith("."):
            value = "b" + hashlib.sha1(value.encode()).hexdigest()
        return ox.BlankNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in cell:
            return ox.Literal(value, language=cell["xml:lang"])
        datatype = cell.get("datatype")
        if datatype and datatype not in (XSD_STRING, RDF_LANG_STRING):
            return ox.Literal(value, datatype=ox.NamedNode(datatype))
        return ox.Literal(value)
    raise ValueError(f"unsupported term type in SPARQL JSON results: {kind!r}")


def term_to_json(term: Term) -> dict:
    """The SPARQL JSON cell for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        cell = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            cell["datatype"] = term.datatype.value
        return cell
    raise ValueError(f"cannot write {term!r} as SPARQL JSON")


def result_to_json(result: QueryResult) -> dict:
    """The standard SPARQL 1.1 results document for a SELECT or ASK answer."""
    if result.kind == "ask":
        return {"head": {}, "boolean": bool(result.boolean)}
    if result.kind != "select":
        raise ValueError("only SELECT and ASK answers have a SPARQL JSON form")
    return {
        "head": {"vars": list(result.variables)},
        "results": {"bindings": [{name: term_to_json(term) for name, term in row.items()}
                                 for row in result.rows]},
    }
