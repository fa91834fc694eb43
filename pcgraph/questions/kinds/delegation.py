"""Delegation and accountability: what a body delegated or received, delegations of a function,
who is accountable."""

from __future__ import annotations

from pcgraph.questions.grammar import Match, Reading
from pcgraph.questions.kinds.common import as_of_words, day, name
from pcgraph.questions.reasons import Reason


# --- delegation and accountability -----------------------------------------------------

RECEIVE = ("receive", "receives", "received", "receiving", "get", "gets", "got", "hold", "holds", "held")


def _said_direction(m: Match, before: str | None) -> str | None:
    """'by' or 'to' when the word before the name ("by X", "to X") or a verb of receiving says so."""
    if before in {"by", "from"}:
        return "by"
    if before in {"to", "towards"} or m.has(*RECEIVE):
        return "to"
    return None


def _direction(m: Match, slot: str) -> str:
    """'to' when the named body receives, 'by' when it delegates, by the words around it."""
    mention = m.mentions[slot]
    before = m.parse.word_before(mention.start)
    said = _said_direction(m, before)
    if said is not None:
        return said
    verb = next((i for i, t in enumerate(m.parse.tokens) if t.norm in _VERBS), None)
    if verb is not None and verb > mention.start:
        # "What has X delegated?" makes X the delegator; "what was X delegated?" the delegate.
        passive = m.parse.tokens[verb - 1].norm in _PASSIVE or before in _PASSIVE
        return "to" if passive else "by"
    # Otherwise ("delegations of X"), commissioners delegate and providers receive.
    return "by" if m.slots[slot].kinds & {"icb", "national"} else "to"


_VERBS = {"delegate", "delegates", "delegated", "devolve", "devolved", "hand", "handed", "pass", "passed",
          "transfer", "transferred"}
_PASSIVE = {"been", "was", "were", "is", "are", "being", "be"}


def build_delegations_by(m: Match) -> Reading | Reason:
    if _direction(m, "delegator") != "by":
        return Reason.RECEIVED_NOT_MADE
    d = m.slots["delegator"]
    return Reading("delegations-by", "delegations-by-icb", {"icb": d.iri},
                   f"Delegations made by {d.display}: each function, to whom, and who stays accountable.",
                   f"What has {name(d)} delegated, and to whom?", key="delegate",
                   columns=["functions", "delegate", "budget", "startDate", "endDate", "accountable"])


def build_delegations_to(m: Match) -> Reading | Reason:
    if _direction(m, "delegate") != "to":
        return Reason.MADE_NOT_RECEIVED
    d = m.slots["delegate"]
    return Reading("delegations-to", "delegations-to-organisation", {"organisation": d.iri},
                   f"Delegations received by {d.display}, directly or through a collaborative or committee "
                   "it belongs to.", f"What has been delegated to {name(d)}?", key="functionLabel",
                   columns=["functionLabel", "delegator", "delegate", "via", "budget", "startDate", "endDate"])


def build_delegations_between(m: Match) -> Reading | Reason:
    a, b = m.slots["delegator"], m.slots["delegate"]
    if m.parse.word_before(m.mentions["delegator"].start) == "to":
        return Reason.DELEGATION_ORDER_UNCLEAR
    return Reading("delegations-between", "ask-delegations-between", {"delegator": a.iri, "delegate": b.iri},
                   f"Functions {a.display} has delegated to {b.display}.",
                   f"What has {name(a)} delegated to {name(b)}?", key="function",
                   columns=["function", "budget", "startDate", "endDate", "accountableBody"])


def build_delegations_of_function(m: Match) -> Reading | Reason:
    f = m.slots["function"]
    return Reading("delegations-of-function", "ask-delegations-of-function", {"function": f.iri},
                   f"Delegations of {f.label}: who delegated it to whom, and who stays accountable.",
                   f"Who has been delegated {f.label}?", key="delegate",
                   columns=["delegator", "delegate", "budget", "startDate", "endDate", "accountableBody"])


def build_delegations_of_function_by(m: Match) -> Reading | Reason:
    f, d = m.slots["function"], m.slots["delegator"]
    if _direction(m, "delegator") != "by":
        return Reason.RECEIVED_NOT_MADE
    return Reading("delegations-of-function-by", "ask-delegations-of-function-by",
                   {"function": f.iri, "delegator": d.iri},
                   f"Delegations of {f.label} made by {d.display}: to whom, and who stays accountable.",
                   f"Who has {name(d)} delegated {f.label} to?", key="delegate",
                   columns=["delegate", "budget", "startDate", "endDate", "accountableBody"])


def _accountable_direction(m: Match, slot: str) -> str | None:
    """Whether the delegations asked about are those the named body made ('by') or received ('to'),
    by the words around it; None when the words do not say ("the delegations of X")."""
    mention = m.mentions[slot]
    tokens = m.parse.tokens
    said = _said_direction(m, m.parse.word_before(mention.start))
    if said is not None:
        return said
    last = tokens[mention.end - 1]
    if m.parse.question[last.start:last.end].lower().endswith(("'s", "\u2019s")):
        # "X's delegations" are those X made; "X's delegated functions" may be those delegated to X.
        following = tokens[mention.end].norm if mention.end < len(tokens) else None
        return "by" if following in {"delegation", "delegations"} else None
    verb = next((i for i in range(mention.end, len(tokens)) if tokens[i].norm in _VERBS), None)
    if verb is not None:
        # "what X (has) delegated" makes X the delegator; "what X was delegated" the delegate.
        return "to" if tokens[verb - 1].norm in _PASSIVE else "by"
    return None


def build_accountable_for_delegations(m: Match) -> Reading | Reason:
    if _accountable_direction(m, "delegate") == "by":
        return Reason.RECEIVED_NOT_MADE
    d = m.slots["delegate"]
    return Reading("accountable-delegations", "ask-accountable-for-delegations-to", {"delegate": d.iri},
                   f"The bodies accountable for the delegations received by {d.display}, and on what basis.",
                   f"Who is accountable for the delegations to {name(d)}?", key="body",
                   columns=["body", "delegation", "accountableTo", "basis"])


def build_accountable_for_delegations_by(m: Match) -> Reading | Reason:
    if _accountable_direction(m, "delegator") == "to":
        return Reason.MADE_NOT_RECEIVED
    d = m.slots["delegator"]
    return Reading("accountable-delegations-by", "delegations-by-icb", {"icb": d.iri},
                   f"The delegations made by {d.display}, each with the bodies named accountable for it.",
                   f"Who is accountable for the delegations made by {name(d)}?", key="accountable",
                   columns=["accountable", "delegation", "delegate", "functions"])


def build_accountable(m: Match) -> Reading | Reason:
    f = m.slots["function"]
    return Reading("accountable", "accountable-for-function", {"function": f.iri, "as_of": day(m.as_of)},
                   f"The bodies accountable for {f.label}, and to whom, from accountability statements and "
                   f"delegations in force {as_of_words(m)}.", f"Who is accountable for {f.label}?", key="body",
                   columns=["body", "accountableTo", "basis", "startDate", "endDate"])
