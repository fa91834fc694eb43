"""Counting and listing: how many trusts, members, collaboratives; which ICBs or regions there are."""

from __future__ import annotations

from pcgraph.questions.grammar import PC, Match, Reading
from pcgraph.questions.kinds.common import (
    area_words, as_member, as_of_words, class_of, classes_named, collaborative_class, day, name, sector_phrase,
)
from pcgraph.questions.reasons import Reason


# --- counting --------------------------------------------------------------------------

def build_count_trusts_in_area(m: Match) -> Reading | Reason:
    area = m.slots["area"]
    params = {"area": area.iri, "as_of": day(m.as_of)}
    if "sector" in m.slots:
        params["sector"] = m.slots["sector"].iri
    where = area_words(area)
    return Reading("count-trusts-in-area", "ask-count-trusts-in-area", params,
                   f"The number of open {sector_phrase(m)}NHS trusts {where}, {as_of_words(m)}.",
                   f"How many {sector_phrase(m)}trusts are in {name(area)}?", key="count", answer="count",
                   columns=["count"])


def build_count_members(m: Match) -> Reading | Reason:
    c = m.slots["collaborative"]
    trusts = m.has("trust", "trusts", "hospital")
    return Reading("count-members", "ask-count-members",
                   {"collaborative": c.iri, "trusts_only": "true" if trusts else "false", "as_of": day(m.as_of)},
                   f"The number of {'NHS trusts' if trusts else 'organisations'} that are members of {c.label}, "
                   f"{as_of_words(m)}.", f"How many {'trusts' if trusts else 'members'} does {name(c)} have?",
                   key="count", answer="count", columns=["count"])


def build_count_collaboratives_of(m: Match) -> Reading | Reason:
    o = m.slots["organisation"]
    reason = as_member(m, "organisation")
    if reason:
        return reason
    params = {"organisation": o.iri, "as_of": day(m.as_of)}
    kind = collaborative_class(m, params)
    return Reading("count-collaboratives-of", "ask-count-collaboratives-of-organisation", params,
                   f"The number of {kind}s {o.display} belongs to, {as_of_words(m)}.",
                   f"How many {kind}s is {name(o)} in?", key="count", answer="count", columns=["count"])


# Words naming a class of thing, most specific first.
def _class_params(m: Match, verb: str) -> tuple[dict, str, str, str] | Reason:
    """Parameters for a question about a class of thing (optionally in a region or of a sector)."""
    found = class_of(m)
    if found is None:
        return Reason.SAY_WHAT_TO_COUNT if verb == "count" else Reason.SAY_WHAT_TO_LIST
    if len(classes_named(m)) > 1:
        # "Which community trusts are in a collaborative?": listing every trust would drop the collaborative.
        return Reason.TWO_CLASSES
    local, plural, short = found
    if "region" in m.slots and local == "NHSTrust":
        return Reason.TRUSTS_IN_REGION
    if "region" in m.slots and local in {"ProviderCollaborative", "Collaborative"}:
        return Reason.COLLABORATIVES_IN_REGION
    params = {"class": PC + local, "as_of": day(m.as_of)}
    where = ""
    if "region" in m.slots:
        params["region"] = m.slots["region"].iri
        where = f" in {m.slots['region'].label}"
    if "sector" in m.slots:
        params["sector"] = m.slots["sector"].iri
    return params, plural, short, where


def build_count_class(m: Match) -> Reading | Reason:
    found = _class_params(m, "count")
    if isinstance(found, str):
        return found
    params, plural, short, where = found
    return Reading("count-class", "ask-count-things-of-class", params,
                   f"The number of {sector_phrase(m)}{plural}{where} in existence {as_of_words(m)}.",
                   f"How many {sector_phrase(m)}{short} are there{where}?", key="count", answer="count",
                   columns=["count"])


def build_list_class(m: Match) -> Reading | Reason:
    plural = any(t.norm.endswith("s") and t.norm not in {"is", "was", "has", "does"}
                 for i, t in enumerate(m.parse.tokens) if any(i == j for j, _ in m.parse.content))
    if not plural:
        return Reason.ONE_THING_NOT_A_LIST
    found = _class_params(m, "list")
    if isinstance(found, str):
        return found
    params, plural, short, where = found
    return Reading("list-class", "ask-things-of-class", params,
                   f"The {sector_phrase(m)}{plural}{where} in existence {as_of_words(m)}.",
                   f"Which {sector_phrase(m)}{short} are there{where}?", key="thing",
                   columns=["thing", "startDate", "endDate"])
