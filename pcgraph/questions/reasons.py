"""Why a question that fits a kind of question was still not answered, and what the asker is told.

A kind's builder returns a ``Reason`` instead of a reading when the question fits the
kind but cannot be answered exactly. The reason's value is a short code for logs and
tests; ``message(reason)`` is the sentence the asker sees, saying what to ask instead
where that is known. ``MESSAGES`` is the one place those sentences are written.

Some reasons only say that a kind does not fit (``FALLBACK``): when several kinds give a
reason, one that explains the question is shown in preference to these.
"""

from __future__ import annotations

from enum import Enum


class Reason(str, Enum):
    DATE_NOT_USED = "date not used"
    AMBIGUOUS_NUMBER = "ambiguous-number"
    # membership
    NOT_ABOUT_MEMBERS = "not about members"
    REGION_NOT_MEMBER = "region is not a member"
    PARTNERS_NOT_COLLABORATIVES = "partners, not collaboratives"
    WHEN_JOINED = "when joined"
    NOT_COLLABORATIVES_OF = "not the collaboratives of an organisation"
    NOT_COUNTING_COLLABORATIVES = "counts something other than collaboratives"
    FEWER_COLLABORATIVES = "fewer than a number of collaboratives"
    ZERO_COLLABORATIVES = "in no collaborative"
    NOT_COUNTING_MEMBERS = "counts something other than members"
    NO_SIZE_FITS = "no number of members fits"
    SAME_COLLABORATIVE_TWICE = "same collaborative twice"
    AREA_NOT_ORGANISATION = "an area, not an organisation"
    # counting and listing
    SAY_WHAT_TO_COUNT = "say what to count"
    SAY_WHAT_TO_LIST = "say what to list"
    TRUSTS_IN_REGION = "trusts in a region"
    COLLABORATIVES_IN_REGION = "collaboratives in a region"
    ONE_THING_NOT_A_LIST = "one thing, not a list"
    TWO_CLASSES = "two kinds of thing named"
    # places
    NOT_COUNTING_AREAS = "counts something other than areas"
    SPAN_ICB_COUNT = "ICB count other than one"
    SPAN_REGION_COUNT = "region count other than one"
    NOT_ABOUT_SPANNING = "not about spanning"
    ICBS_OF_AN_AREA = "ICBs of an area"
    TWO_ICB_LINKS = "more than one kind of ICB link"
    REGION_OF_A_REGION = "region of a region"
    ICB_AS_MEMBER = "ICB as a member"
    REGION_AS_MEMBER = "region as a member"
    # delegation
    RECEIVED_NOT_MADE = "received, not made"
    MADE_NOT_RECEIVED = "made, not received"
    DELEGATION_ORDER_UNCLEAR = "delegation order unclear"
    # governance and people
    SAY_ONE_GOVERNANCE = "say one governance model or vehicle"
    ROLE_NOT_KNOWN = "role not known"
    TWO_ROLES = "more than one role"
    # history
    CHANGE_DIRECTION_UNCLEAR = "direction of change unclear"
    SAY_WHICH_KIND = "say which kind of organisation"
    SAY_WHEN = "say when"
    # facts on one record
    NOT_RECORDED = "fact not recorded for this thing"
    TWO_ATTRIBUTES = "more than one fact asked"
    # validation findings
    NO_RULE = "no rule matches"
    TWO_RULES = "more than one rule matches"
    FINDINGS_OF_DELEGATIONS = "findings on a body's delegations only"


_DELEGATIONS = ("Ask “What has NHS Black Country ICB delegated, and to whom?” for delegations a body made, or "
                "“What has been delegated to Black Country Joint Provider Committee?” for delegations it received.")
_CHANGES = ("Ask “What replaced NHS Frimley ICB?” for what came after an organisation, or “What was Essex ICB "
            "formed from?” for what came before it.")
_KINDS_OF_THING = "NHS trusts, foundation trusts, ICBs, regions or provider collaboratives"
_POSTS = "chair, chief executive, medical director, chief medical officer or clinical lead"

MESSAGES: dict[Reason, str] = {
    Reason.DATE_NOT_USED:
        "I can answer that kind of question only without a date, not for a particular day. Ask it again "
        "without the date.",
    Reason.AMBIGUOUS_NUMBER: "Do you mean exactly that number, or that number or more?",
    Reason.NOT_ABOUT_MEMBERS:
        "I found a collaborative but not what you want to know about it. Ask about its members, governance, "
        "lead provider or host, for example “Who are the members of Black Country Provider Collaborative?”",
    Reason.REGION_NOT_MEMBER:
        "A region is a place, not a member of collaboratives. To see the collaboratives in a region, ask, "
        "for example, “Which collaboratives are in the Midlands?”",
    Reason.PARTNERS_NOT_COLLABORATIVES:
        "Do you mean the organisation's partners, or the collaboratives it is in? Ask “Which organisations "
        "share a collaborative with The Dudley Group?” or “Which collaboratives is The Dudley Group in?”",
    Reason.WHEN_JOINED:
        "I cannot list what an organisation joined in a given period. Ask which collaboratives it is in, for "
        "example “Which collaboratives is The Dudley Group in?”: the answer gives the day each membership began.",
    Reason.NOT_COLLABORATIVES_OF:
        "I can list the collaboratives an organisation is a member of, but could not read the question that "
        "way. Ask, for example, “Which collaboratives is The Dudley Group in?”",
    Reason.NOT_COUNTING_COLLABORATIVES:
        "I can list organisations that are in more than a number of collaboratives, but the number here counts "
        "something else. Ask, for example, “Which organisations are in more than two collaboratives?”",
    Reason.FEWER_COLLABORATIVES:
        "I can list organisations in more than, at least or exactly a number of collaboratives, not fewer than "
        "a number. For trusts in none, ask “Which trusts are in no provider collaborative?”",
    Reason.ZERO_COLLABORATIVES:
        "To find trusts in no collaborative, ask “Which trusts are in no provider collaborative?”",
    Reason.NOT_COUNTING_MEMBERS:
        "I can list collaboratives by how many members they have, but the number here counts something else. "
        "Ask, for example, “Which collaboratives have more than three members?”",
    Reason.NO_SIZE_FITS:
        "No collaborative can have that number of members, so there is nothing to list. Ask, for example, "
        "“Which collaboratives have fewer than three members?”",
    Reason.SAME_COLLABORATIVE_TWICE:
        "The question names the same collaborative twice. Name two different collaboratives to see the members "
        "they share.",
    Reason.AREA_NOT_ORGANISATION:
        "I read the ICB as a place, not as a member of collaboratives, and I cannot count the collaboratives in "
        "an area. To list them, ask, for example, “Which collaboratives are in NHS Black Country ICB?”",
    Reason.SAY_WHAT_TO_COUNT: f"Say what to count: {_KINDS_OF_THING}.",
    Reason.SAY_WHAT_TO_LIST: f"Say what to list: {_KINDS_OF_THING}.",
    Reason.TRUSTS_IN_REGION:
        "To count or list the trusts in a region, ask, for example, “How many trusts are in the Midlands?” or "
        "“Which trusts are in the Midlands?”",
    Reason.COLLABORATIVES_IN_REGION:
        "I cannot count the collaboratives in a region, but I can list them: ask, for example, “Which "
        "collaboratives are in the Midlands?”",
    Reason.ONE_THING_NOT_A_LIST:
        "I cannot say what something is or define a term. I can list things of a kind, for example “Which "
        "provider collaboratives are there?”, and answer questions about each of them.",
    Reason.TWO_CLASSES:
        "That names two kinds of thing, and I can list or count only one kind at a time without dropping "
        "the other. Ask, for example, “Which trusts are in no provider collaborative?”, “Which organisations "
        "are in more than one collaborative?” or “Which collaboratives are in NHS Black Country ICB?”",
    Reason.NOT_COUNTING_AREAS:
        "I can list collaboratives that span more than one ICB or region, but the number here counts something "
        "else. Ask “Which collaboratives span more than one ICB?” or “Which collaboratives span more than one "
        "region?”",
    Reason.SPAN_ICB_COUNT:
        "I can list collaboratives that span more than one ICB, not other numbers of ICBs. Ask “Which "
        "collaboratives span more than one ICB?”",
    Reason.SPAN_REGION_COUNT:
        "I can list collaboratives that span more than one region, not other numbers of regions. Ask “Which "
        "collaboratives span more than one region?”",
    Reason.NOT_ABOUT_SPANNING:
        "I can list collaboratives that span more than one ICB or region. Ask “Which collaboratives span more "
        "than one ICB?” or “Which collaboratives span more than one region?”",
    Reason.ICBS_OF_AN_AREA:
        "I can say which ICB a trust or other provider belongs to, but the question names an ICB, a region or "
        "NHS England. To see what lies in an area, ask, for example, “Which trusts are in NHS Black Country ICB?”",
    Reason.TWO_ICB_LINKS:
        "That asks about two kinds of link between an organisation and ICBs at once. Ask about one: “Which ICB "
        "is The Dudley Group in?” (where its headquarters are), “Which ICBs is The Dudley Group a partner of?” "
        "or “What is the principal ICB of The Dudley Group?” (for finance).",
    Reason.REGION_OF_A_REGION:
        "I can say which NHS England region an organisation is in, but the question names a region or NHS "
        "England itself. Ask, for example, “Which region is The Dudley Group in?”",
    Reason.ICB_AS_MEMBER:
        "I can list the collaboratives in an ICB's area: ask, for example, “Which collaboratives are in NHS "
        "Black Country ICB?”",
    Reason.REGION_AS_MEMBER:
        "I can list the collaboratives in a region: ask, for example, “Which collaboratives are in the "
        "Midlands?”",
    Reason.RECEIVED_NOT_MADE:
        f"Do you mean delegations the body made, or delegations it received? {_DELEGATIONS}",
    Reason.MADE_NOT_RECEIVED:
        f"Do you mean delegations the body received, or delegations it made? {_DELEGATIONS}",
    Reason.DELEGATION_ORDER_UNCLEAR:
        "I could not tell which body delegated to which. Name the body that delegated first, as in “What has "
        "NHS Black Country ICB delegated to The Dudley Group?”",
    Reason.SAY_ONE_GOVERNANCE:
        "Say one governance model or vehicle, such as a joint committee, committees in common, a lead provider "
        "contract or the lead provider model, as in “Which collaboratives use a joint committee?”",
    Reason.ROLE_NOT_KNOWN:
        f"I do not know that post. I can say who holds the post of {_POSTS}, as in “Who chairs Black Country "
        "Provider Collaborative?”",
    Reason.TWO_ROLES: f"Ask about one post at a time: {_POSTS}.",
    Reason.CHANGE_DIRECTION_UNCLEAR:
        f"Do you mean what came after the organisation, or what came before it? {_CHANGES}",
    Reason.SAY_WHICH_KIND:
        f"Say which kind of organisation ({_KINDS_OF_THING}), as in “Which ICBs were abolished in April 2026?”",
    Reason.SAY_WHEN:
        "Say when: a year, a month or a day, as in “Which ICBs were abolished in April 2026?”",
    Reason.NOT_RECORDED:
        "The graph records no such fact about that. I can give the facts recorded on an organisation's or a "
        "collaborative's own record, as in “What is the headquarters postcode of The Dudley Group?” or “What is "
        "the purpose of Acute Hospitals Alliance?”",
    Reason.TWO_ATTRIBUTES:
        "Ask about one fact at a time, as in “What is the headquarters postcode of The Dudley Group?” or “What "
        "sector is The Dudley Group in?”",
    Reason.NO_RULE:
        "I could not match that to a question I can answer. If you are asking what the governance rules find "
        "wrong, say which problem, as in “Which delegations have unclear accountability?”, or name the body, as "
        "in “What's wrong with Black Country Provider Collaborative?”",
    Reason.TWO_RULES:
        "Those words fit more than one governance rule. Say which problem you mean, as in “Which delegations "
        "have unclear accountability?”",
    Reason.FINDINGS_OF_DELEGATIONS:
        "I can say what the governance rules find wrong with a body together with everything that belongs to it "
        "(its memberships, the delegations it made or received, its committees and posts), or which delegations "
        "break one rule, but not the findings on just one body's delegations. Ask “What's wrong with NHS Black "
        "Country ICB?” or “Which delegations have unclear accountability?”",
}

# Reasons that say only that a kind does not fit the question.
FALLBACK: frozenset[Reason] = frozenset({
    Reason.NOT_ABOUT_MEMBERS, Reason.REGION_NOT_MEMBER, Reason.NOT_COLLABORATIVES_OF,
    Reason.NOT_COUNTING_COLLABORATIVES, Reason.NOT_COUNTING_MEMBERS, Reason.NOT_COUNTING_AREAS,
    Reason.NOT_ABOUT_SPANNING, Reason.ONE_THING_NOT_A_LIST, Reason.SAY_ONE_GOVERNANCE, Reason.NO_RULE,
    Reason.ICB_AS_MEMBER, Reason.REGION_AS_MEMBER, Reason.TRUSTS_IN_REGION,
})

GENERIC = "I understood the words but not a question I can answer with them."


def message(reason: Reason) -> str:
    """What the asker is told for a reason (every reason has its sentence: a test checks)."""
    return MESSAGES[reason]


def shown(reasons: list[str]) -> str | None:
    """The reason to tell the asker about: the first that explains the question, else the first."""
    return next((r for r in reasons if r not in FALLBACK), reasons[0] if reasons else None)
