"""Membership questions: members of a collaborative, collaboratives of an organisation, is X in Y,
organisations in N collaboratives, collaboratives by size, trusts in none, overlaps."""

from __future__ import annotations

from pcgraph.questions.grammar import Match, Reading
from pcgraph.questions.kinds.common import (
    COLLAB_WORDS, JOIN_WORDS, MEMBERSHIP_CUES, MEMBER_WORDS, ORG_WORDS, TRUST_WORDS, as_member, counts, day, name,
    sector_phrase, as_of_words,
)
from pcgraph.questions.reasons import Reason


# --- membership ------------------------------------------------------------------------

def build_members(m: Match) -> Reading | Reason:
    c = m.slots["collaborative"]
    norms = [t.norm for t in m.parse.tokens]
    if not (m.parse.stems & (MEMBER_WORDS | ORG_WORDS | TRUST_WORDS) or "who" in norms
            or m.parse.word_before(m.mentions["collaborative"].start) == "in"):
        return Reason.NOT_ABOUT_MEMBERS
    trusts = m.has("trust", "trusts", "hospital") or "sector" in m.slots
    if trusts:
        params = {"collaborative": c.iri, "as_of": day(m.as_of)}
        if "sector" in m.slots:
            params["sector"] = m.slots["sector"].iri
        return Reading("members", "ask-trust-members-of-collaborative", params,
                       f"The {sector_phrase(m)}NHS trusts that are members of {c.label}, {as_of_words(m)}.",
                       f"Which {sector_phrase(m)}trusts are in {name(c)}?", key="member",
                       columns=["member", "roles", "startDate", "endDate"])
    return Reading("members", "members-of-collaborative", {"collaborative": c.iri, "as_of": day(m.as_of)},
                   f"The members of {c.label}, {as_of_words(m)}.", f"Who are the members of {name(c)}?",
                   key="member", columns=["member", "roles", "startDate", "endDate", "lastConfirmed"])


def build_collaboratives_of(m: Match) -> Reading | Reason:
    o = m.slots["organisation"]
    reason = as_member(m, "organisation")
    if reason:
        return reason
    if m.has("partner", "partners"):
        return Reason.PARTNERS_NOT_COLLABORATIVES
    if m.parse.stems & JOIN_WORDS and m.parse.when is not None:
        return Reason.WHEN_JOINED
    if not m.parse.stems & COLLAB_WORDS:
        # "What is RXK a member of?": the organisation must come before the membership word.
        at = m.word_index(*MEMBERSHIP_CUES)
        if at is None or at < m.mentions["organisation"].start or m.parse.stems & ORG_WORDS:
            return Reason.NOT_COLLABORATIVES_OF
    return Reading("collaboratives-of", "collaboratives-of-organisation",
                   {"organisation": o.iri, "as_of": day(m.as_of)},
                   f"The collaboratives {o.display} belongs to, {as_of_words(m)}.",
                   f"Which collaboratives is {name(o)} in?", key="collaborative",
                   columns=["collaborative", "roles", "startDate", "endDate", "lastConfirmed"])


def build_is_member(m: Match) -> Reading | Reason:
    o, c = m.slots["organisation"], m.slots["collaborative"]
    if "region" in o.kinds:
        return Reason.REGION_NOT_MEMBER
    return Reading("is-member", "ask-is-member",
                   {"organisation": o.iri, "collaborative": c.iri, "as_of": day(m.as_of)},
                   f"Whether {o.display} is a member of {c.label}, {as_of_words(m)}.",
                   f"Is {name(o)} a member of {name(c)}?", key="member", answer="boolean",
                   columns=["member"])


def build_in_many(m: Match) -> Reading | Reason:
    comparison = m.parse.comparison
    if not counts(m, COLLAB_WORDS):
        return Reason.NOT_COUNTING_COLLABORATIVES
    if comparison.ambiguous:
        return Reason.AMBIGUOUS_NUMBER
    if comparison.op in {"<", "<="}:
        return Reason.FEWER_COLLABORATIVES
    trusts = m.has("trust", "trusts", "hospital") or "sector" in m.slots
    what = f"{sector_phrase(m)}NHS trusts" if trusts else "Organisations"
    if comparison.op in {">", ">="} and not trusts:
        low = comparison.at_least
        return Reading("in-many", "organisations-in-many-collaboratives",
                       {"min_count": str(low), "as_of": day(m.as_of)},
                       f"{what} in {comparison.describe_with('collaborative')} (that is, {low} or more), {as_of_words(m)}.",
                       f"Which organisations are in {comparison.describe_with('collaborative')}?",
                       key="organisation", columns=["organisation", "count", "collaboratives"])
    params = {"trusts_only": "true" if trusts else "false", "as_of": day(m.as_of)}
    if comparison.op == "=":
        params["min_count"] = params["max_count"] = str(comparison.n)
        if comparison.n == 0:
            return Reason.ZERO_COLLABORATIVES
    else:
        params["min_count"] = str(comparison.at_least)
    if "sector" in m.slots:
        params["sector"] = m.slots["sector"].iri
    noun = "trusts" if trusts else "organisations"
    what = what[0].upper() + what[1:]
    return Reading("in-many", "ask-organisations-by-collaborative-count", params,
                   f"{what} in {comparison.describe_with('collaborative')}, {as_of_words(m)}.",
                   f"Which {sector_phrase(m)}{noun} are in {comparison.describe_with('collaborative')}?",
                   key="organisation", columns=["organisation", "count", "collaboratives"])


def build_collaboratives_by_size(m: Match) -> Reading | Reason:
    comparison = m.parse.comparison
    if not counts(m, MEMBER_WORDS | ORG_WORDS | TRUST_WORDS):
        return Reason.NOT_COUNTING_MEMBERS
    if comparison.ambiguous:
        return Reason.AMBIGUOUS_NUMBER
    low = {">": comparison.n + 1, ">=": comparison.n, "=": comparison.n, "<": 0, "<=": 0}[comparison.op]
    high = {">": 100000, ">=": 100000, "=": comparison.n, "<": comparison.n - 1, "<=": comparison.n}[comparison.op]
    if high < low:
        return Reason.NO_SIZE_FITS
    trusts = counts(m, TRUST_WORDS)
    noun = "NHS trust" if trusts else "member"
    return Reading("collaboratives-by-size", "ask-collaboratives-by-member-count",
                   {"min_count": str(low), "max_count": str(high), "trusts_only": "true" if trusts else "false",
                    "as_of": day(m.as_of)},
                   f"Collaboratives with {comparison.describe_with(noun)} (from {low} to "
                   f"{high if high < 100000 else 'any number'}), {as_of_words(m)}.",
                   f"Which collaboratives have {comparison.describe_with('trust' if trusts else 'member')}?",
                   key="collaborative", columns=["collaborative", "count"])


def build_trusts_in_no_collaborative(m: Match) -> Reading | Reason:
    params = {"as_of": day(m.as_of)}
    if "sector" in m.slots:
        params["sector"] = m.slots["sector"].iri
    return Reading("no-collaborative", "trusts-in-no-collaborative", params,
                   f"Open {sector_phrase(m)}NHS trusts in no provider collaborative (groups, alliances and other "
                   f"partnerships not counted), {as_of_words(m)}.",
                   f"Which {sector_phrase(m)}trusts are in no provider collaborative?", key="trust",
                   columns=["trust", "sectorLabel", "icbs"])


def build_overlap(m: Match) -> Reading | Reason:
    a, b = m.slots["collaborative"], m.slots["other"]
    if a.iri == b.iri:
        return Reason.SAME_COLLABORATIVE_TWICE
    return Reading("overlap", "collaborative-overlap",
                   {"collaborative": a.iri, "other": b.iri, "as_of": day(m.as_of)},
                   f"Organisations that are members of both {a.label} and {b.label}, {as_of_words(m)}.",
                   f"Which members do {name(a)} and {name(b)} share?", key="member", columns=["member"])


def build_sharing(m: Match) -> Reading | Reason:
    c = m.slots["collaborative"]
    return Reading("sharing", "collaboratives-sharing-members", {"collaborative": c.iri, "as_of": day(m.as_of)},
                   f"Other collaboratives with at least one member in common with {c.label}, {as_of_words(m)}.",
                   f"Which collaboratives share members with {name(c)}?", key="other",
                   columns=["other", "shared", "sharedMembers"])
