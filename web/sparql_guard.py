"""What the public endpoint refuses before a query reaches the store: updates and SERVICE.

The check reads the query's keywords with comments, strings and IRIs blanked out, so a
``SERVICE`` inside a string literal or an IRI does not trip it, and an update that starts
after a long prologue is still recognised.
"""

from __future__ import annotations

import re

from pcgraph.errors import InputError

# Comments, strings (long and short, both quotes) and IRIs, which may contain any keyword.
_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
)
_WORD = re.compile(r"[A-Za-z_]+")
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_QUERY_WORDS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


class UpdateRefused(InputError):
    """A SPARQL Update sent to the read-only endpoint."""

    http_status = 403


class ServiceRefused(InputError):
    """A federated (SERVICE) query on an endpoint where federation is off."""

    http_status = 403


def keywords(sparql: str) -> list[str]:
    """The query's bare words in upper case, ignoring comments, strings and IRIs."""
    return [w.upper() for w in _WORD.findall(_NOISE.sub(" ", sparql))]


def query_form(sparql: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, ``UPDATE`` or None when it cannot tell."""
    words = keywords(sparql)
    for word in words:
        if word in _QUERY_WORDS:
            return word
        if word in _UPDATE_WORDS:
            return "UPDATE"
        if word not in {"PREFIX", "BASE"}:
            # The prologue holds only PREFIX and BASE with prefixed names and IRIs.
            continue
    return None


def check_query(sparql: str, *, allow_service: bool) -> None:
    """Refuse updates always, and SERVICE unless federation is allowed."""
    if query_form(sparql) == "UPDATE":
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted "
                            "(write through the authenticated /graphs or /api/import instead)",
                            where="query")
    if not allow_service and "SERVICE" in keywords(sparql):
        raise ServiceRefused("federated queries (SERVICE) are switched off on this endpoint",
                             where="query")
