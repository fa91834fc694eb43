"""What the question kinds share: the kinds of entity a slot takes, the words of the domain,
and small helpers for writing readings."""

from __future__ import annotations

from datetime import date

from pcgraph.questions.dates import format_day
from pcgraph.questions.grammar import Match, stems
from pcgraph.questions.lexicon import Entity
from pcgraph.questions.reasons import Reason

ORG = frozenset({"organisation"})
COLLAB = frozenset({"collaborative"})
AREA = frozenset({"icb", "region"})
ICB = frozenset({"icb"})
REGION = frozenset({"region"})
SECTOR = frozenset({"sector"})
FUNCTION = frozenset({"function"})
COMMITTEE = frozenset({"committee"})

COLLAB_WORDS = stems("collaborative collaboratives partnership partnerships alliance alliances")
TRUST_WORDS = stems("trust trusts hospital hospitals")
ORG_WORDS = stems("organisation organisations organization organizations org orgs provider providers body bodies")
MEMBER_WORDS = stems("member members membership memberships belong belongs part sit sits sitting involved "
                     "involve participate participates participant participants include includes "
                     "included comprise comprises consist consists make makes made inside within partner partners")
# "Which collaboratives has X joined?" asks about today; "which trusts joined X in 2022?" asks about an
# event the membership queries do not answer, so joining never goes with a date.
JOIN_WORDS = stems("join joins joined")
DELEGATE_WORDS = stems("delegate delegates delegated delegating delegation delegations devolve devolved "
                       "hand handed pass passed transfer transferred")


def day(d: date) -> str:
    return d.isoformat()


def as_of_words(m: Match) -> str:
    return f"as of {format_day(m.as_of)}"


def sector_phrase(m: Match) -> str:
    sector = m.slots.get("sector")
    return f"{sector.label} " if sector else ""


def area_words(area: Entity) -> str:
    """How trusts relate to an area: by where their headquarters lie (an ICB), or by region."""
    if "icb" in area.kinds:
        return f"headquartered in the area of {area.label}"
    return f"in the {area.label} region"


def name(e: Entity) -> str:
    return e.label


IN_PLACE = {"in", "within", "across", "inside", "covering", "throughout"}
MEMBERSHIP_CUES = ("member", "members", "part", "belong", "belongs")


def as_member(m: Match, slot: str) -> Reason | None:
    """Why this organisation cannot be read as a member here, if it cannot."""
    o = m.slots[slot]
    if "region" in o.kinds:
        return Reason.REGION_NOT_MEMBER
    if "icb" in o.kinds and m.parse.word_before(m.mentions[slot].start) in IN_PLACE:
        return Reason.AREA_NOT_ORGANISATION
    return None


def counts(m: Match, words: frozenset[str]) -> bool:
    """Does the comparison count these things ("more than two *collaboratives*")?"""
    from pcgraph.questions.text import stem

    noun = m.parse.comparison.noun
    return noun is not None and stem(noun) in words


CLASSES = [
    (stems("foundation"), "FoundationTrust", "NHS foundation trusts", "foundation trusts"),
    (stems("trust trusts"), "NHSTrust", "NHS trusts", "trusts"),
    (stems("icb icbs board boards ics"), "IntegratedCareBoard", "integrated care boards", "ICBs"),
    (stems("region regions"), "Region", "NHS England regions", "regions"),
    (COLLAB_WORDS, "ProviderCollaborative", "provider collaboratives", "provider collaboratives"),
]
CLASS_EXTRA = stems("integrated care system systems foundation provider providers")


def classes_named(m: Match) -> set[str]:
    """Every class of thing the question's words name ("foundation trusts" is one class; the word "region"
    beside a named region names the place, not a class to list)."""
    named = {local for words, local, _, _ in CLASSES if words & m.parse.stems}
    if "FoundationTrust" in named:
        named.discard("NHSTrust")
    if "region" in m.slots:
        named.discard("Region")
    return named


def class_of(m: Match):
    for words, local, plural, short in CLASSES:
        if words & m.parse.stems:
            if local == "ProviderCollaborative" and not m.has("provider"):
                # "collaboratives" alone: groups and alliances too, not only provider collaboratives.
                return "Collaborative", "collaboratives (provider collaboratives, groups and partnerships)", \
                    "collaboratives"
            return local, plural, short
    return None


def provider_collaboratives(m: Match) -> bool:
    """Does the question say "provider collaborative(s)", not any collaborative (groups and alliances too)?"""
    from pcgraph.questions.text import stem

    tokens = m.parse.tokens
    return any(t.norm in {"provider", "providers"} and i + 1 < len(tokens)
               and stem(tokens[i + 1].norm) in COLLAB_WORDS for i, t in enumerate(tokens))


def collaborative_class(m: Match, params: dict) -> str:
    """Restrict to provider collaboratives when the question says so; the words for what is read."""
    if provider_collaboratives(m):
        params["collaborative_class"] = "https://w3id.org/pcgraph/ontology#ProviderCollaborative"
        return "provider collaborative"
    return "collaborative"
