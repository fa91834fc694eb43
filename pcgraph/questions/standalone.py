"""The SPARQL behind an answered question, as one query any SPARQL 1.1 endpoint can run.

    standalone_sparql(answer) -> str | None

An answer names its canned query and the parameters read from the question. Here the
parameters are bound the way the remote store binds them, as a ``VALUES`` block of typed
terms made by the query's own parameter types (never by writing the question's words into
the text), and the prefixes the embedded store supplies are declared. Questions answered
by the governance rules (``validation``) have no single query: ``None``.
"""

from __future__ import annotations

import re

from pcgraph import queries
from pcgraph.namespaces import PREFIXES
from pcgraph.questions.answer import Answer
from pcgraph.questions.findings import VALIDATION
from pcgraph.store.values import with_values


def standalone_sparql(answer: Answer) -> str | None:
    """The query that gives this answer's rows on pcgraph's data, or None when there is none."""
    if answer.status != "answer" or not answer.query or answer.query["name"] == VALIDATION:
        return None
    canned = queries.get(answer.query["name"])
    bound = with_values(canned.sparql, canned.bind(answer.query["params"]))
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+([A-Za-z][\w-]*)?:", bound, re.IGNORECASE)}
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items() if name not in declared)
    return prologue + bound
