"""Bind query variables on an endpoint that has no pre-binding: a VALUES block of typed terms.

Embedded Oxigraph binds variables with ``substitutions``. A SPARQL endpoint takes only
query text, so ``with_values`` puts ``VALUES (?a ?b) { (<iri> "2024-01-01"^^xsd:date) }``
at the very start of the query's top-level WHERE group, where every pattern and FILTER in
the group sees it. The terms are written from pyoxigraph terms (their N-Triples form,
which pyoxigraph has already checked), never from text a user typed.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from pcgraph.errors import ParameterError
from pcgraph.store.base import Term

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


def values_block(bindings: dict[str, Term]) -> str:
    """``VALUES (?x ...) { (term ...) }`` for the bindings."""
    names, cells = [], []
    for name, term in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ParameterError("is not a valid SPARQL variable name", where=f"parameter {name!r}")
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise ParameterError("must be an IRI or a literal", where=f"parameter {name!r}")
        names.append(f"?{name}")
        cells.append(str(term))
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(cells)}) }}"


def with_values(sparql: str, bindings: dict[str, Term]) -> str:
    """The query with a VALUES block for ``bindings`` opening its top-level WHERE group."""
    if not bindings:
        return sparql
    position = where_group_start(sparql)
    return sparql[: position + 1] + " " + values_block(bindings) + " " + sparql[position + 1:]


def where_group_start(sparql: str) -> int:
    """The index of the ``{`` that opens the query's top-level WHERE group.

    The group is the one after the WHERE keyword; in a query without the keyword
    (``SELECT * { ... }``, ``ASK { ... }``) it is the first group.
    """
    first_brace = None
    after_where = False
    depth = 0
    for i, token in _tokens(sparql):
        if token == "{":
            if depth == 0:
                if after_where:
                    return i
                if first_brace is None:
                    first_brace = i
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0 and token.upper() == "WHERE":
            after_where = True
    if first_brace is None:
        raise ParameterError("the query has no WHERE group to bind its parameters in", where="query")
    return first_brace


def _tokens(sparql: str):
    """``(index, token)`` for each brace and each bare word, skipping comments, strings, IRIs and variables."""
    i, n = 0, len(sparql)
    while i < n:
        ch = sparql[i]
        if ch == "#":
            end = sparql.find("\n", i)
            i = n if end < 0 else end + 1
        elif ch == "<" and _looks_like_iri(sparql, i):
            i = sparql.index(">", i) + 1
        elif ch in "\"'":
            i = _skip_string(sparql, i)
        elif ch in "{}":
            yield i, ch
            i += 1
        elif ch.isalpha() or ch == "_":
            word = _NAME.match(sparql, i).group(0)
            if i == 0 or sparql[i - 1] not in "?$:":
                yield i, word
            i += len(word)
        else:
            i += 1


def _looks_like_iri(text: str, i: int) -> bool:
    end = text.find(">", i)
    return end > 0 and not re.search(r"[\s{}\"<]", text[i + 1:end])


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    long = text.startswith(quote * 3, i)
    delim = quote * 3 if long else quote
    j = i + len(delim)
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(delim, j):
            return j + len(delim)
        if not long and text[j] == "\n":
            break
        j += 1
    return len(text)


_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*(?:\n|$)|PREFIX\s*[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """``select``, ``ask``, ``construct``, ``describe``, ``update`` or ``unknown``: the request's first keyword.

    Skips the prologue (PREFIX and BASE declarations) and comments.
    """
    rest = sparql[_PROLOGUE.match(sparql).end():]
    match = _NAME.match(rest)
    word = match.group(0).upper() if match else ""
    if word in _FORMS:
        return _FORMS[word]
    return "update" if word in _UPDATES else "unknown"


_CONCAT = re.compile(r'GROUP_CONCAT\s*\(\s*(?:DISTINCT\s+)?[^;()]+\s*;\s*separator\s*=\s*"([^"]+)"\s*\)\s*AS\s+\?(\w+)',
                     re.IGNORECASE)


def concatenations(sparql: str) -> dict[str, str]:
    """``{column: separator}`` for each ``GROUP_CONCAT(...; separator="...") AS ?column`` of a query.

    SPARQL leaves the order of the parts, and the language tag of the whole, to the engine.
    """
    return {name: separator for separator, name in _CONCAT.findall(sparql)}


def sort_concatenations(sparql: str, rows: list[dict]) -> None:
    """Sort the parts of each GROUP_CONCAT column of ``rows`` in place, and leave out an empty
    one (Virtuoso gives "", Oxigraph no value), so an answer reads the same on any engine
    (the language tag, if any, is kept as the engine gave it)."""
    for name, separator in concatenations(sparql).items():
        for row in rows:
            value = row.get(name)
            if isinstance(value, ox.Literal) and value.value == "":
                del row[name]
            elif isinstance(value, ox.Literal) and separator in value.value:
                joined = separator.join(sorted(value.value.split(separator)))
                row[name] = (ox.Literal(joined, language=value.language) if value.language
                             else ox.Literal(joined, datatype=value.datatype))


def uses_named_graphs(sparql: str) -> bool:
    """True when the query has a ``GRAPH`` pattern (outside strings, IRIs and comments): only
    then does it need the named graphs in its dataset."""
    return any(token.upper() == "GRAPH" for _, token in _tokens(sparql))


_DECLARED = re.compile(r"PREFIX\s*([^\s:]*):", re.IGNORECASE)


def missing_prefixes(sparql: str, known: dict[str, str]) -> str:
    """PREFIX lines for the ``known`` prefixes the query uses but does not declare.

    Engines parse every declaration of every request (dozens cost Virtuoso milliseconds a
    query), so only those needed are sent.
    """
    declared = set(_DECLARED.findall(sparql))
    used = {word for i, word in _tokens(sparql) if sparql.startswith(":", i + len(word))}
    return "".join(f"PREFIX {p}: <{known[p]}>\n" for p in sorted(used - declared) if p in known)
