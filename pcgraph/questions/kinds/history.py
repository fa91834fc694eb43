"""History: what replaced an organisation, what formed it, what closed or opened in a period."""

from __future__ import annotations

from pcgraph.questions.dates import format_day
from pcgraph.questions.grammar import PC, Match, Reading, stems
from pcgraph.questions.kinds.common import class_of, day, name
from pcgraph.questions.reasons import Reason


# --- history ---------------------------------------------------------------------------

SUCCESSOR_BEFORE = stems("replace replaced replaces acquire acquired acquires absorb absorbed absorbs took take "
                          "taken successor successors succeeded succeed")
PREDECESSOR_BEFORE = stems("merge merged merging")
FORMED = stems("form formed create created made")
CLOSE = stems("close closed closes closing closure abolish abolished abolition dissolve dissolved cease ceased "
               "shut end ended disappear disappeared stop stopped")


def build_change(m: Match) -> Reading | Reason:
    o = m.slots["organisation"]
    at = m.mentions["organisation"].start
    successors = predecessors = False
    for i, s in m.parse.content:
        after = i > at
        if s in CLOSE:
            successors = True
        elif s in stems("successor successors become became becomes"):
            next_word = m.parse.tokens[i + 1].norm if i + 1 < len(m.parse.tokens) else None
            if s in stems("become became becomes") and not after and next_word != "of":
                # "what became X" asks what X came from; "what became of X" asks what X turned into.
                predecessors = True
            else:
                successors = True
        elif s in stems("predecessor predecessors") or s in FORMED:
            predecessors = True
        elif s in SUCCESSOR_BEFORE:
            successors |= not after
            predecessors |= after
        elif s in PREDECESSOR_BEFORE:
            if i + 1 < len(m.parse.tokens) and m.parse.tokens[i + 1].norm == "with":
                # "merged with X": a partner in a merger, into X or beside it into something new
                return Reason.CHANGE_DIRECTION_UNCLEAR
            predecessors |= not after
            successors |= after
    if successors == predecessors:
        return Reason.CHANGE_DIRECTION_UNCLEAR
    if successors:
        key = "lastDay" if m.has("when", "date") and not m.has("replace", "replaced", "successor", "become",
                                                                "became", "merge", "merged") \
            and not _asks_what(m) else "successor"
        return Reading("successors", "ask-successors", {"organisation": o.iri},
                       f"What took over from {o.display} when it closed, merged or was abolished, and when.",
                       f"What replaced {name(o)}?", key=key,
                       columns=[key] + [c for c in ["successor", "date", "changeLabel", "lastDay"] if c != key])
    return Reading("predecessors", "ask-predecessors", {"organisation": o.iri},
                   f"The organisations that merged into or were replaced by {o.display}, and when.",
                   f"What was {name(o)} formed from?", key="predecessor",
                   columns=["predecessor", "date", "changeLabel"])


def _asks_what(m: Match) -> bool:
    """'... and into what?' asks for the successor as well as the date."""
    norms = [t.norm for t in m.parse.tokens]
    return "what" in norms[1:] or "whom" in norms or "which" in norms[1:]


def build_history(m: Match) -> Reading | Reason:
    o = m.slots["organisation"]
    return Reading("history", "organisation-history", {"organisation": o.iri},
                   f"The history of {o.display}: opening and closing, mergers and ICB links.",
                   f"What is the history of {name(o)}?", key="related", answer="table",
                   columns=["related", "date", "what"])


def _span_build(m: Match, closing: bool) -> Reading | Reason:
    found = class_of(m)
    if found is None:
        return Reason.SAY_WHICH_KIND
    if m.parse.when is None or m.parse.when.is_now:
        return Reason.SAY_WHEN
    local, plural, short = found
    when = m.parse.when
    params = {"class": PC + local, "from": day(when.first), "to": day(when.last)}
    period = when.text if when.first != when.last else f"on {when.text}"
    if closing:
        return Reading("closed-between", "ask-closed-between", params,
                       f"{plural[0].upper() + plural[1:]} that ceased to exist between {format_day(when.first)} "
                       f"and {format_day(when.last)} (their last day was the day before).",
                       f"Which {short} were abolished in {when.text}?", key="organisation",
                       columns=["organisation", "lastDay", "replacedBy"])
    return Reading("opened-between", "ask-opened-between", params,
                   f"{plural[0].upper() + plural[1:]} whose first day fell between {format_day(when.first)} and "
                   f"{format_day(when.last)}.", f"Which {short} were created in {period}?", key="organisation",
                   columns=["organisation", "firstDay", "formedFrom"])


def build_closed_between(m: Match) -> Reading | Reason:
    return _span_build(m, True)


def build_opened_between(m: Match) -> Reading | Reason:
    return _span_build(m, False)
