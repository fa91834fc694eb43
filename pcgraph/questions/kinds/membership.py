"""Membership questions: members of a collaborative, collaboratives of an organisation, is X in Y,
organisations in N collaboratives, collaboratives by size, trusts in none, overlaps."""

from __future__ import annotations

from pcgraph.questions.grammar import PC, Match, Reading, stems
from pcgraph.questions.kinds.common import (
    COLLAB_WORDS, IN_PLACE, JOIN_WORDS, MEMBERSHIP_CUES, MEMBER_WORDS, ORG_WORDS, TRUST_WORDS, area_words, as_member,
    collaborative_class, counts, day, name, provider_collaboratives, sector_phrase, as_of_words,
)
from pcgraph.questions.reasons import Reason
from pcgraph.questions.text import stem


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


_TARGET_NOUNS = COLLAB_WORDS | ORG_WORDS | TRUST_WORDS | stems("member members partner partners")


def asks_for_organisations(m: Match, slot: str) -> bool:
    """Is the thing asked for an organisation ("*Who* are the members of X's collaborative?", "Which
    *trusts* share a collaborative with X?"), not a collaborative? Read from the first noun of a kind of
    thing before the name, or "who" opening the question."""
    start = m.mentions[slot].start
    if m.parse.tokens and m.parse.tokens[0].norm in {"who", "whom", "whose"}:
        return True
    content = [(i, s) for i, s in m.parse.content if i < start]
    for k, (i, s) in enumerate(content):
        if s not in _TARGET_NOUNS:
            continue
        if s in ORG_WORDS and k + 1 < len(content) and content[k + 1][1] in COLLAB_WORDS:
            continue  # "provider collaboratives" names collaboratives
        return s not in COLLAB_WORDS
    return False


def build_collaboratives_of(m: Match) -> Reading | Reason | None:
    o = m.slots["organisation"]
    reason = as_member(m, "organisation")
    if reason:
        return reason
    if m.parse.stems & COLLAB_WORDS and asks_for_organisations(m, "organisation"):
        return None  # "Who are the members of the Dudley Group's collaborative?" asks for members
    if m.has("partner", "partners"):
        return Reason.PARTNERS_NOT_COLLABORATIVES
    if m.parse.stems & JOIN_WORDS and m.parse.when is not None:
        return Reason.WHEN_JOINED
    if not m.parse.stems & COLLAB_WORDS:
        # "What is RXK a member of?": the organisation must come before the membership word.
        at = m.word_index(*MEMBERSHIP_CUES)
        if at is None or at < m.mentions["organisation"].start or m.parse.stems & ORG_WORDS:
            return Reason.NOT_COLLABORATIVES_OF
    params = {"organisation": o.iri, "as_of": day(m.as_of)}
    kind = collaborative_class(m, params)
    return Reading("collaboratives-of", "collaboratives-of-organisation", params,
                   f"The {kind}s {o.display} belongs to, {as_of_words(m)}.",
                   f"Which {kind}s is {name(o)} in?", key="collaborative",
                   columns=["collaborative", "roles", "startDate", "endDate", "lastConfirmed"])


def build_is_member(m: Match) -> Reading | Reason:
    o, c = m.slots["organisation"], m.slots["collaborative"]
    if "region" in o.kinds:
        return Reason.REGION_NOT_MEMBER
    params = {"organisation": o.iri, "collaborative": c.iri, "as_of": day(m.as_of)}
    role = _MEMBERSHIP_ROLES.get(frozenset(m.parse.stems & _ROLE_STEMS))
    if role is None:
        return Reason.ROLE_NOT_KNOWN  # "lead" without "provider" beside a post word, say
    what = "a member"
    if role:
        params["role"] = PC + role[0]
        what = f"the {role[1]}"
    return Reading("is-member", "ask-is-member", params,
                   f"Whether {o.display} is {what} of {c.label}, {as_of_words(m)}.",
                   f"Is {name(o)} {what} of {name(c)}?", key="member", answer="boolean",
                   columns=["member"])


# Membership roles a yes/no question may name, by the stems naming them ("" for none: any membership).
_ROLE_STEMS = stems("lead leads led provider host hosts hosted hosting")
_MEMBERSHIP_ROLES = {frozenset(): ""}
for _words, _role in (("lead provider", ("LeadProvider", "lead provider")), ("lead", ("LeadProvider", "lead provider")),
                      ("leads", ("LeadProvider", "lead provider")), ("host", ("Host", "host")),
                      ("hosts", ("Host", "host")), ("hosted", ("Host", "host")), ("hosting", ("Host", "host"))):
    _MEMBERSHIP_ROLES[frozenset(stems(_words))] = _role


def build_in_many(m: Match) -> Reading | Reason | None:
    comparison = m.parse.comparison
    if not counts(m, COLLAB_WORDS):
        return Reason.NOT_COUNTING_COLLABORATIVES
    if comparison.ambiguous:
        return Reason.AMBIGUOUS_NUMBER
    if comparison.op in {"<", "<="}:
        return Reason.FEWER_COLLABORATIVES
    trusts = m.has("trust", "trusts", "hospital") or "sector" in m.slots
    what = f"{sector_phrase(m)}NHS trusts" if trusts else "Organisations"
    plain = "area" not in m.slots and not provider_collaboratives(m)
    if comparison.op in {">", ">="} and not trusts and plain:
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
    restricted = _restrictions(m, params, trusts)
    if restricted is None:
        return None
    kind, where, place, noun = restricted
    what = what[0].upper() + what[1:]
    return Reading("in-many", "ask-organisations-by-collaborative-count", params,
                   f"{what}{where} in {comparison.describe_with(kind)}, {as_of_words(m)}.",
                   f"Which {sector_phrase(m)}{noun}{place} are in {comparison.describe_with(kind)}?",
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


def _area_restriction(m: Match, params: dict) -> str | None:
    """The area a list of organisations is restricted to ("trusts *in Norfolk and Waveney ICB* ..."), in words."""
    area = m.slots.get("area")
    if area is None:
        return ""
    start = m.mentions["area"].start
    if m.parse.word_before(start) not in IN_PLACE | {"of"}:
        return None  # the area is not where the organisations are: not this reading
    collaborative = m.word_index(*sorted(COLLAB_WORDS))
    if collaborative is not None and collaborative < start:
        return None  # "... in more than one collaborative in the Midlands": the trusts' area, or the collaboratives'?
    params["area"] = area.iri
    return f" {area_words(area)}"


def build_trusts_in_no_collaborative(m: Match) -> Reading | Reason | None:
    if _first_noun_is_collaborative(m):
        return None  # "Which collaboratives have no trusts?" asks for collaboratives
    params = {"as_of": day(m.as_of)}
    if "sector" in m.slots:
        params["sector"] = m.slots["sector"].iri
    where = _area_restriction(m, params)
    if where is None:
        return None
    place = f" in {name(m.slots['area'])}" if "area" in m.slots else ""
    return Reading("no-collaborative", "trusts-in-no-collaborative", params,
                   f"Open {sector_phrase(m)}NHS trusts{where} in no provider collaborative (groups, alliances and "
                   f"other partnerships not counted), {as_of_words(m)}.",
                   f"Which {sector_phrase(m)}trusts{place} are in no provider collaborative?", key="trust",
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


_SOME = {"a", "an", "any", "some", "one"}


def build_in_some_collaborative(m: Match) -> Reading | Reason | None:
    """ "Which community trusts are in a collaborative?": trusts (of a sector) in at least one."""
    if m.parse.yes_no:
        return None  # "Are any community trusts in a collaborative?" asks yes or no, not for a list
    at = m.word_index(*sorted(COLLAB_WORDS))
    tokens = m.parse.tokens
    before = at - 1
    while before >= 0 and tokens[before].norm in {"provider", "nhs"}:
        before -= 1
    plural = tokens[at].norm.endswith("s")
    if not plural and (before < 0 or tokens[before].norm not in _SOME):
        return None  # "the collaborative" with no name says which one, not any one
    trusts = m.has("trust", "trusts", "hospital", "hospitals") or "sector" in m.slots
    params = {"trusts_only": "true" if trusts else "false", "min_count": "1", "as_of": day(m.as_of)}
    restricted = _restrictions(m, params, trusts)
    if restricted is None:
        return None
    kind, where, place, noun = restricted
    what = f"{sector_phrase(m)}NHS trusts" if trusts else "Organisations"
    return Reading("in-some-collaborative", "ask-organisations-by-collaborative-count", params,
                   f"{what[0].upper() + what[1:]}{where} in at least one {kind}, {as_of_words(m)}.",
                   f"Which {sector_phrase(m)}{noun}{place} are in a {kind}?",
                   key="organisation", columns=["organisation", "count", "collaboratives"])


def build_co_members(m: Match) -> Reading | Reason | None:
    """ "Which trusts share a collaborative with X?", "Who are the members of X's collaboratives?"."""
    o = m.slots["organisation"]
    if not asks_for_organisations(m, "organisation"):
        return None
    reason = as_member(m, "organisation")
    if reason:
        return reason
    trusts = m.has("trust", "trusts", "hospital", "hospitals")
    noun = "NHS trusts" if trusts else "organisations"
    params = {"organisation": o.iri, "trusts_only": "true" if trusts else "false", "as_of": day(m.as_of)}
    kind = collaborative_class(m, params)
    return Reading("co-members", "ask-co-members", params,
                   f"The other {noun} in a {kind} with {o.display}, {as_of_words(m)}.",
                   f"Which {'trusts' if trusts else 'organisations'} share a {kind} with {name(o)}?",
                   key="member", columns=["member", "collaboratives"])


def _nouns(m: Match) -> list[str]:
    """The nouns of kinds of thing in the question, in order ("provider collaboratives" is one, a collaborative)."""
    content = m.parse.content
    out = []
    for k, (_, s) in enumerate(content):
        if s not in _TARGET_NOUNS:
            continue
        if s in ORG_WORDS and k + 1 < len(content) and content[k + 1][1] in COLLAB_WORDS:
            continue
        out.append(s)
    return out


def _first_noun_is_collaborative(m: Match) -> bool | None:
    """Is the first noun of a kind of thing a collaborative word (True), an organisation, trust or member
    word (False), or is there none (None)?"""
    nouns = _nouns(m)
    return nouns[0] in COLLAB_WORDS if nouns else None


_BETWEEN_NO_AND_MEMBERS = {"have", "has", "had", "any", "a", "an", "single", "one", "recorded", "listed", "nhs"}


def _negates_the_members(m: Match) -> bool:
    """Does the negation fall on the members ("no members", "do not have any trusts"), with no member word
    before it?"""
    from pcgraph.questions.parse import NEGATIONS

    tokens = m.parse.tokens
    negation = next((i for i, t in enumerate(tokens) if t.norm in NEGATIONS), None)
    members = [i for i, s in m.parse.content if s in MEMBER_WORDS | ORG_WORDS | TRUST_WORDS
               and not (i + 1 < len(tokens) and stem(tokens[i + 1].norm) in COLLAB_WORDS)]
    if negation is None or any(i < negation for i in members):
        return False
    after = [i for i in members if i > negation]
    return bool(after) and all(tokens[j].norm in _BETWEEN_NO_AND_MEMBERS for j in range(negation + 1, after[0]))


def build_empty_collaboratives(m: Match) -> Reading | Reason | None:
    """ "Which collaboratives have no members?" (or no trusts among their members)."""
    nouns = _nouns(m)
    if not nouns or nouns[0] not in COLLAB_WORDS or all(n in COLLAB_WORDS for n in nouns):
        return None  # "Which collaboratives are not provider collaboratives?" is not about members
    if not _negates_the_members(m):
        return None  # "Which collaboratives have members that are not NHS trusts?" negates something else
    trusts = m.has("trust", "trusts", "hospital", "hospitals")
    noun = "NHS trust" if trusts else "member"
    params = {"min_count": "0", "max_count": "0", "trusts_only": "true" if trusts else "false", "as_of": day(m.as_of)}
    kind = collaborative_class(m, params)
    return Reading("empty-collaboratives", "ask-collaboratives-by-member-count", params,
                   f"{kind[0].upper() + kind[1:]}s with no {noun} recorded, {as_of_words(m)}.",
                   f"Which {kind}s have no {noun}s?", key="collaborative", columns=["collaborative", "count"])


def build_members_per_collaborative(m: Match) -> Reading | Reason | None:
    """ "How many members does each collaborative have?": every collaborative with its count."""
    if _first_noun_is_collaborative(m) is not False:
        return None  # "How many collaboratives is each trust in?" counts collaboratives, not members
    trusts = m.has("trust", "trusts", "hospital", "hospitals")
    noun = "NHS trusts" if trusts else "members"
    params = {"min_count": "0", "max_count": "100000", "trusts_only": "true" if trusts else "false",
              "as_of": day(m.as_of)}
    kind = collaborative_class(m, params)
    return Reading("members-per-collaborative", "ask-collaboratives-by-member-count", params,
                   f"Each {kind} with its number of {noun}, {as_of_words(m)}.",
                   f"How many {'trusts' if trusts else 'members'} does each {kind} have?",
                   key="collaborative", answer="table", columns=["collaborative", "count"])


def _restrictions(m, params: dict, trusts: bool) -> tuple[str, str, str, str] | None:
    """Bind the sector, kind of collaborative and area a question restricts organisations by
    counts of collaboratives to; None when its area cannot be read. Gives the collaborative
    kind's words, the area's words for the interpretation, the place for the rephrasing
    and the noun for who is counted."""
    if "sector" in m.slots:
        params["sector"] = m.slots["sector"].iri
    kind = collaborative_class(m, params)
    where = _area_restriction(m, params)
    if where is None:
        return None
    place = f" in {name(m.slots['area'])}" if "area" in m.slots else ""
    return kind, where, place, "trusts" if trusts else "organisations"
