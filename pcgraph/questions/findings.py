"""Questions about what the governance rules find: "which delegations have unclear
accountability?", "what's wrong with the Black Country Provider Collaborative?".

These are answered by the validator (``pcgraph.validation.validate``), not a canned
query: a question about a rule runs that rule; a question about a thing runs every rule
on the thing and on the nodes that hang off it (its memberships, delegations,
committees and posts), so "what's wrong with X" also reports a delegation X made that
names no accountable body.
"""

from __future__ import annotations

from dataclasses import dataclass

from pcgraph.questions.grammar import Match, Reading, stems
from pcgraph.questions.reasons import Reason

VALIDATION = "validation"


@dataclass(frozen=True)
class Topic:
    """A rule (or rules) and the words that ask about it: one word from each group."""

    rules: tuple[str, ...]
    groups: tuple[frozenset[str], ...]
    words: str
    negated: bool | None = None  # True: only with "no"/"not"/"without"; None: either


TOPICS = (
    Topic(("accountability-missing", "accountability-multiple"),
          (stems("unclear ambiguous confused confusing muddled uncertain"), stems("accountability accountable")),
          "unclear accountability"),
    Topic(("accountability-missing",), (stems("accountability accountable"), stems("body bodies named one anyone")),
          "no accountable body", negated=True),
    Topic(("accountability-multiple",), (stems("accountability accountable"), stems("several multiple many")),
          "more than one accountable body"),
    Topic(("dual-reporting",), (stems("dual double two"), stems("reporting report reports line lines")),
          "dual reporting lines"),
    Topic(("delegation-budget",), (stems("budget budgets resource resources money funding funded"),),
          "no budget or resource with a delegated function", negated=True),
    Topic(("delegate-capacity",), (stems("legally legal capacity lawfully able"), stems("receive hold delegate")),
          "a delegate that cannot legally receive a delegation"),
    Topic(("delegation-duplicate",), (stems("twice duplicate duplicated double overlapping"),
                                      stems("delegated delegation delegations")),
          "one function delegated twice at once"),
    Topic(("delegation-cycle",), (stems("cycle cycles circular cyclic loop loops circle circles"),),
          "circular sub-delegation"),
    Topic(("delegator-lifetime",), (stems("abolished defunct ceased closed dead"),
                                    stems("delegator delegators delegated delegation delegations")),
          "a delegator that no longer existed"),
    Topic(("delegation-footprint",), (stems("footprint outside area"), stems("delegation delegations delegate")),
          "a delegate outside the delegator's area"),
    Topic(("purpose",), (stems("purpose purposes objective objectives aim aims"),),
          "no stated purpose or objectives", negated=True),
    Topic(("representation",), (stems("representation represented unrepresented"),),
          "a system-wide collaborative with no mental health or community member"),
    Topic(("overlap-count", "overlap-duplicate"), (stems("excessive overlapping overlap duplicated"),
                                                   stems("membership memberships member")),
          "excessive overlapping memberships"),
    Topic(("membership-lifetime",), (stems("outlive outlives outlived outliving"),),
          "a membership that outlives its organisation"),
)

TOPIC_WORDS = frozenset().union(*(g for t in TOPICS for g in t.groups))
DELEGATION_WORDS = ("delegation", "delegations", "delegated", "delegate", "delegates")
FINDING_WORDS = stems("wrong problem problems issue issues finding findings flag flags flagged break breaks broken "
                      "breach breaches violation violations warning warnings concern concerns validation validator "
                      "fail fails failing rule rules check checks error errors")


def build_findings_about(m: Match) -> Reading | Reason:
    if m.has(*DELEGATION_WORDS):
        # "What's wrong with X's delegations?": the validator reports on X and all that hangs off it,
        # not on its delegations alone, so the answer would hold more than was asked for.
        return Reason.FINDINGS_OF_DELEGATIONS
    thing = m.slots["thing"]
    params = {"focus": thing.iri, "as_of": m.as_of.isoformat()}
    return Reading("findings-about", VALIDATION, params,
                   f"What the governance rules find wrong with {thing.display} and the memberships, delegations, "
                   f"committees and posts that belong to it, as of {m.as_of.strftime('%-d %B %Y')}.",
                   f"What's wrong with {thing.label}?", key="focus", columns=["focus", "rule", "severity", "message"])


def build_findings_rule(m: Match) -> Reading | Reason:
    present = m.parse.stems
    chosen = [t for t in TOPICS if all(g & present for g in t.groups)
              and (t.negated is None or t.negated == m.parse.negated)]
    if not chosen:
        return Reason.NO_RULE
    # Prefer the topic that explains the most words; two equally good ones are a tie.
    best = max(len(t.groups) for t in chosen)
    chosen = [t for t in chosen if len(t.groups) == best]
    rules = sorted({r for t in chosen for r in t.rules})
    if len(chosen) > 1 and len({t.rules for t in chosen}) > 1:
        return Reason.TWO_RULES
    topic = chosen[0]
    params = {"rules": ",".join(rules), "as_of": m.as_of.isoformat()}
    return Reading("findings-rule", VALIDATION, params,
                   f"Findings of the rule{'s' if len(rules) > 1 else ''} {', '.join(rules)} ({topic.words}), "
                   f"as of {m.as_of.strftime('%-d %B %Y')}.",
                   f"Which findings are there for {topic.words}?", key="focus",
                   columns=["focus", "rule", "severity", "message"])


_RELATED = """
SELECT DISTINCT ?thing ?node WHERE {
  { ?node org:member ?thing } UNION { ?node org:organization ?thing }
  UNION { ?node pc:delegator ?thing } UNION { ?node pc:delegate ?thing } UNION { ?node pc:accountableBody ?thing }
  UNION { ?node pc:committeeOf ?thing } UNION { ?node org:postIn ?thing }
  UNION { ?committee pc:committeeOf ?thing . ?node pc:delegate ?committee }
  UNION { ?node pc:reportingBody ?thing }
}
"""


def run_findings(store, reading: Reading, settings) -> tuple[list[str], list[dict], str]:
    """Run the validator for a findings reading; rows as the answer shape expects, and the SPARQL used."""
    import datetime as dt

    import pyoxigraph as ox

    from pcgraph.validation import validate

    as_of = dt.date.fromisoformat(reading.params["as_of"])
    if "focus" in reading.params:
        nodes = store.query(_RELATED, bindings={"thing": ox.NamedNode(reading.params["focus"])}).rows
        focus = sorted({row["node"].value for row in nodes if isinstance(row.get("node"), ox.NamedNode)}
                       | {reading.params["focus"]})
        report = validate(store, as_of=as_of, focus=focus, settings=settings)
        sparql = _RELATED.strip()
    else:
        report = validate(store, as_of=as_of, rules=reading.params["rules"].split(","), settings=settings)
        sparql = "\n\n".join(c.query for r in report.rules for c in r.constraints) or None
    rows = [{"focus": {"iri": f.focus, "label": f.focus_label}, "rule": f.rule, "severity": f.severity,
             "message": f.message} for f in report.results]
    return ["focus", "rule", "severity", "message"], rows, sparql
