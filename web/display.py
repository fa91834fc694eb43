"""How RDF terms and result tables look on a page: links, labels, dates and money.

pcgraph's own IRIs (``https://w3id.org/pcgraph/id/...``) link to the entity pages on this
server; ontology terms link to the ontology page; other IRIs are shown as they are.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from flask import Flask
from markupsafe import Markup, escape

from pcgraph.namespaces import ID, PC, PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
_ID = str(ID)
_PC = str(PC)


def local_path(iri: str) -> str | None:
    """The path on this server that shows ``iri``, or None for IRIs that live elsewhere."""
    if iri.startswith(_ID):
        return "/id/" + iri[len(_ID):]
    if iri.startswith(_PC):
        return "/ontology#" + iri[len(_PC):]
    return None


def href(term) -> str:
    """Where a link to ``term`` goes: its page here, the IRI itself if it is http(s), else nowhere.

    Data can hold any IRI, ``javascript:`` included; only web addresses become links. This
    is the one link filter: pages use it (the ``href`` filter) and so does every ``href``
    in JSON answers.
    """
    value = term.value if hasattr(term, "value") else str(term)
    local = local_path(value)
    if local:
        return local
    return value if value.lower().startswith(("http://", "https://")) else "#"


def short_iri(iri: str) -> str:
    """``pc:Acute``, ``id:org/RXK``: the IRI with a pcgraph prefix where one fits."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def humanise_local(iri: str) -> str:
    """A readable fallback label from an IRI's last segment (``ElectiveRecovery`` -> ``Elective recovery``)."""
    tail = iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    words, current = [], ""
    for char in tail:
        if char.isupper() and current and not current[-1].isupper():
            words.append(current)
            current = char
        else:
            current += char
    words.append(current)
    text = " ".join(w for w in words if w).replace("-", " ")
    return text[:1].upper() + text[1:] if text else iri


def term_text(term) -> str:
    """The plain text of a term (dates and money formatted for people)."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == XSD + "date":
            return nice_date(term.value)
        if datatype == XSD + "decimal":
            return money(term.value)
        return term.value
    if isinstance(term, ox.NamedNode):
        return short_iri(term.value)
    return str(term)


def nice_date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).strftime("%-d %b %Y")
    except ValueError:
        return value


def money(value: str) -> str:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return value
    if amount >= 1_000_000:
        return f"£{amount / 1_000_000:,.1f}m".replace(".0m", "m")
    return f"£{amount:,.0f}"


def term_html(term, label=None) -> Markup:
    """A term as HTML: a link for IRIs (with the label when there is one), text otherwise."""
    if term is None:
        return Markup("")
    if isinstance(term, ox.NamedNode):
        text = label.value if isinstance(label, ox.Literal) else (label or term_text(term))
        return Markup('<a href="{}" title="{}">{}</a>').format(href(term), term.value, text)
    return Markup("{}").format(term_text(term))


def cell_html(value, label=None) -> Markup:
    """A table cell's content: a term as ``term_html`` gives it, or a list of terms one per line."""
    if isinstance(value, (list, tuple)):
        if not value:
            return Markup("")
        items = Markup("").join(Markup("<li>{}</li>").format(term_html(item)) for item in value)
        return Markup('<ul class="cell-list">{}</ul>').format(items)
    return term_html(value, label)


def table_columns(variables: list[str], hidden: set[str] = frozenset()) -> list[tuple[str, str | None]]:
    """Columns to show for a result table: each IRI column paired with its ``...Label`` column."""
    names = set(variables)
    columns = []
    for name in variables:
        if name in hidden:
            continue
        if name.endswith("Label") and name[: -len("Label")] in names:
            continue
        columns.append((name, f"{name}Label" if f"{name}Label" in names else None))
    return columns


def heading(variable: str) -> str:
    """``memberLabel`` -> ``Member label``; ``as_of`` -> ``As of``."""
    return humanise_local(variable.replace("_", " "))


# Characters that set or end a direction for the text after them: embeddings, overrides,
# isolates and marks (Unicode's bidirectional algorithm, UAX #9).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"
_ISOLATE_INITIATORS = frozenset("\u2066\u2067\u2068")


def isolate_bidi(value):
    """A value holding direction controls, wrapped in an isolate (FSI ... PDI).

    A right-to-left override in a label would otherwise reverse the text after it, up to the
    end of the paragraph; inside an isolate it reaches only the label (the closing PDI ends
    every embedding and override opened within). Every ``{{ ... }}`` of every page goes
    through this (Jinja's ``finalize``), in text and in attributes alike."""
    if not isinstance(value, str) or BIDI_CONTROLS.isdisjoint(value):
        return value
    # Balance the value's own isolates first: a stray PDI would close ours early, an
    # unclosed isolate would leave ours open.
    kept, open_isolates = [], 0
    for char in value:
        if char in _ISOLATE_INITIATORS:
            open_isolates += 1
        elif char == POP_DIRECTIONAL_ISOLATE:
            if not open_isolates:
                continue
            open_isolates -= 1
        kept.append(char)
    wrapped = FIRST_STRONG_ISOLATE + "".join(kept) + POP_DIRECTIONAL_ISOLATE * (open_isolates + 1)
    return Markup(wrapped) if isinstance(value, Markup) else wrapped


def register(app: Flask) -> None:
    from .provenance import month_year

    app.jinja_env.finalize = isolate_bidi
    app.jinja_env.filters.update(href=href, term_text=term_text, term_html=term_html, cell_html=cell_html,
                                 nice_date=nice_date, money=money, short_iri=short_iri, heading=heading,
                                 month_year=month_year)
    app.jinja_env.globals.update(table_columns=table_columns, local_path=local_path, escape=escape)
