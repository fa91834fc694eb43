"""The kinds of question pcgraph answers, each compiled to a canned query with bound parameters.

Each builder turns a matched question into a ``Reading``: the canned query's name, its
parameters as text (full IRIs, ISO dates), a sentence saying how the question was read,
and a canonical phrasing that reads back to the same query (used for clarifying options
and suggestions). A builder returns a string instead when the question fits the kind
but cannot be answered exactly (say, "fewer than two collaboratives").
"""

from __future__ import annotations

from datetime import date

from pcgraph.questions.dates import format_day
from pcgraph.questions.findings import FINDING_WORDS, TOPIC_WORDS, build_findings_about, build_findings_rule
from pcgraph.questions.grammar import PC, Kind, Match, Reading, Slot, stems
from pcgraph.questions.lexicon import Entity

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


def _day(d: date) -> str:
    return d.isoformat()


def _when(m: Match) -> str:
    return f"as of {format_day(m.as_of)}"


def _sector_phrase(m: Match) -> str:
    sector = m.slots.get("sector")
    return f"{sector.label} " if sector else ""


def _name(e: Entity) -> str:
    return e.label


# --- membership ------------------------------------------------------------------------

def build_members(m: Match) -> Reading | str:
    c = m.slots["collaborative"]
    norms = [t.norm for t in m.parse.tokens]
    if not (m.parse.stems & (MEMBER_WORDS | ORG_WORDS | TRUST_WORDS) or "who" in norms
            or m.parse.word_before(m.mentions["collaborative"].start) == "in"):
        return "not a question about members"
    trusts = m.has("trust", "trusts", "hospital") or "sector" in m.slots
    if trusts:
        params = {"collaborative": c.iri, "as_of": _day(m.as_of)}
        if "sector" in m.slots:
            params["sector"] = m.slots["sector"].iri
        return Reading("members", "ask-trust-members-of-collaborative", params,
                       f"The {_sector_phrase(m)}NHS trusts that are members of {c.label}, {_when(m)}.",
                       f"Which {_sector_phrase(m)}trusts are in {_name(c)}?", key="member",
                       columns=["member", "roles", "startDate", "endDate"])
    return Reading("members", "members-of-collaborative", {"collaborative": c.iri, "as_of": _day(m.as_of)},
                   f"The members of {c.label}, {_when(m)}.", f"Who are the members of {_name(c)}?",
                   key="member", columns=["member", "roles", "startDate", "endDate"])


_IN_PLACE = {"in", "within", "across", "inside", "covering", "throughout"}
_MEMBERSHIP_CUES = ("member", "members", "part", "belong", "belongs")


def _as_member(m: Match, slot: str) -> str | None:
    """Why this organisation cannot be read as a member here, if it cannot."""
    o = m.slots[slot]
    if "region" in o.kinds:
        return "a region is a place, not a member of collaboratives"
    if "icb" in o.kinds and m.parse.word_before(m.mentions[slot].start) in _IN_PLACE:
        return "collaboratives in an area, not of an organisation"
    return None


def build_collaboratives_of(m: Match) -> Reading | str:
    o = m.slots["organisation"]
    reason = _as_member(m, "organisation")
    if reason:
        return reason
    if m.has("partner", "partners"):
        return "asks about partners, not collaboratives"
    if m.parse.stems & JOIN_WORDS and m.parse.when is not None:
        return "asks when something joined, which the membership queries do not answer"
    if not m.parse.stems & COLLAB_WORDS:
        # "What is RXK a member of?": the organisation must come before the membership word.
        at = m.word_index(*_MEMBERSHIP_CUES)
        if at is None or at < m.mentions["organisation"].start or m.parse.stems & ORG_WORDS:
            return "not about the collaboratives of an organisation"
    return Reading("collaboratives-of", "collaboratives-of-organisation",
                   {"organisation": o.iri, "as_of": _day(m.as_of)},
                   f"The collaboratives {o.display} belongs to, {_when(m)}.",
                   f"Which collaboratives is {_name(o)} in?", key="collaborative",
                   columns=["collaborative", "roles", "startDate", "endDate"])


def build_is_member(m: Match) -> Reading | str:
    o, c = m.slots["organisation"], m.slots["collaborative"]
    if "region" in o.kinds:
        return "a region is a place, not a member of collaboratives"
    return Reading("is-member", "ask-is-member",
                   {"organisation": o.iri, "collaborative": c.iri, "as_of": _day(m.as_of)},
                   f"Whether {o.display} is a member of {c.label}, {_when(m)}.",
                   f"Is {_name(o)} a member of {_name(c)}?", key="member", answer="boolean",
                   columns=["member"])


def _counts(m: Match, words: frozenset[str]) -> bool:
    """Does the comparison count these things ("more than two *collaboratives*")?"""
    from pcgraph.questions.text import stem

    noun = m.parse.comparison.noun
    return noun is not None and stem(noun) in words


def build_in_many(m: Match) -> Reading | str:
    comparison = m.parse.comparison
    if not _counts(m, COLLAB_WORDS):
        return "counts something other than collaboratives"
    if comparison.ambiguous:
        return "ambiguous-number"
    if comparison.op in {"<", "<="}:
        return ("I can list organisations in more than, at least or exactly a number of collaboratives, "
                "not fewer than a number")
    trusts = m.has("trust", "trusts", "hospital") or "sector" in m.slots
    what = f"{_sector_phrase(m)}NHS trusts" if trusts else "Organisations"
    if comparison.op in {">", ">="} and not trusts:
        low = comparison.at_least
        return Reading("in-many", "organisations-in-many-collaboratives",
                       {"min_count": str(low), "as_of": _day(m.as_of)},
                       f"{what} in {comparison.describe()} collaboratives (that is, {low} or more), {_when(m)}.",
                       f"Which organisations are in {comparison.describe()} collaboratives?",
                       key="organisation", columns=["organisation", "count", "collaboratives"])
    params = {"trusts_only": "true" if trusts else "false", "as_of": _day(m.as_of)}
    if comparison.op == "=":
        params["min_count"] = params["max_count"] = str(comparison.n)
        if comparison.n == 0:
            return "to find trusts in no collaborative, ask 'which trusts are in no provider collaborative?'"
    else:
        params["min_count"] = str(comparison.at_least)
    if "sector" in m.slots:
        params["sector"] = m.slots["sector"].iri
    noun = "trusts" if trusts else "organisations"
    what = what[0].upper() + what[1:]
    return Reading("in-many", "ask-organisations-by-collaborative-count", params,
                   f"{what} in {comparison.describe()} collaboratives, {_when(m)}.",
                   f"Which {_sector_phrase(m)}{noun} are in {comparison.describe()} collaboratives?",
                   key="organisation", columns=["organisation", "count", "collaboratives"])


def build_collaboratives_by_size(m: Match) -> Reading | str:
    comparison = m.parse.comparison
    if not _counts(m, MEMBER_WORDS | ORG_WORDS | TRUST_WORDS):
        return "counts something other than members"
    if comparison.ambiguous:
        return "ambiguous-number"
    low = {">": comparison.n + 1, ">=": comparison.n, "=": comparison.n, "<": 0, "<=": 0}[comparison.op]
    high = {">": 100000, ">=": 100000, "=": comparison.n, "<": comparison.n - 1, "<=": comparison.n}[comparison.op]
    if high < low:
        return "no number of members can satisfy that"
    trusts = _counts(m, TRUST_WORDS)
    noun = "NHS trusts" if trusts else "members"
    return Reading("collaboratives-by-size", "ask-collaboratives-by-member-count",
                   {"min_count": str(low), "max_count": str(high), "trusts_only": "true" if trusts else "false",
                    "as_of": _day(m.as_of)},
                   f"Collaboratives with {comparison.describe()} {noun} (from {low} to "
                   f"{high if high < 100000 else 'any number'}), {_when(m)}.",
                   f"Which collaboratives have {comparison.describe()} {'trusts' if trusts else 'members'}?",
                   key="collaborative", columns=["collaborative", "count"])


def build_trusts_in_no_collaborative(m: Match) -> Reading | str:
    params = {"as_of": _day(m.as_of)}
    if "sector" in m.slots:
        params["sector"] = m.slots["sector"].iri
    return Reading("no-collaborative", "trusts-in-no-collaborative", params,
                   f"Open {_sector_phrase(m)}NHS trusts that belong to no provider collaborative, {_when(m)}.",
                   f"Which {_sector_phrase(m)}trusts are in no provider collaborative?", key="trust",
                   columns=["trust", "sectorLabel", "icbs"])


def build_overlap(m: Match) -> Reading | str:
    a, b = m.slots["collaborative"], m.slots["other"]
    if a.iri == b.iri:
        return "the question names the same collaborative twice"
    return Reading("overlap", "collaborative-overlap",
                   {"collaborative": a.iri, "other": b.iri, "as_of": _day(m.as_of)},
                   f"Organisations that are members of both {a.label} and {b.label}, {_when(m)}.",
                   f"Which members do {_name(a)} and {_name(b)} share?", key="member", columns=["member"])


def build_sharing(m: Match) -> Reading | str:
    c = m.slots["collaborative"]
    return Reading("sharing", "collaboratives-sharing-members", {"collaborative": c.iri, "as_of": _day(m.as_of)},
                   f"Other collaboratives with at least one member in common with {c.label}, {_when(m)}.",
                   f"Which collaboratives share members with {_name(c)}?", key="other",
                   columns=["other", "shared", "sharedMembers"])


# --- counting --------------------------------------------------------------------------

def build_count_trusts_in_area(m: Match) -> Reading | str:
    area = m.slots["area"]
    params = {"area": area.iri, "as_of": _day(m.as_of)}
    if "sector" in m.slots:
        params["sector"] = m.slots["sector"].iri
    where = "the area of " + area.label if "icb" in area.kinds else area.label
    return Reading("count-trusts-in-area", "ask-count-trusts-in-area", params,
                   f"The number of open {_sector_phrase(m)}NHS trusts headquartered in {where}, {_when(m)}.",
                   f"How many {_sector_phrase(m)}trusts are in {_name(area)}?", key="count", answer="count",
                   columns=["count"])


def build_count_members(m: Match) -> Reading | str:
    c = m.slots["collaborative"]
    trusts = m.has("trust", "trusts", "hospital")
    return Reading("count-members", "ask-count-members",
                   {"collaborative": c.iri, "trusts_only": "true" if trusts else "false", "as_of": _day(m.as_of)},
                   f"The number of {'NHS trusts' if trusts else 'organisations'} that are members of {c.label}, "
                   f"{_when(m)}.", f"How many {'trusts' if trusts else 'members'} does {_name(c)} have?",
                   key="count", answer="count", columns=["count"])


def build_count_collaboratives_of(m: Match) -> Reading | str:
    o = m.slots["organisation"]
    reason = _as_member(m, "organisation")
    if reason:
        return reason
    return Reading("count-collaboratives-of", "ask-count-collaboratives-of-organisation",
                   {"organisation": o.iri, "as_of": _day(m.as_of)},
                   f"The number of collaboratives {o.display} belongs to, {_when(m)}.",
                   f"How many collaboratives is {_name(o)} in?", key="count", answer="count", columns=["count"])


# Words naming a class of thing, most specific first.
_CLASSES = [
    (stems("foundation"), "FoundationTrust", "NHS foundation trusts", "foundation trusts"),
    (stems("trust trusts"), "NHSTrust", "NHS trusts", "trusts"),
    (stems("icb icbs board boards ics"), "IntegratedCareBoard", "integrated care boards", "ICBs"),
    (stems("region regions"), "Region", "NHS England regions", "regions"),
    (COLLAB_WORDS, "ProviderCollaborative", "provider collaboratives", "provider collaboratives"),
]
_CLASS_EXTRA = stems("integrated care system systems foundation provider providers")


def _class_of(m: Match):
    for words, local, plural, short in _CLASSES:
        if words & m.parse.stems:
            if local == "ProviderCollaborative" and not m.has("provider"):
                # "collaboratives" alone: groups and alliances too, not only provider collaboratives.
                return "Collaborative", "collaboratives (provider collaboratives, groups and partnerships)", \
                    "collaboratives"
            return local, plural, short
    return None


def _class_params(m: Match, verb: str) -> tuple[dict, str, str, str] | str:
    """Parameters for a question about a class of thing (optionally in a region or of a sector)."""
    found = _class_of(m)
    if found is None:
        return f"say what to {verb}"
    local, plural, short = found
    if "region" in m.slots and local == "NHSTrust":
        return "answered by trusts-in-area"
    if "region" in m.slots and local in {"ProviderCollaborative", "Collaborative"}:
        return "answered by collaboratives-in-region"
    params = {"class": PC + local, "as_of": _day(m.as_of)}
    where = ""
    if "region" in m.slots:
        params["region"] = m.slots["region"].iri
        where = f" in {m.slots['region'].label}"
    if "sector" in m.slots:
        params["sector"] = m.slots["sector"].iri
    return params, plural, short, where


def build_count_class(m: Match) -> Reading | str:
    found = _class_params(m, "count")
    if isinstance(found, str):
        return found
    params, plural, short, where = found
    return Reading("count-class", "ask-count-things-of-class", params,
                   f"The number of {_sector_phrase(m)}{plural}{where} in existence {_when(m)}.",
                   f"How many {_sector_phrase(m)}{short} are there{where}?", key="count", answer="count",
                   columns=["count"])


def build_list_class(m: Match) -> Reading | str:
    plural = any(t.norm.endswith("s") and t.norm not in {"is", "was", "has", "does"}
                 for i, t in enumerate(m.parse.tokens) if any(i == j for j, _ in m.parse.content))
    if not plural:
        return "a question about one thing, not a list"
    found = _class_params(m, "list")
    if isinstance(found, str):
        return found
    params, plural, short, where = found
    return Reading("list-class", "ask-things-of-class", params,
                   f"The {_sector_phrase(m)}{plural}{where} in existence {_when(m)}.",
                   f"Which {_sector_phrase(m)}{short} are there{where}?", key="thing",
                   columns=["thing", "startDate", "endDate"])


# --- places ----------------------------------------------------------------------------

def build_trusts_in_area(m: Match) -> Reading | str:
    area = m.slots["area"]
    params = {"area": area.iri, "as_of": _day(m.as_of)}
    if "sector" in m.slots:
        params["sector"] = m.slots["sector"].iri
    where = "the area of " + area.label if "icb" in area.kinds else area.label
    return Reading("trusts-in-area", "trusts-in-area", params,
                   f"Open {_sector_phrase(m)}NHS trusts headquartered in {where}, {_when(m)}.",
                   f"Which {_sector_phrase(m)}trusts are in {_name(area)}?", key="trust",
                   columns=["trust", "sectorLabel"])


def _spans(m: Match, what: str) -> Reading | str:
    comparison = m.parse.comparison
    if comparison is not None and not _counts(m, SPAN_WORDS[what]):
        return "counts something other than areas"
    if comparison is not None and comparison.at_least != 2:
        return f"I can list collaboratives that span more than one {what}, not other counts"
    if comparison is None and not m.has("span", "spans", "spanning", "cover", "covers", "covering", "cross",
                                        "crosses", "crossing", "across", "straddle", "straddles", "multi",
                                        "boundary", "boundaries", "border", "borders", "between"):
        return "not about spanning"
    if what == "ICB":
        return Reading("spanning-icbs", "collaboratives-spanning-icbs",
                       {"as_of": _day(m.as_of), "relation_kind": PC + "HeadquartersArea"},
                       f"Collaboratives whose members' headquarters lie in more than one ICB area, {_when(m)}.",
                       "Which collaboratives span more than one ICB?", key="collaborative",
                       columns=["collaborative", "icbCount", "icbs"])
    return Reading("spanning-regions", "collaboratives-spanning-regions", {"as_of": _day(m.as_of)},
                   f"Collaboratives whose members belong to more than one NHS England region, {_when(m)}.",
                   "Which collaboratives span more than one region?", key="collaborative",
                   columns=["collaborative", "regionCount", "regions"])


SPAN_WORDS = {"ICB": stems("icb icbs ics board boards integrated system systems area areas"),
              "region": stems("region regions")}


def build_spanning_icbs(m: Match) -> Reading | str:
    return _spans(m, "ICB")


def build_spanning_regions(m: Match) -> Reading | str:
    return _spans(m, "region")


_RELATION_WORDS = [
    (stems("partner partners partnered constitution"), "ConstitutionPartner", "names it a partner in its constitution"),
    (stems("principal financial finance apportioned apportionment funded funds"), "PrincipalICB",
     "is its principal ICB for finance"),
]


def build_icbs_of(m: Match) -> Reading | str:
    o = m.slots["organisation"]
    if o.kinds & {"icb", "region", "national"}:
        return "the ICBs of a provider"
    chosen = [(local, words) for group, local, words in _RELATION_WORDS if group & m.parse.stems]
    if len(chosen) > 1:
        return "more than one kind of ICB link"
    local, words = chosen[0] if chosen else ("HeadquartersArea", "holds its headquarters in its area")
    return Reading("icbs-of", "ask-icbs-of-organisation",
                   {"organisation": o.iri, "relation_kind": PC + local, "as_of": _day(m.as_of)},
                   f"The ICB that {words}, for {o.display}, {_when(m)}.",
                   f"Which ICB is {_name(o)} in?" if local == "HeadquartersArea"
                   else f"Which ICBs is {_name(o)} a partner of?" if local == "ConstitutionPartner"
                   else f"What is the principal ICB of {_name(o)}?", key="icb",
                   columns=["icb", "startDate", "endDate"])


def build_partners_of_icb(m: Match) -> Reading | str:
    icb = m.slots["icb"]
    if m.has("principal", "financial", "finance", "apportioned", "apportionment"):
        local, words = "PrincipalICB", "apportioned to it for finance"
    else:
        local, words = "ConstitutionPartner", "named partners in its constitution"
    return Reading("partners-of-icb", "ask-partners-of-icb",
                   {"icb": icb.iri, "relation_kind": PC + local, "as_of": _day(m.as_of)},
                   f"The organisations {words} of {icb.label}, {_when(m)}.",
                   f"Which trusts are partners of {_name(icb)}?", key="organisation",
                   columns=["organisation", "startDate", "endDate"])


def build_region_of(m: Match) -> Reading | str:
    o = m.slots["organisation"]
    if o.kinds & {"region", "national"}:
        return "the region of an organisation"
    return Reading("region-of", "ask-region-of-organisation", {"organisation": o.iri},
                   f"The NHS England region of {o.display}.", f"Which region is {_name(o)} in?", key="region",
                   columns=["region"])


def build_collaboratives_in_icb(m: Match) -> Reading | str:
    icb = m.slots["icb"]
    if m.parse.word_before(m.mentions["icb"].start) not in _IN_PLACE | {"of", "for", "cover", "covers"}:
        return "the ICB as a member, not an area"
    return Reading("collaboratives-in-icb", "collaboratives-in-icb", {"icb": icb.iri, "as_of": _day(m.as_of)},
                   f"Collaboratives whose footprint is the area of {icb.label}, or with a member headquartered "
                   f"there, {_when(m)}.", f"Which collaboratives are in {_name(icb)}?", key="collaborative",
                   columns=["collaborative", "basis"])


def build_collaboratives_in_region(m: Match) -> Reading | str:
    region = m.slots["region"]
    if m.parse.word_before(m.mentions["region"].start) not in _IN_PLACE | {"of", "for", "cover", "covers"}:
        return "the region as a member, not an area"
    return Reading("collaboratives-in-region", "ask-collaboratives-in-region",
                   {"region": region.iri, "as_of": _day(m.as_of)},
                   f"Collaboratives with a member in the {region.label} region, or whose footprint lies in it, "
                   f"{_when(m)}.", f"Which collaboratives are in {_name(region)}?", key="collaborative",
                   columns=["collaborative"])


# --- delegation and accountability -----------------------------------------------------

_RECEIVE = ("receive", "receives", "received", "receiving", "get", "gets", "got", "hold", "holds", "held")


def _direction(m: Match, slot: str) -> str:
    """'to' when the named body receives, 'by' when it delegates, by the words around it."""
    mention = m.mentions[slot]
    before = m.parse.word_before(mention.start)
    if before in {"by", "from"}:
        return "by"
    if before in {"to", "towards"} or m.has(*_RECEIVE):
        return "to"
    # Said plainly ("what has X delegated?"), commissioners delegate and providers receive.
    return "by" if m.slots[slot].kinds & {"icb", "national"} else "to"


def build_delegations_by(m: Match) -> Reading | str:
    if _direction(m, "delegator") != "by":
        return "received, not made"
    d = m.slots["delegator"]
    return Reading("delegations-by", "delegations-by-icb", {"icb": d.iri},
                   f"Delegations made by {d.display}: each function, to whom, and who stays accountable.",
                   f"What has {_name(d)} delegated, and to whom?", key="delegate",
                   columns=["functionLabel", "delegate", "budget", "startDate", "endDate", "accountableBody"])


def build_delegations_to(m: Match) -> Reading | str:
    if _direction(m, "delegate") != "to":
        return "made, not received"
    d = m.slots["delegate"]
    return Reading("delegations-to", "delegations-to-organisation", {"organisation": d.iri},
                   f"Delegations received by {d.display}, directly or through a collaborative or committee "
                   "it belongs to.", f"What has been delegated to {_name(d)}?", key="functionLabel",
                   columns=["functionLabel", "delegator", "delegate", "via", "budget", "startDate", "endDate"])


def build_delegations_between(m: Match) -> Reading | str:
    a, b = m.slots["delegator"], m.slots["delegate"]
    if m.parse.word_before(m.mentions["delegator"].start) == "to":
        return "order unclear"
    return Reading("delegations-between", "ask-delegations-between", {"delegator": a.iri, "delegate": b.iri},
                   f"Functions {a.display} has delegated to {b.display}.",
                   f"What has {_name(a)} delegated to {_name(b)}?", key="function",
                   columns=["function", "budget", "startDate", "endDate", "accountableBody"])


def build_delegations_of_function(m: Match) -> Reading | str:
    f = m.slots["function"]
    return Reading("delegations-of-function", "ask-delegations-of-function", {"function": f.iri},
                   f"Delegations of {f.label}: who delegated it to whom, and who stays accountable.",
                   f"Who has been delegated {f.label}?", key="delegate",
                   columns=["delegator", "delegate", "budget", "startDate", "endDate", "accountableBody"])


def build_delegations_of_function_by(m: Match) -> Reading | str:
    f, d = m.slots["function"], m.slots["delegator"]
    if _direction(m, "delegator") != "by":
        return "received, not made"
    return Reading("delegations-of-function-by", "ask-delegations-of-function-by",
                   {"function": f.iri, "delegator": d.iri},
                   f"Delegations of {f.label} made by {d.display}: to whom, and who stays accountable.",
                   f"Who has {_name(d)} delegated {f.label} to?", key="delegate",
                   columns=["delegate", "budget", "startDate", "endDate", "accountableBody"])


def build_accountable_for_delegations(m: Match) -> Reading | str:
    d = m.slots["delegate"]
    return Reading("accountable-delegations", "ask-accountable-for-delegations-to", {"delegate": d.iri},
                   f"The bodies accountable for the delegations received by {d.display}, and on what basis.",
                   f"Who is accountable for the delegations to {_name(d)}?", key="body",
                   columns=["body", "delegation", "accountableTo", "basis"])


def build_accountable(m: Match) -> Reading | str:
    f = m.slots["function"]
    return Reading("accountable", "accountable-for-function", {"function": f.iri},
                   f"The bodies accountable for {f.label}, and to whom, from accountability statements and "
                   "delegations.", f"Who is accountable for {f.label}?", key="body",
                   columns=["body", "accountableTo", "basis"])


# --- governance and people -------------------------------------------------------------

def build_governance(m: Match) -> Reading | str:
    c = m.slots["collaborative"]
    key = "governanceModels"
    if m.has("vehicle", "legal", "form"):
        key = "vehicles"
    elif m.has("committee", "committees"):
        key = "committees"
    return Reading("governance", "collaborative-governance", {"collaborative": c.iri, "as_of": _day(m.as_of)},
                   f"How {c.label} is governed: model, vehicle, committees, lead provider and host, {_when(m)}.",
                   f"How is {_name(c)} governed?", key=key, answer="table",
                   columns=[key] + [k for k in ["governanceModels", "vehicles", "committees", "leadProviders",
                                                "hosts"] if k != key])


# Governance models and vehicles, by the words that name them (all of a phrase must appear).
_GOVERNANCE = [
    ("model", "ModelLeadProvider", "the lead provider model", ("lead", "provider"), ("contract",)),
    ("model", "ModelSharedLeadership", "the shared leadership model", ("shared", "leadership"), ()),
    ("model", "ModelProviderLeadershipBoard", "the provider leadership board model", ("leadership", "board"),
     ("shared",)),
    ("vehicle", "VehicleLeadProviderContract", "a lead provider contract", ("lead", "provider", "contract"), ()),
    ("vehicle", "VehicleJointCommittee", "a joint committee", ("joint", "committee"), ("venture",)),
    ("vehicle", "VehicleCommitteesInCommon", "committees in common", ("committee", "common"), ()),
    ("vehicle", "VehicleContractualJointVenture", "a contractual joint venture", ("venture",), ()),
    ("vehicle", "VehicleMemorandumOfUnderstanding", "a memorandum of understanding", ("memorandum",), ()),
    ("vehicle", "VehicleMemorandumOfUnderstanding", "a memorandum of understanding", ("mou",), ()),
    ("vehicle", "VehicleMerger", "a full merger", ("merger",), ()),
]
GOVERNANCE_WORDS = stems("lead provider contract shared leadership board joint committee committees common venture "
                         "contractual memorandum understanding mou merger full")


def build_by_governance(m: Match) -> Reading | str:
    from pcgraph.questions.text import stem

    present = m.parse.stems
    found = {(what, local, words) for what, local, words, need, veto in _GOVERNANCE
             if all(stem(w) in present for w in need) and not any(stem(w) in present for w in veto)}
    if len({local for _, local, _ in found}) != 1:
        return "say one governance model or vehicle"
    what, local, words = found.pop()
    query = "ask-collaboratives-by-governance-model" if what == "model" else "ask-collaboratives-by-vehicle"
    return Reading("by-governance", query, {what: PC + local},
                   f"Collaboratives recorded as using {words}.", f"Which collaboratives use {words}?",
                   key="collaborative", columns=["collaborative"])


def _role_member(m: Match, role: str, words: str) -> Reading:
    c = m.slots["collaborative"]
    return Reading(f"{role.lower()}", "ask-members-with-role",
                   {"collaborative": c.iri, "role": PC + role, "as_of": _day(m.as_of)},
                   f"The {words} of {c.label}, {_when(m)}.", f"Who is the {words} of {_name(c)}?", key="member",
                   columns=["member", "startDate", "endDate"])


def build_lead_provider(m: Match) -> Reading | str:
    return _role_member(m, "LeadProvider", "lead provider")


def build_host(m: Match) -> Reading | str:
    return _role_member(m, "Host", "host")


_ROLES = [
    ("ChiefMedicalOfficer", "chief medical officer", [("chief", "medical", "officer"), ("cmo",)]),
    ("MedicalDirector", "medical director", [("medical", "director")]),
    ("ChiefExecutive", "chief executive", [("chief", "executive"), ("ceo",), ("chief", "exec")]),
    ("ClinicalLead", "clinical lead", [("clinical", "lead")]),
    ("Chair", "chair", [("chair",), ("chairs",), ("chaired",), ("chairman",), ("chairwoman",), ("chairperson",)]),
]
ROLE_WORDS = stems("chief medical officer cmo director executive ceo exec clinical lead chair chairs chaired "
                   "chairman chairwoman chairperson")


def build_people(m: Match) -> Reading | str:
    o = m.slots["organisation"]
    present = m.parse.stems
    found = []
    from pcgraph.questions.text import stem
    for local, words, phrases in _ROLES:
        for phrase in phrases:
            if all(stem(w) in present for w in phrase):
                found.append((local, words, phrase))
                break
    # "chief medical officer" also contains "chief" and "medical": keep the longest phrases only.
    if found:
        longest = max(len(p) for _, _, p in found)
        found = [f for f in found if len(f[2]) == longest] if longest > 1 else found
        covered = {stem(w) for _, _, p in found for w in p}
        if len(found) > 1 or (ROLE_WORDS & present) - covered - stems("lead"):
            return "more than one role named"
        local, words, _ = found[0]
        return Reading("people", "ask-people-in-role", {"organisation": o.iri, "role": PC + local,
                                                        "as_of": _day(m.as_of)},
                       f"Who holds the post of {words} in {o.display}, {_when(m)}.",
                       f"Who is the {words} of {_name(o)}?", key="person",
                       columns=["person", "startDate", "endDate"])
    if ROLE_WORDS & present:
        return "role not recognised"
    return Reading("people", "people-in-posts", {"organisation": o.iri, "as_of": _day(m.as_of)},
                   f"The people in posts in {o.display}, {_when(m)}.", f"Who holds posts in {_name(o)}?",
                   key="person", columns=["person", "roleLabel", "startDate", "endDate"])


# --- history ---------------------------------------------------------------------------

_SUCCESSOR_BEFORE = stems("replace replaced replaces acquire acquired acquires absorb absorbed absorbs took take "
                          "taken successor successors succeeded succeed")
_PREDECESSOR_BEFORE = stems("merge merged merging")
_FORMED = stems("form formed create created made")
_CLOSE = stems("close closed closes closing closure abolish abolished abolition dissolve dissolved cease ceased "
               "shut end ended disappear disappeared stop stopped")


def build_change(m: Match) -> Reading | str:
    o = m.slots["organisation"]
    at = m.mentions["organisation"].start
    successors = predecessors = False
    for i, s in m.parse.content:
        after = i > at
        if s in _CLOSE:
            successors = True
        elif s in stems("successor successors become became becomes"):
            if s in stems("become became becomes") and not after:
                predecessors = True
            else:
                successors = True
        elif s in stems("predecessor predecessors") or s in _FORMED:
            predecessors = True
        elif s in _SUCCESSOR_BEFORE:
            successors |= not after
            predecessors |= after
        elif s in _PREDECESSOR_BEFORE:
            predecessors |= not after
            successors |= after
    if successors == predecessors:
        return "direction of change unclear"
    if successors:
        key = "lastDay" if m.has("when", "date") and not m.has("replace", "replaced", "successor", "become",
                                                                "became", "merge", "merged") \
            and not _asks_what(m) else "successor"
        return Reading("successors", "ask-successors", {"organisation": o.iri},
                       f"What took over from {o.display} when it closed, merged or was abolished, and when.",
                       f"What replaced {_name(o)}?", key=key,
                       columns=[key] + [c for c in ["successor", "date", "changeLabel", "lastDay"] if c != key])
    return Reading("predecessors", "ask-predecessors", {"organisation": o.iri},
                   f"The organisations that merged into or were replaced by {o.display}, and when.",
                   f"What was {_name(o)} formed from?", key="predecessor",
                   columns=["predecessor", "date", "changeLabel"])


def _asks_what(m: Match) -> bool:
    """'... and into what?' asks for the successor as well as the date."""
    norms = [t.norm for t in m.parse.tokens]
    return "what" in norms[1:] or "whom" in norms or "which" in norms[1:]


def build_history(m: Match) -> Reading | str:
    o = m.slots["organisation"]
    return Reading("history", "organisation-history", {"organisation": o.iri},
                   f"The history of {o.display}: opening and closing, mergers and ICB links.",
                   f"What is the history of {_name(o)}?", key="related", answer="table",
                   columns=["related", "date", "what"])


def _span_build(m: Match, closing: bool) -> Reading | str:
    found = _class_of(m)
    if found is None:
        return "say which kind of organisation"
    if m.parse.when is None or m.parse.when.is_now:
        return "say when (a year, a month or a day)"
    local, plural, short = found
    when = m.parse.when
    params = {"class": PC + local, "from": _day(when.first), "to": _day(when.last)}
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


def build_closed_between(m: Match) -> Reading | str:
    return _span_build(m, True)


def build_opened_between(m: Match) -> Reading | str:
    return _span_build(m, False)


# --- the table -------------------------------------------------------------------------

def _kinds() -> list[Kind]:
    sector = Slot("sector", SECTOR, required=False)
    return [
        Kind("members", (Slot("collaborative", COLLAB), sector), (),
             MEMBER_WORDS | ORG_WORDS | TRUST_WORDS | stems("who current"), build_members,
             "Who are the members of {collaborative}?"),
        Kind("collaboratives-of", (Slot("organisation", ORG),), (COLLAB_WORDS | stems(" ".join(_MEMBERSHIP_CUES)),),
             MEMBER_WORDS | ORG_WORDS | JOIN_WORDS | stems("provider"), build_collaboratives_of,
             "Which collaboratives is {organisation} in?"),
        Kind("is-member", (Slot("organisation", ORG), Slot("collaborative", COLLAB)), (),
             MEMBER_WORDS | ORG_WORDS | TRUST_WORDS | stems("still"), build_is_member,
             "Is {organisation} a member of {collaborative}?", yes_no=True),
        Kind("in-many", (sector,), (COLLAB_WORDS,), MEMBER_WORDS | ORG_WORDS | TRUST_WORDS | stems("at once same time"),
             build_in_many, "Which organisations are in more than two collaboratives?", comparison="require"),
        Kind("collaboratives-by-size", (), (COLLAB_WORDS, MEMBER_WORDS | ORG_WORDS | TRUST_WORDS),
             stems("have has with"), build_collaboratives_by_size,
             "Which collaboratives have more than three members?", comparison="require"),
        Kind("no-collaborative", (sector,), (COLLAB_WORDS, TRUST_WORDS),
             MEMBER_WORDS | ORG_WORDS | stems("single yet"), build_trusts_in_no_collaborative,
             "Which trusts are in no provider collaborative?", negated=True),
        Kind("count-trusts-in-area", (Slot("area", AREA), sector), (TRUST_WORDS,),
             ORG_WORDS | stems("based located headquartered area there have has"), build_count_trusts_in_area,
             "How many trusts are in {area}?", counting=True),
        Kind("count-members", (Slot("collaborative", COLLAB),), (MEMBER_WORDS | ORG_WORDS | TRUST_WORDS,),
             stems("have has there"), build_count_members, "How many members does {collaborative} have?",
             counting=True),
        Kind("count-collaboratives-of", (Slot("organisation", ORG),), (COLLAB_WORDS,),
             MEMBER_WORDS | stems("provider"), build_count_collaboratives_of,
             "How many collaboratives is {organisation} in?", counting=True),
        Kind("count-class", (Slot("region", REGION, required=False), sector),
             (frozenset().union(*(c[0] for c in _CLASSES)),), _CLASS_EXTRA | stems("exist existed existing have has"),
             build_count_class, "How many ICBs are there?", counting=True),
        Kind("list-class", (Slot("region", REGION, required=False), sector),
             (frozenset().union(*(c[0] for c in _CLASSES)),),
             _CLASS_EXTRA | stems("exist existed existing all current"), build_list_class,
             "Which ICBs are there?"),
        Kind("trusts-in-area", (Slot("area", AREA), sector), (TRUST_WORDS | ORG_WORDS,),
             stems("based located headquartered area sit sits part covered operate operates within inside"),
             build_trusts_in_area,
             "Which trusts are in {area}?"),
        Kind("spanning-icbs", (), (COLLAB_WORDS, stems("icb icbs ics board boards system systems")),
             stems("span spans spanning cover covers covering cross crosses crossing across straddle straddles "
                   "multi boundary boundaries border borders between integrated care area areas work works operate "
                   "operates member members have has sit"), build_spanning_icbs,
             "Which collaboratives span more than one ICB?", comparison="allow"),
        Kind("spanning-regions", (), (COLLAB_WORDS, stems("region regions regional")),
             stems("span spans spanning cover covers covering cross crosses crossing across straddle straddles "
                   "multi boundary boundaries border borders between work works operate operates member members "
                   "have has sit"), build_spanning_regions,
             "Which collaboratives span more than one region?", comparison="allow"),
        Kind("icbs-of", (Slot("organisation", ORG),), (stems("icb icbs board boards ics"),),
             stems("integrated care system area based located headquartered headquarters sit sits belong belongs "
                   "part partner partners partnered constitution principal financial finance apportioned "
                   "apportionment funded funds")
             | stems("which what"), build_icbs_of, "Which ICB is {organisation} in?"),
        Kind("partners-of-icb", (Slot("icb", ICB),),
             (stems("partner partners partnered constitution constitutional principal apportioned apportionment"),),
             TRUST_WORDS | ORG_WORDS | stems("named name names financial finance its icb"), build_partners_of_icb,
             "Which trusts are partners of {icb}?"),
        Kind("region-of", (Slot("organisation", ORG),), (stems("region regions"),),
             stems("nhs england based located headquartered sit sits belong belongs part"), build_region_of,
             "Which region is {organisation} in?", dated="none"),
        Kind("collaboratives-in-icb", (Slot("icb", ICB),), (COLLAB_WORDS,),
             stems("within area operate operates based work works sit sits cover covers footprint active"),
             build_collaboratives_in_icb, "Which collaboratives are in {icb}?"),
        Kind("collaboratives-in-region", (Slot("region", REGION),), (COLLAB_WORDS,),
             stems("within area operate operates based work works sit sits cover covers active"),
             build_collaboratives_in_region, "Which collaboratives are in {region}?"),
        Kind("delegations-by", (Slot("delegator", ORG),), (DELEGATE_WORDS,),
             stems("function functions made make makes given give gives out budget budgets responsibility "
                   "responsibilities power powers") | ORG_WORDS | stems(" ".join(_RECEIVE)),
             build_delegations_by, "What has {delegator} delegated, and to whom?", dated="none"),
        Kind("delegations-to", (Slot("delegate", ORG | COLLAB | COMMITTEE),), (DELEGATE_WORDS,),
             stems("function functions given budget budgets responsibility responsibilities power powers")
             | stems(" ".join(_RECEIVE)), build_delegations_to, "What has been delegated to {delegate}?",
             dated="none"),
        Kind("delegations-between", (Slot("delegator", ORG), Slot("delegate", ORG | COLLAB)), (DELEGATE_WORDS,),
             stems("function functions made given budget budgets responsibility responsibilities power powers"),
             build_delegations_between, "What has {delegator} delegated to {delegate}?", dated="none"),
        Kind("delegations-of-function", (Slot("function", FUNCTION),), (DELEGATE_WORDS,),
             stems("body bodies organisation organisations receive received hold holds held") | ORG_WORDS,
             build_delegations_of_function, "Who has been delegated {function}?", dated="none"),
        Kind("delegations-of-function-by", (Slot("function", FUNCTION), Slot("delegator", ORG)), (DELEGATE_WORDS,),
             stems("body bodies organisation organisations function functions") | ORG_WORDS,
             build_delegations_of_function_by, "Who has {delegator} delegated {function} to?", dated="none"),
        Kind("accountable-delegations", (Slot("delegate", ORG | COLLAB | COMMITTEE),),
             (stems("accountable accountability answer answers answerable responsible responsibility"),
              DELEGATE_WORDS),
             ORG_WORDS | stems("ultimately function functions made"), build_accountable_for_delegations,
             "Who is accountable for the delegations to {delegate}?", dated="none"),
        Kind("accountable", (Slot("function", FUNCTION),),
             (stems("accountable accountability answer answers answerable responsible responsibility"),),
             ORG_WORDS | stems("ultimately"), build_accountable, "Who is accountable for {function}?",
             dated="none"),
        Kind("governance", (Slot("collaborative", COLLAB),),
             (stems("govern governed governance model models vehicle vehicles structure structured arrangement "
                    "arrangements committee committees decision decisions legal form run"),),
             stems("type kind use uses used have has make made take taken"), build_governance,
             "How is {collaborative} governed?"),
        Kind("by-governance", (), (COLLAB_WORDS, GOVERNANCE_WORDS),
             GOVERNANCE_WORDS | stems("model models vehicle vehicles use uses using used follow follows following "
                                      "have has with adopt adopted operate operates run governed through form "
                                      "structure decision decisions take"),
             build_by_governance, "Which collaboratives use a joint committee?", dated="none"),
        Kind("lead-provider", (Slot("collaborative", COLLAB),), (stems("lead leads led"),
                                                                  stems("provider trust organisation body")),
             stems("act acts acting role"), build_lead_provider, "Who is the lead provider of {collaborative}?"),
        Kind("host", (Slot("collaborative", COLLAB),), (stems("host hosts hosted hosting"),),
             ORG_WORDS | TRUST_WORDS | stems("act acts acting role"), build_host, "Who hosts {collaborative}?"),
        Kind("overlap", (Slot("collaborative", COLLAB), Slot("other", COLLAB)),
             (stems("overlap overlaps overlapping share shares shared sharing common intersection both"),),
             MEMBER_WORDS | ORG_WORDS | TRUST_WORDS | stems("between have"), build_overlap,
             "Which members do {collaborative} and {other} share?"),
        Kind("sharing", (Slot("collaborative", COLLAB),),
             (stems("overlap overlaps overlapping share shares shared sharing common"), COLLAB_WORDS | stems("other")),
             MEMBER_WORDS | ORG_WORDS | TRUST_WORDS | stems("have"), build_sharing,
             "Which collaboratives share members with {collaborative}?"),
        Kind("people", (Slot("organisation", ORG | COLLAB | COMMITTEE),),
             (ROLE_WORDS | stems("people person leader leaders leadership post posts officer officers"),),
             stems("hold holds held current serve serves serving run runs running"), build_people,
             "Who chairs {organisation}?"),
        Kind("change", (Slot("organisation", ORG),),
             (_CLOSE | _SUCCESSOR_BEFORE | _PREDECESSOR_BEFORE | _FORMED
              | stems("successor successors predecessor predecessors become became becomes"),),
             stems("when date what happened replacement over new icb icbs trust trusts organisation organisations "
                   "body bodies"), build_change, "What replaced {organisation}?",
             dated="none"),
        Kind("history", (Slot("organisation", ORG),), (stems("history happened happen timeline story past"),),
             stems("organisational change changes"), build_history, "What happened to {organisation}?",
             dated="none"),
        Kind("closed-between", (), (_CLOSE | stems("merge merged replace replaced"),
                                    frozenset().union(*(c[0] for c in _CLASSES))),
             _CLASS_EXTRA | stems("exist existing existed"), build_closed_between,
             "Which ICBs were abolished in April 2026?", dated="span"),
        Kind("opened-between", (), (stems("create created establish established open opened form formed new "
                                          "set"), frozenset().union(*(c[0] for c in _CLASSES))),
             _CLASS_EXTRA | stems("up"), build_opened_between, "Which ICBs were created in April 2026?",
             dated="span"),
        Kind("findings-about", (Slot("thing", ORG | COLLAB | COMMITTEE),), (FINDING_WORDS,),
             stems("any say says think thinks governance there about have has with find found"),
             build_findings_about, "What's wrong with {collaborative}?"),
        Kind("findings-rule", (), (TOPIC_WORDS,),
             FINDING_WORDS | TOPIC_WORDS | ORG_WORDS | TRUST_WORDS | COLLAB_WORDS | DELEGATE_WORDS
             | stems("have has with named any there function functions stated recorded going along"),
             build_findings_rule, "Which delegations have unclear accountability?", negated=None),
    ]


KINDS: list[Kind] = _kinds()
