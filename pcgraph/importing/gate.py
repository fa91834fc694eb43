"""The gate: the store as it would be after an import is validated before anything is written.

The candidate (what the store would hold: its current graphs, less those being
replaced, plus the incoming data) is, for an embedded store, a RocksDB checkpoint of it
(hard links, made in milliseconds whatever the store's size) with the change applied,
deleted afterwards, when the store is several times larger than the change; otherwise
(and for a remote store) an in-memory copy, which validates faster. Only the focus nodes the change
can affect are rechecked (``pcgraph.validation.affected_focus_nodes``), on the store as
it is and on the candidate; a violation the candidate has and the store had not is the
import's doing, and rejects it. Findings already in the store do not block an import
that merely touches the same nodes. Large imports (over ``FULL_RUN_ABOVE`` IRIs
changed) are checked with a full run instead, which is faster than walking so many.
When nothing is removed (no graph replaced), additions can only add dependencies, so the
walk runs on the candidate alone.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Iterable

import pyoxigraph as ox

from pcgraph.settings import Settings

log = logging.getLogger(__name__)

FULL_RUN_ABOVE = 5_000


@dataclass
class GateResult:
    """What the gate found: the candidate's report, and the findings the import introduced."""

    report: object | None                    # a pcgraph.validation.ValidationReport, or None if not run
    new_violations: list = field(default_factory=list)
    new_warnings: list = field(default_factory=list)
    focus_count: int | None = None           # None: a full run

    @property
    def passed(self) -> bool:
        return not self.new_violations


def changed_iris(quads: Iterable[ox.Quad]) -> set[str]:
    """Every IRI a set of quads mentions as subject or object."""
    found: set[str] = set()
    for q in quads:
        if isinstance(q.subject, ox.NamedNode):
            found.add(q.subject.value)
        if isinstance(q.object, ox.NamedNode):
            found.add(q.object.value)
    return found


def check(before, candidate: ox.Store, changed: set[str] | None, *, as_of: dt.date | None,
          settings: Settings | None, removes: bool = True) -> GateResult:
    """Validate ``candidate`` against ``before`` (a store or pyoxigraph store) on what the change affects.

    ``changed`` is None for a change too big to walk: then both sides get a full run.
    """
    from pcgraph.validation import affected_focus_nodes, validate

    focus = None
    if changed is not None:
        focus = affected_focus_nodes(candidate, changed)
        if removes:
            before_store = before.oxigraph if hasattr(before, "oxigraph") else before
            focus |= affected_focus_nodes(before_store, changed)
    baseline = validate(before, as_of=as_of, focus=focus, settings=settings)
    after = validate(candidate, as_of=as_of, focus=focus, settings=settings)
    known = {f.key for f in baseline.results}
    new = [f for f in after.results if f.key not in known]
    log.info("gate: %s focus node(s), %d new violation(s), %d new warning(s)",
             "all" if focus is None else len(focus), sum(f.severity == "violation" for f in new),
             sum(f.severity != "violation" for f in new))
    return GateResult(after, [f for f in new if f.severity == "violation"],
                      [f for f in new if f.severity != "violation"], None if focus is None else len(focus))
