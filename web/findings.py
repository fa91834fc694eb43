"""The validator's findings for the pages: one report per date, kept until the data changes.

The validator (``pcgraph.validation.validate``) is optional at import time so the rest of
the site works while it is absent; pages then say that validation is not available.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import logging
from dataclasses import dataclass

from pcgraph.errors import PcgraphError

from . import context

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Finding:
    """One finding, flattened to plain strings for templates and JSON."""

    rule: str
    severity: str
    focus: str
    focus_label: str
    path: str
    value: str
    message: str
    source: str

    def to_json(self) -> dict:
        return dict(self.__dict__)


def unavailable_reason() -> str | None:
    """Why validation is not available here, once a report has been asked for; None when it is."""
    if not available():
        return "the validator is not installed"
    return context.cache().get("validation-unavailable")


def available() -> bool:
    """True when the validator is installed."""
    try:
        return importlib.util.find_spec("pcgraph.validation") is not None
    except (ImportError, ValueError):
        return False


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "value"):
        return str(value.value)
    if isinstance(value, str):
        return value
    return str(value)


def _flatten(result) -> Finding:
    severity = _text(getattr(result, "severity", "")).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return Finding(
        rule=_text(getattr(result, "rule", "")),
        severity=severity.lower() or "violation",
        focus=_text(getattr(result, "focus", "")),
        focus_label=_text(getattr(result, "focus_label", "")),
        path=_text(getattr(result, "path", "")),
        value=_text(getattr(result, "value", "")),
        message=_text(getattr(result, "message", "")),
        source=_text(getattr(result, "source", "")),
    )


def report(as_of: dt.date | None = None) -> list[Finding] | None:
    """All findings on ``as_of`` (today by default), or None when the validator is absent."""
    if not available():
        return None
    as_of = as_of or dt.date.today()
    cache = context.cache()
    if "validation-unavailable" in cache:
        return None
    key = ("findings", as_of.isoformat())
    if key not in cache:
        validation = importlib.import_module("pcgraph.validation")
        try:
            outcome = validation.validate(context.get_raw_store(), as_of=as_of, settings=context.settings())
        except PcgraphError as exc:
            # e.g. a remote store the validator cannot read set-at-a-time: say so, once.
            log.warning("validation is not available: %s", exc)
            cache["validation-unavailable"] = exc.message
            return None
        cache[key] = [_flatten(r) for r in outcome.results]
        cache[("rules", as_of.isoformat())] = {
            getattr(rule, "id", ""): {"title": _text(getattr(rule, "title", "")),
                                      "source": _text(getattr(rule, "source", "")),
                                      "severity": _text(getattr(rule, "severity", ""))}
            for rule in getattr(outcome, "rules", ()) or ()}
    return cache[key]


def rules(as_of: dt.date | None = None) -> dict[str, dict]:
    """The rules the last report on ``as_of`` checked: id -> title, source and severity."""
    as_of = as_of or dt.date.today()
    report(as_of)
    return context.cache().get(("rules", as_of.isoformat()), {})


def for_focus(iri: str, as_of: dt.date | None = None) -> list[Finding] | None:
    """Findings whose focus is ``iri``, or None when the validator is absent."""
    findings = report(as_of)
    if findings is None:
        return None
    return [f for f in findings if f.focus == iri]
