"""Governance and people: models and vehicles, lead providers and hosts, people in posts."""

from __future__ import annotations

from pcgraph.questions.grammar import PC, Match, Reading, stems
from pcgraph.questions.kinds.common import as_of_words, day, name
from pcgraph.questions.reasons import Reason


# --- governance and people -------------------------------------------------------------

def build_governance(m: Match) -> Reading | Reason | None:
    c = m.slots["collaborative"]
    if m.parse.tokens[0].norm in {"who", "whom"}:
        return None  # "Who runs X?" asks for a body or a person, not how X is governed
    key = "governanceModels"
    if m.has("vehicle", "legal", "form"):
        key = "vehicles"
    elif m.has("committee", "committees"):
        key = "committees"
    return Reading("governance", "collaborative-governance", {"collaborative": c.iri, "as_of": day(m.as_of)},
                   f"How {c.label} is governed: model, vehicle, committees, lead provider and host, {as_of_words(m)}.",
                   f"How is {name(c)} governed?", key=key, answer="table",
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


def build_by_governance(m: Match) -> Reading | Reason:
    from pcgraph.questions.text import stem

    present = m.parse.stems
    found = {(what, local, words) for what, local, words, need, veto in _GOVERNANCE
             if all(stem(w) in present for w in need) and not any(stem(w) in present for w in veto)}
    if len({local for _, local, _ in found}) != 1:
        return Reason.SAY_ONE_GOVERNANCE
    what, local, words = found.pop()
    query = "ask-collaboratives-by-governance-model" if what == "model" else "ask-collaboratives-by-vehicle"
    return Reading("by-governance", query, {what: PC + local},
                   f"Collaboratives recorded as using {words}.", f"Which collaboratives use {words}?",
                   key="collaborative", columns=["collaborative"])


def _role_member(m: Match, role: str, words: str) -> Reading:
    c = m.slots["collaborative"]
    return Reading(f"{role.lower()}", "ask-members-with-role",
                   {"collaborative": c.iri, "role": PC + role, "as_of": day(m.as_of)},
                   f"The {words} of {c.label}, {as_of_words(m)}.", f"Who is the {words} of {name(c)}?", key="member",
                   columns=["member", "startDate", "endDate"])


def build_lead_provider(m: Match) -> Reading | Reason | None:
    if m.parse.tokens[0].norm == "how":
        return None  # "How is X run?" asks how it is governed
    return _role_member(m, "LeadProvider", "lead provider")


def build_host(m: Match) -> Reading | Reason:
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


def role_named(m: Match) -> tuple[str, str] | Reason | None:
    """The post role the question names, None when it names none, or why it cannot tell."""
    from pcgraph.questions.text import stem

    present = m.parse.stems
    found = []
    for local, words, phrases in _ROLES:
        for phrase in phrases:
            if all(stem(w) in present for w in phrase):
                found.append((local, words, phrase))
                break
    if not found:
        return Reason.ROLE_NOT_KNOWN if ROLE_WORDS & present else None
    # "chief medical officer" also contains "chief" and "medical": keep the longest phrases only.
    longest = max(len(p) for _, _, p in found)
    found = [f for f in found if len(f[2]) == longest] if longest > 1 else found
    covered = {stem(w) for _, _, p in found for w in p}
    if len(found) > 1 or (ROLE_WORDS & present) - covered - stems("lead"):
        return Reason.TWO_ROLES
    local, words, _ = found[0]
    return local, words


def build_people(m: Match) -> Reading | Reason | None:
    o = m.slots["organisation"]
    if m.parse.tokens[0].norm == "how":
        return None  # "How is X run?" asks how it is governed
    role = role_named(m)
    if isinstance(role, str):
        return role
    if role is not None:
        local, words = role
        return Reading("people", "ask-people-in-role", {"organisation": o.iri, "role": PC + local,
                                                        "as_of": day(m.as_of)},
                       f"Who holds the post of {words} in {o.display}, {as_of_words(m)}.",
                       f"Who is the {words} of {name(o)}?", key="person",
                       columns=["person", "startDate", "endDate"])
    return Reading("people", "people-in-posts", {"organisation": o.iri, "as_of": day(m.as_of)},
                   f"The people in posts in {o.display}, {as_of_words(m)}.", f"Who holds posts in {name(o)}?",
                   key="person", columns=["person", "roleLabel", "startDate", "endDate"])


def build_posts_of(m: Match) -> Reading | Reason:
    person = m.slots["person"]
    role = role_named(m)
    if isinstance(role, str):
        return role
    params = {"person": person.iri, "as_of": day(m.as_of)}
    what = "The posts"
    if role is not None:
        params["role"] = PC + role[0]
        what = f"The {role[1]} posts"
    return Reading("posts-of", "ask-posts-of-person", params, f"{what} {person.label} holds, {as_of_words(m)}.",
                   f"What posts does {person.label} hold?", key="organisation",
                   columns=["organisation", "roleLabel", "startDate", "endDate"])
