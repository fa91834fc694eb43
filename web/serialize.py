"""Query answers in the standard formats: SPARQL results (JSON, XML, CSV, TSV) and RDF.

Rows are dicts of pyoxigraph terms (whatever the store backend), so one writer per
format serves the endpoint, the canned queries and the entity pages.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from pcgraph.namespaces import WRITE_PREFIXES
from pcgraph.store import QueryResult
from pcgraph.store.sparql_csv import result_to_csv
from pcgraph.store.sparql_json import result_to_json

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    # dataset syntaxes: the triples in the default graph (clients such as Comunica ask for these)
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
RDF_EXTENSIONS = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
                  "rdf": "application/rdf+xml"}


def results_json(result: QueryResult) -> str:
    """SPARQL 1.1 JSON results, with ``"truncated": true`` added when the row cap cut the answer."""
    body = result_to_json(result)
    if result.truncated:
        body["truncated"] = True
    return json.dumps(body, ensure_ascii=False)


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def results_xml(result: QueryResult) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    if result.truncated:
        out.append('<link href="#truncated"/>')
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(k)}>{_xml_term(v)}</binding>" for k, v in row.items()]
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out)


def results_csv(result: QueryResult) -> str:
    """SPARQL CSV: plain values, blank for unbound."""
    return result_to_csv(result)


def results_tsv(result: QueryResult) -> str:
    """SPARQL TSV: terms in Turtle-like syntax, variables with a leading ``?``."""
    if result.kind == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(str(row[v]) if v in row else "" for v in result.variables))
    return "\n".join(lines) + "\n"


WRITERS = {"json": results_json, "xml": results_xml, "csv": results_csv, "tsv": results_tsv}


def serialize_graph(triples: list[ox.Triple], mimetype: str) -> bytes:
    """Triples in the RDF syntax for ``mimetype``, with pcgraph's prefixes where the syntax has them."""
    fmt = RDF_TYPES[mimetype]
    kwargs = {}
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML):
        kwargs["prefixes"] = WRITE_PREFIXES
    return ox.serialize(triples, format=fmt, **kwargs)
