"""Checks that run before a parser sees a file: size, emptiness, XML entities, JSON-LD contexts.

- RDF/XML is read once through defusedxml first. Internal entities with plain text
  (the ``<!ENTITY rdf "http://...">`` abbreviations ontology editors write) are allowed;
  external entities (``SYSTEM``/``PUBLIC``, which would read local files or the network),
  parameter entities and entities that refer to other entities (the "billion laughs"
  expansion bomb) are refused with the line they are on.
- RDF/XML nested more than ``MAX_XML_DEPTH`` elements deep is refused at the element that
  goes past it: the RDF/XML parser's time grows much faster than the depth (a document
  20,000 deep took 30 s to parse), while this check counts depth in one linear pass.
- A literal longer than ``PCGRAPH_MAX_LITERAL_CHARS`` (a label, a name, a purpose of
  megabytes) is refused after parsing, naming the file, the line and the subject: one such
  label made every page that lists names fail.
- JSON-LD never fetches a remote ``@context``: the schema.org context is replaced by the
  copy pcgraph ships (``pcgraph/mappings/contexts/``); any other remote context is refused
  with a message saying to put the context in the file instead.
- JSON-LD context processing is bounded before the parser starts: a scoped context (one
  inside a term definition) is processed again every time its term is used, so a few KB
  can make millions of term definitions to process (3,000 terms used 1,000 times took 7 s,
  and the parser gives nothing back until it is done). The term definitions the document
  would have processed are counted (each context's terms, a scoped one's times the uses of
  its term as a key or a type) and past ``MAX_CONTEXT_TERMS`` the file is refused.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

import pyoxigraph as ox
from defusedxml import DefusedXmlException, EntitiesForbidden
from defusedxml.expatreader import DefusedExpatParser

from pcgraph.errors import InputError

CONTEXTS_DIR = Path(__file__).resolve().parent.parent / "mappings" / "contexts"
SCHEMA_ORG_CONTEXTS = re.compile(r"^https?://schema\.org/?(docs/jsonldcontext\.json(ld)?)?$")
_MAX_ENTITY_TEXT = 4096
# Far deeper than any RDF/XML written by a tool or a person (striped descriptions nest a few
# levels per resource), far shallower than where parsing slows: depth 1,000 parses in
# milliseconds, 5,000 in half a second, 20,000 in 30 s.
MAX_XML_DEPTH = 1000
# Term definitions one JSON-LD document may make the parser process: the schema.org context
# (about 3,000 terms) hundreds of times over, far below where parsing takes seconds.
MAX_CONTEXT_TERMS = 1_000_000


_OVERLONG_LITERAL = (Path(__file__).resolve().parent / "overlong-literal.rq").read_text(encoding="utf-8")
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def check_literals(name: str, store: ox.Store, limit: int, find_line: Callable[[list[str]], int | None]) -> None:
    """Refuse a file holding a literal longer than ``limit`` characters; ``find_line`` gives
    the line of the first of some texts in the file."""
    bound = {ox.Variable("limit"): ox.Literal(str(limit), datatype=_XSD_INTEGER)}
    found = list(store.query(_OVERLONG_LITERAL, substitutions=bound))
    if not found:
        return
    subject, predicate, literal = found[0]["s"], found[0]["p"], found[0]["o"]
    shown = f"<{subject.value}>" if isinstance(subject, ox.NamedNode) else "a blank node"
    texts = [subject.value] if isinstance(subject, ox.NamedNode) else []
    opening = literal.value.strip()[:40]
    line = find_line(texts + ([opening] if opening else []))
    raise InputError(f"the value of <{predicate.value}> of {shown} is {len(literal.value):,} characters long, "
                     f"more than the limit of {limit:,} (setting PCGRAPH_MAX_LITERAL_CHARS)",
                     where=_at(name, line))


def check_size(name: str, size: int, limit: int) -> None:
    """Refuse an empty file, or one over the import limit, before reading it."""
    if size == 0:
        raise InputError("the file is empty", where=name)
    if size > limit:
        raise InputError(f"the file is {_human(size)}, more than the import limit of {_human(limit)}; "
                         "split it into smaller files, or raise PCGRAPH_MAX_IMPORT_BYTES", where=name)


def _human(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


class _EntityGuard(DefusedExpatParser):
    """defusedxml's parser, letting through only plain internal entities."""

    def __init__(self) -> None:
        super().__init__(forbid_dtd=False, forbid_entities=True, forbid_external=True)

    def defused_entity_decl(self, name, is_parameter_entity, value, base, sysid, pubid, notation_name):
        if (is_parameter_entity or value is None or sysid or pubid or "&" in value or "%" in value
                or len(value) > _MAX_ENTITY_TEXT):
            raise EntitiesForbidden(name, value, base, sysid, pubid, notation_name)


class _TooDeep(Exception):
    pass


class _DepthCounter(ContentHandler):
    """Counts open elements, stopping the read at the first one deeper than ``MAX_XML_DEPTH``."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0

    def startElement(self, name, attrs) -> None:
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            raise _TooDeep()

    def endElement(self, name) -> None:
        self.depth -= 1


def check_rdf_xml(name: str, stream) -> None:
    """Read an RDF/XML file through defusedxml; raise ``InputError`` (with line) on danger, bad XML
    or nesting deeper than ``MAX_XML_DEPTH``."""
    guard = _EntityGuard()
    guard.setContentHandler(_DepthCounter())
    try:
        guard.parse(stream)
    except _TooDeep:
        raise InputError(f"RDF/XML nested more than {MAX_XML_DEPTH:,} elements deep, which pcgraph refuses "
                         "(parsing time grows much faster than the depth); write nested resources "
                         "as separate descriptions linked by rdf:resource or rdf:nodeID",
                         where=_at(name, guard.getLineNumber())) from None
    except EntitiesForbidden as exc:
        line = guard.getLineNumber() if guard._parser else None
        kind = "external" if (exc.sysid or exc.pubid) else "nested or parameter"
        raise InputError(f"RDF/XML declares an {kind} entity {exc.name!r}, which pcgraph refuses "
                         "(it could read other files or expand without limit); remove the DOCTYPE "
                         "entity declarations", where=_at(name, line)) from None
    except DefusedXmlException as exc:
        raise InputError(f"RDF/XML refused: {exc}", where=name) from None
    except SAXParseException as exc:
        raise InputError(f"not well-formed XML: {exc.getMessage()}",
                         where=_at(name, exc.getLineNumber())) from None


def _at(name: str, line: int | None) -> str:
    return f"{name}, line {line}" if line else name


def schema_org_context() -> dict:
    """The schema.org JSON-LD context pcgraph ships (the terms organisation data uses)."""
    return json.loads((CONTEXTS_DIR / "schema.org.jsonld").read_text(encoding="utf-8"))["@context"]


def inline_contexts(name: str, text: str) -> str:
    """The JSON-LD document with every remote ``@context`` replaced by a local copy, or refused."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", where=f"{name}, line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise InputError("the JSON is nested too deeply to read", where=name) from None
    try:
        _inline(name, document)
        _check_context_work(name, document)
        return json.dumps(document)
    except RecursionError:
        raise InputError("the JSON is nested too deeply to read", where=name) from None


def _inline(name: str, node) -> None:
    if isinstance(node, list):
        for item in node:
            _inline(name, item)
        return
    if not isinstance(node, dict):
        return
    for key, value in list(node.items()):
        if key == "@context":
            node[key] = _local_context(name, value)
        else:
            _inline(name, value)


def _check_context_work(name: str, document) -> None:
    """Refuse a document whose contexts would make the parser process more than
    ``MAX_CONTEXT_TERMS`` term definitions (see the module's notes)."""
    scoped: dict[str, int] = {}     # term -> size of the context scoped to it
    work = 0
    uses: dict[str, int] = {}
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if key == "@context":
                work += _context_terms(value, scoped)
            else:
                uses[key] = uses.get(key, 0) + 1
                if key == "@type":
                    for kind in value if isinstance(value, list) else [value]:
                        if isinstance(kind, str):
                            uses[kind] = uses.get(kind, 0) + 1
                stack.append(value)
    work += sum(size * uses.get(term, 0) for term, size in scoped.items())
    if work > MAX_CONTEXT_TERMS:
        raise InputError(f"the JSON-LD contexts would have {work:,} term definitions processed, more than the "
                         f"{MAX_CONTEXT_TERMS:,} pcgraph allows (a context scoped to a term is processed again "
                         "at every use of the term); define the terms once in the top-level @context", where=name)


def _context_terms(context, scoped: dict[str, int]) -> int:
    """How many term definitions ``context`` holds; records the size of each scoped context."""
    if isinstance(context, list):
        return sum(_context_terms(c, scoped) for c in context)
    if not isinstance(context, dict):
        return 0
    for term, definition in context.items():
        if isinstance(definition, dict) and "@context" in definition:
            scoped[term] = max(scoped.get(term, 0), _context_terms(definition["@context"], {}) or 1)
            _context_terms(definition["@context"], scoped)
    return len(context)


def _local_context(name: str, context):
    if isinstance(context, list):
        return [_local_context(name, c) for c in context]
    if isinstance(context, str):
        if SCHEMA_ORG_CONTEXTS.match(context.strip()):
            return schema_org_context()
        raise InputError(f"the JSON-LD @context {context!r} is remote and pcgraph never fetches one "
                         "(no network access while parsing); put the context object itself in the file "
                         "under \"@context\", or use the schema.org context, which pcgraph ships", where=name)
    if isinstance(context, dict):
        if "@import" in context:                                    # JSON-LD 1.1 context import
            imported = _local_context(name, context.pop("@import"))
            context = {**imported, **context}
        for value in context.values():
            if isinstance(value, dict) and "@context" in value:     # scoped contexts
                value["@context"] = _local_context(name, value["@context"])
    return context
