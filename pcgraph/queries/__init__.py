"""The canned query catalogue: named questions as ``.rq`` files with typed parameters.

    catalog() -> dict[str, CannedQuery]              every query shipped in this package
    CannedQuery.bind(raw) -> dict[str, Term]         text values -> typed RDF terms
    run(store, name, raw_params, settings) -> QueryResult

See ``pcgraph.queries.catalog`` for the file format.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Mapping

from pcgraph.errors import InputError
from pcgraph.queries.catalog import QUERIES_DIR, CannedQuery, load_queries, parse_query_file
from pcgraph.queries.parameters import Parameter
from pcgraph.settings import Settings
from pcgraph.store.values import sort_concatenations

__all__ = ["CannedQuery", "Parameter", "catalog", "get", "load_queries", "parse_query_file", "run"]

log = logging.getLogger(__name__)


@cache
def _shipped() -> dict[str, CannedQuery]:
    return load_queries(QUERIES_DIR)


def catalog(directory: Path | None = None) -> dict[str, CannedQuery]:
    """The canned queries by name: those shipped with pcgraph, or those in ``directory``."""
    if directory is not None:
        return load_queries(directory)
    return dict(_shipped())


def get(name: str) -> CannedQuery:
    """One shipped query by name; ``InputError`` (naming the known ones) when there is none."""
    queries = _shipped()
    if name not in queries:
        raise InputError(f"there is no canned query called {name!r}", where="query name")
    return queries[name]


def unknown_iris(store, query: CannedQuery, raw_params: Mapping[str, str] | None) -> dict[str, str]:
    """The IRI parameters the user gave that the graph never mentions (name -> IRI).

    An answer with no rows is most often a mistyped code; saying so beats an empty table.
    """
    unknown = {}
    for parameter in query.parameters:
        text = (raw_params or {}).get(parameter.name, "").strip()
        if parameter.type != "iri" or not text:
            continue
        term = parameter.to_term(text)
        found = store.query("SELECT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } } LIMIT 1", bindings={"x": term},
                            max_rows=1)
        if not found.rows:
            unknown[parameter.name] = term.value
    return unknown


def run(store, name: str | CannedQuery, raw_params: Mapping[str, str] | None = None,
        settings: Settings | None = None):
    """Run a canned query with the user's parameter values, under the settings' time and row limits."""
    settings = settings or Settings()
    query = name if isinstance(name, CannedQuery) else get(name)
    bindings = query.bind(raw_params or {})
    result = store.query(query.sparql, bindings=bindings, timeout=settings.query_timeout,
                         max_rows=settings.max_rows)
    sort_concatenations(query.sparql, result.rows)
    log.info("canned query %s: %.3fs, %d rows%s", query.name, result.duration, len(result),
             ", truncated" if result.truncated else "")
    return result
