"""HTML documentation of the ontology, generated from the Turtle every time (never hand-kept)."""

from __future__ import annotations

from collections import defaultdict

from jinja2 import Environment, PackageLoader, select_autoescape

from pcgraph import ontology
from pcgraph.namespaces import PREFIXES

_SECTIONS = (
    ("class", "Classes"),
    ("object property", "Object properties"),
    ("datatype property", "Datatype properties"),
    ("concept scheme", "Code lists"),
    ("concept", "Concepts"),
)


def curie(iri) -> str:
    """``pc:Delegation`` for a full IRI, where a known prefix fits."""
    text = str(iri)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text


def render_html() -> str:
    """The ontology documentation page as a complete HTML document."""
    env = Environment(loader=PackageLoader("pcgraph", "templates"), autoescape=select_autoescape())
    env.filters["curie"] = curie
    grouped = defaultdict(list)
    for term in ontology.terms():
        grouped[term.kind].append(term)
    sections = [(title, grouped[kind]) for kind, title in _SECTIONS if grouped[kind]]
    return env.get_template("ontology.html").render(
        version=ontology.version(), sections=sections, prefixes=PREFIXES,
    )
