"""The validator's findings for the pages: one report per date, kept until the data changes.

On a remote endpoint the rules run on a local copy of pcgraph's graphs, pulled once per
data generation. Where the validator cannot run at all, pages say so instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from pcgraph import validation
from pcgraph.errors import PcgraphError

from . import context

log = logging.getLogger(__name__)

_LOCKS: dict = {}
_LOCKS_GUARD = threading.Lock()


def unavailable_reason() -> str | None:
    """Why validation is not available here, once a report has been asked for; None when it is."""
    return context.cache().get("validation-unavailable")


def _validate(as_of: dt.date, focus: frozenset[str] | None):
    """Run the validator; None (and the reason remembered) when it cannot run on this store."""
    try:
        return validation.validate(context.get_raw_store().local_copy(), as_of=as_of, settings=context.settings(),
                                   focus=sorted(focus) if focus is not None else None)
    except PcgraphError as exc:
        # e.g. a remote store that cannot be read: say so, once.
        log.warning("validation is not available: %s", exc)
        context.cache()["validation-unavailable"] = exc.message
        return None


def _remember_rules(as_of: dt.date, outcome: validation.ValidationReport) -> None:
    context.cache()[("rules", as_of.isoformat())] = {
        rule.id: {"title": rule.title, "source": rule.source, "severity": rule.severity}
        for rule in outcome.rules}


def _key_lock(key) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.Lock())


class ReportPending(Exception):
    """The whole-graph report is still being computed by another request or the warm-up."""


def report(as_of: dt.date | None = None, *, wait: float | None = None) -> list[validation.Finding] | None:
    """All findings on ``as_of`` (today by default), or None when the validator cannot run.

    A whole-graph run takes seconds on the reference data, so it is computed once per day
    asked for (concurrent requests wait for the same run) and kept until the data changes.
    With ``wait``, gives up after that many seconds if another run is under way
    (``ReportPending``), so a page can say so instead of hanging.
    """
    if "validation-unavailable" in context.cache():
        return None
    as_of = as_of or dt.date.today()
    key = ("findings", as_of.isoformat())
    lock = _key_lock(key)
    if not lock.acquire(timeout=-1 if wait is None else wait):
        raise ReportPending(as_of)
    try:
        kept = context.cache().get(key)
        if kept is not None:
            return kept
        return _run_and_keep(key, as_of, None)
    finally:
        lock.release()


_ATTEMPTS = 3


def _run_and_keep(key, as_of: dt.date, focus: frozenset[str] | None) -> list[validation.Finding] | None:
    """Validate and cache the findings, unless a write lands during the run: then run again.

    The rules read the store one query at a time, so a run that an import overtakes may
    mix the data before and after it. After a few overtaken runs (imports landing back to
    back) the last run's findings are given, but not kept.
    """
    for _ in range(_ATTEMPTS):
        generation = context.generation()
        outcome = _validate(as_of, focus)
        if outcome is None:
            return None
        _remember_rules(as_of, outcome)
        results = outcome.results if focus is None else [r for r in outcome.results if r.focus in focus]
        if context.cache_if_current(key, results, generation):
            break
        log.info("the data changed while the findings for %s were computed; computing them again", as_of)
    return results


def rules(as_of: dt.date | None = None) -> dict[str, dict]:
    """The rules the last run on ``as_of`` checked (id -> title, source, severity); never runs one itself."""
    as_of = as_of or dt.date.today()
    return context.cache().get(("rules", as_of.isoformat()), {})


def for_focus(iris, as_of: dt.date | None = None) -> list[validation.Finding] | None:
    """Findings about the given nodes, or None when the validator cannot run.

    Uses the whole-graph report when it is ready; otherwise validates just these nodes,
    which takes milliseconds, so an entity page never waits for a whole-graph run.
    """
    if "validation-unavailable" in context.cache():
        return None
    focus = frozenset([iris] if isinstance(iris, str) else iris)
    as_of = as_of or dt.date.today()
    whole = context.cache().get(("findings", as_of.isoformat()))
    if whole is not None:
        return [f for f in whole if f.focus in focus]
    key = ("focus-findings", as_of.isoformat(), focus)
    kept = context.cache().get(key)
    if kept is not None:
        return kept
    return _run_and_keep(key, as_of, focus)


def warm_up(app, as_of: dt.date | None = None) -> threading.Thread:
    """Compute today's whole-graph report in the background, so the first visitor need not wait."""
    def run():
        with app.app_context():
            try:
                report(as_of)
            except Exception:  # noqa: BLE001 - a failed warm-up is retried by the first request
                log.exception("could not compute the validation report in the background")

    thread = threading.Thread(target=run, name="pcgraph-validation-warm-up", daemon=True)
    thread.start()
    return thread
