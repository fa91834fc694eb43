"""The OpenAPI 3.1 description of pcgraph's JSON API, built from the code it describes.

The canned query names come from the catalogue itself, so a new ``.rq`` file is
documented the moment it exists; a test requests every path listed here.
"""

from __future__ import annotations

from pcgraph import __version__, queries

from . import search
from .import_gate import SUFFIXES

ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    text = {400: "Bad parameter (named in the answer)", 401: "Missing or wrong bearer token",
            403: "Writes are disabled (no token configured)", 404: "Not found",
            405: "The default graph is read-only (the answer has an Allow header)", 406: "Not acceptable",
            415: "Unsupported content type", 422: "Rejected by validation; nothing written (report included)",
            503: "Time limit reached, or a component is unavailable"}
    return {str(code): _json(ERROR, text[code]) for code in codes}


def _param(name: str, description: str, *, required: bool = False, schema: dict | None = None,
           where: str = "query", allow_empty: bool = False) -> dict:
    param = {"name": name, "in": where, "required": required, "description": description,
             "schema": schema or {"type": "string"}}
    if allow_empty:
        param["allowEmptyValue"] = True
    return param


def openapi_document(server: str = "", *, ask: bool = False) -> dict:
    names = sorted(queries.catalog())
    result_schema = {"$ref": "#/components/schemas/QueryResult"}
    security = [{"bearer": []}]
    # Every type the import gate reads (text/plain is N-Triples' older media type).
    rdf_body = {"required": True, "content": {t: {"schema": {"type": "string"}} for t in SUFFIXES}}
    rdf_or_empty = {**rdf_body, "required": False}
    default_graph = _param("default", "Present (with no value): the default graph, the merge of all graphs; "
                                      "it can be read, not written (405)", schema={"type": "boolean"},
                           allow_empty=True)
    document = {
        "openapi": "3.1.0",
        "info": {"title": "pcgraph", "version": __version__,
                 "description": "A knowledge graph of NHS England provider collaboratives: search, canned "
                                "queries, validation findings and authenticated imports. SPARQL 1.1 Protocol "
                                "at /sparql and Graph Store Protocol at /graphs."},
        "servers": [{"url": server or "/"}],
        "paths": {
            "/healthz": {"get": {"summary": "Is the service up", "responses": {
                "200": _json({"type": "object", "required": ["ok", "version"],
                              "properties": {"ok": {"const": True}, "version": {"type": "string"},
                                             "graphs": {"type": "integer"}}})}}},
            "/api/search": {"get": {
                "summary": "Find organisations, collaboratives and other entities by name, ODS code or acronym",
                "parameters": [_param("q", f"Text to search for (at most {search.MAX_CHARS} characters)",
                                      required=True, schema={"type": "string", "maxLength": search.MAX_CHARS}),
                               _param("limit", "Most results (1-100)", schema={"type": "integer", "default": 20})],
                "responses": {"200": _json({"type": "object", "required": ["ok", "q", "results"], "properties": {
                    "ok": {"const": True}, "q": {"type": "string"},
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}}}}),
                    **_errors(400)}}},
            "/api/queries": {"get": {"summary": "The canned query catalogue", "responses": {
                "200": _json({"type": "object", "required": ["ok", "queries"], "properties": {
                    "ok": {"const": True}, "queries": {"type": "array", "items": {"$ref": "#/components/schemas/CannedQuery"}}}})}}},
            "/api/queries/{name}": {"get": {
                "summary": "Run a canned query; its parameters are given as query-string arguments",
                "parameters": [_param("name", "The query's name", required=True, where="path",
                                      schema={"type": "string", "enum": names})],
                "responses": {"200": _json(result_schema), **_errors(400, 404, 503)}}},
            "/queries/{name}.json": {"get": {
                "summary": "The same answer as /api/queries/{name} (the JSON twin of the query's page)",
                "parameters": [_param("name", "The query's name", required=True, where="path",
                                      schema={"type": "string", "enum": names})],
                "responses": {"200": _json(result_schema), **_errors(400, 404, 503)}}},
            "/validation.json": {"get": {
                "summary": "Validation findings, filterable by ICB, date, rule and severity",
                "parameters": [_param("as_of", "Day to check (YYYY-MM-DD, default today)", schema={"type": "string", "format": "date"}),
                               _param("icb", "Only findings about this ICB's organisations, collaboratives and delegations (IRI)"),
                               _param("rule", "Only this rule"), _param("severity", "violation, warning or info")],
                "responses": {"200": _json({"type": "object", "required": ["ok", "as_of", "counts", "findings"], "properties": {
                    "ok": {"const": True}, "as_of": {"type": "string", "format": "date"}, "filters": {"type": "object"},
                    "counts": {"type": "object"},
                    "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}}}),
                    **_errors(400, 503)}}},
            "/api/import": {"post": {
                "summary": "Import RDF through the validation gate (all or nothing)",
                "security": security,
                "parameters": [_param("graph", "Named graph to write (IRI); default chosen by the importer"),
                               _param("replace", "Replace the graph instead of adding to it", schema={"type": "boolean"}),
                               _param("as_of", "Day to validate against", schema={"type": "string", "format": "date"})],
                "requestBody": {"required": True, "content": {
                    "multipart/form-data": {"schema": {"type": "object", "properties": {
                        "file": {"type": "array", "items": {"type": "string", "format": "binary"}}}}},
                    **rdf_body["content"]}},
                "responses": {"200": _json({"type": "object", "required": ["ok", "report"], "properties": {
                    "ok": {"const": True}, "report": {"type": "object"}}}),
                    **_errors(400, 401, 403, 415, 422, 503)}}},
            "/graphs": {
                "get": {"summary": "List the named graphs (no arguments), or get one graph (?graph=IRI) or the default "
                                   "graph (?default, the merge of all graphs) as RDF",
                        "parameters": [_param("graph", "The graph's IRI"), default_graph],
                        "responses": {"200": {"description": "The graph list (JSON) or the graph (RDF)", "content": {
                            "application/json": {"schema": {"type": "object", "required": ["ok", "graphs"], "properties": {
                                "ok": {"const": True}, "graphs": {"type": "array", "items": {"type": "string"}}}}},
                            "text/turtle": {"schema": {"type": "string"}}}}, **_errors(400, 404)}},
                "put": {"summary": "Replace (or create) a named graph, through the validation gate; an empty body "
                                   "empties it", "security": security,
                        "parameters": [_param("graph", "The graph's IRI", required=True)], "requestBody": rdf_or_empty,
                        "responses": {"200": _json({"type": "object"}, "Replaced, or emptied"),
                                      "201": _json({"type": "object"}, "Created"),
                                      **_errors(400, 401, 403, 405, 415, 422, 503)}},
                "post": {"summary": "Add data to a named graph, or with no graph named to a new graph, through the "
                                    "validation gate", "security": security,
                         "parameters": [_param("graph", "The graph's IRI; left out, a new graph is made")],
                         "requestBody": rdf_body,
                         "responses": {"200": _json({"type": "object"}, "Added"),
                                       "201": {**_json({"type": "object"}, "A new graph, named in the answer"),
                                               "headers": {"Location": {"description": "Where to GET the new graph",
                                                                        "schema": {"type": "string"}}}},
                                       **_errors(400, 401, 403, 405, 415, 422, 503)}},
                "delete": {"summary": "Drop a named graph, through the validation gate", "security": security,
                           "parameters": [_param("graph", "The graph's IRI", required=True)],
                           "responses": {"204": {"description": "Dropped"}, **_errors(400, 401, 403, 404, 405, 422, 503)}},
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["ok", "error", "status"], "properties": {
                    "ok": {"const": False}, "error": {"type": "string"}, "status": {"type": "integer"},
                    "parameter": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "integer"},
                    "report": {"type": "object"}}},
                "SearchHit": {"type": "object", "required": ["iri", "label"], "properties": {
                    "iri": {"type": "string"}, "label": {"type": "string"}, "kind": {"type": "string"},
                    "code": {"type": ["string", "null"]}, "alt_labels": {"type": "array", "items": {"type": "string"}},
                    "score": {"type": "number"}}},
                "CannedQuery": {"type": "object", "required": ["name", "title", "parameters"], "properties": {
                    "name": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"},
                    "parameters": {"type": "array", "items": {"type": "object"}}, "tags": {"type": "array"},
                    "sparql": {"type": "string"}}},
                "QueryResult": {"type": "object", "required": ["ok", "query", "columns", "rows", "truncated"], "properties": {
                    "ok": {"const": True}, "query": {"type": "string"}, "title": {"type": "string"},
                    "parameters": {"type": "object"}, "columns": {"type": "array", "items": {"type": "string"}},
                    "rows": {"type": "array", "items": {"type": "object"}}, "row_count": {"type": "integer"},
                    "notices": {"type": "array", "description": "With no rows: each IRI parameter the graph does not hold",
                                "items": {"type": "object", "properties": {"parameter": {"type": "string"},
                                                                           "message": {"type": "string"}}}},
                    "truncated": {"type": "boolean"}, "duration_ms": {"type": "number"}}},
                "Finding": {"type": "object", "required": ["rule", "severity", "focus", "message"], "properties": {
                    k: {"type": ["string", "null"]} for k in
                    ("rule", "severity", "focus", "focus_label", "path", "value", "message", "source")}},
            },
        },
    }
    if ask:
        document["paths"]["/api/ask"] = {"get": {
            "summary": "Answer a question in plain English (the same answer as the home page's search box)",
            "parameters": [_param("q", "The question", required=True),
                           _param("as_of", "Day the answer is about (YYYY-MM-DD)", schema={"type": "string", "format": "date"})],
            "responses": {"200": _json({"type": "object", "required": ["ok"], "properties": {"ok": {"const": True}}}),
                          **_errors(400, 503)}}}
    return document
