"""What the public endpoint refuses before a query reaches the store: updates and SERVICE.

SERVICE is decided from the parsed query: the text is parsed by rdflib's SPARQL parser and
the parse tree walked for a federated pattern, wherever it sits (sub-select, ``EXISTS``,
``OPTIONAL``, ``GRAPH``, ``MINUS``, ``UNION``). Comments, strings and IRIs are the
parser's business, so a ``#`` comment ended by a carriage return, a keyword in mixed case
or split by tabs is read as the engine reads it. Where the two parsers could disagree the
check leans to refusing: carriage returns are read as line ends (the grammar ends a comment
at either), ``\\u`` escapes are expanded everywhere, and a query rdflib cannot parse, or
one longer than ``MAX_PARSED_CHARS``, is refused if the word SERVICE appears in it at all.
A query without that word anywhere cannot be federated and is not parsed here. Behind this check the public query
workers have no network (``pcgraph.sandbox``), so a query that slipped past could still
reach nothing.

Updates are recognised by the query's first keyword after the prologue, with comments,
strings and IRIs blanked out, so an update after a long prologue is still recognised.
"""

from __future__ import annotations

import re

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from pcgraph.errors import InputError

# Comments (ended by LF or CR, as the grammar says), strings (long and short, both quotes)
# and IRIs, which may contain any keyword.
_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n\r]*",
)
_WORD = re.compile(r"[A-Za-z_]+")
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_QUERY_WORDS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
# Longer queries that mention SERVICE are refused unparsed: parsing runs in the request's
# thread, and rdflib takes about half a second for 10,000 characters of VALUES.
MAX_PARSED_CHARS = 10_000
_SERVICE_REFUSAL = "federated queries (SERVICE) are switched off on this endpoint"


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
    for word in keywords(sparql):
        if word in _QUERY_WORDS:
            return word
        if word in _UPDATE_WORDS:
            return "UPDATE"
    return None


def uses_service(sparql: str) -> bool:
    """True when the parsed query holds a SERVICE pattern anywhere (see the module's notes)."""
    text = sparql.replace("\r\n", "\n").replace("\r", "\n")
    try:
        mentioned = "SERVICE" in expandUnicodeEscapes(text).upper()
    except ValueError:
        mentioned = True
    if not mentioned:
        return False
    if len(text) > MAX_PARSED_CHARS:
        return True
    try:
        tree = parseQuery(text)
    except (ParseBaseException, ValueError, RecursionError):
        # Unreadable to this parser: the engine will say what is wrong with it, unless it
        # might be federated, which is refused without asking the engine.
        return True
    return _has_service(tree)


def _has_service(node) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                return True
            stack.extend(item.values())
        elif isinstance(item, (ParseResults, list, tuple)):
            stack.extend(item)
    return False


def check_query(sparql: str, *, allow_service: bool) -> None:
    """Refuse updates always, and SERVICE unless federation is allowed."""
    if query_form(sparql) == "UPDATE":
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted "
                            "(write through the authenticated /graphs or /api/import instead)",
                            where="query")
    if not allow_service and uses_service(sparql):
        raise ServiceRefused(_SERVICE_REFUSAL, where="query")
