"""Places: trusts in an ICB or region, collaboratives spanning or in an area, an organisation's
ICBs and region, an ICB's partners."""

from __future__ import annotations

from pcgraph.questions.grammar import PC, Match, Reading, stems
from pcgraph.questions.kinds.common import IN_PLACE, area_words, as_of_words, counts, day, name, sector_phrase
from pcgraph.questions.reasons import Reason


# --- places ----------------------------------------------------------------------------

def build_trusts_in_area(m: Match) -> Reading | Reason:
    area = m.slots["area"]
    params = {"area": area.iri, "as_of": day(m.as_of)}
    if "sector" in m.slots:
        params["sector"] = m.slots["sector"].iri
    where = area_words(area)
    return Reading("trusts-in-area", "trusts-in-area", params,
                   f"Open {sector_phrase(m)}NHS trusts {where}, {as_of_words(m)}.",
                   f"Which {sector_phrase(m)}trusts are in {name(area)}?", key="trust",
                   columns=["trust", "sectorLabel"])


def _spans(m: Match, what: str) -> Reading | Reason:
    comparison = m.parse.comparison
    if comparison is not None and not counts(m, SPAN_WORDS[what]):
        return Reason.NOT_COUNTING_AREAS
    if comparison is not None and comparison.at_least != 2:
        return Reason.SPAN_ICB_COUNT if what == "ICB" else Reason.SPAN_REGION_COUNT
    if comparison is None and not m.has("span", "spans", "spanning", "cover", "covers", "covering", "cross",
                                        "crosses", "crossing", "across", "straddle", "straddles", "multi",
                                        "boundary", "boundaries", "border", "borders", "between"):
        return Reason.NOT_ABOUT_SPANNING
    if what == "ICB":
        return Reading("spanning-icbs", "collaboratives-spanning-icbs",
                       {"as_of": day(m.as_of), "relation_kind": PC + "HeadquartersArea"},
                       f"Collaboratives whose members' headquarters lie in more than one ICB area, {as_of_words(m)}.",
                       "Which collaboratives span more than one ICB?", key="collaborative",
                       columns=["collaborative", "icbCount", "icbs"])
    return Reading("spanning-regions", "collaboratives-spanning-regions", {"as_of": day(m.as_of)},
                   f"Collaboratives whose members belong to more than one NHS England region, {as_of_words(m)}.",
                   "Which collaboratives span more than one region?", key="collaborative",
                   columns=["collaborative", "regionCount", "regions"])


SPAN_WORDS = {"ICB": stems("icb icbs ics board boards integrated system systems area areas"),
              "region": stems("region regions")}


def build_spanning_icbs(m: Match) -> Reading | Reason:
    return _spans(m, "ICB")


def build_spanning_regions(m: Match) -> Reading | Reason:
    return _spans(m, "region")


_RELATION_WORDS = [
    (stems("partner partners partnered constitution"), "ConstitutionPartner", "names it a partner in its constitution"),
    (stems("principal financial finance apportioned apportionment funded funds"), "PrincipalICB",
     "is its principal ICB for finance"),
]


def build_icbs_of(m: Match) -> Reading | Reason:
    o = m.slots["organisation"]
    if o.kinds & {"icb", "region", "national"}:
        return Reason.ICBS_OF_AN_AREA
    chosen = [(local, words) for group, local, words in _RELATION_WORDS if group & m.parse.stems]
    if len(chosen) > 1:
        return Reason.TWO_ICB_LINKS
    local, words = chosen[0] if chosen else ("HeadquartersArea", "holds its headquarters in its area")
    return Reading("icbs-of", "ask-icbs-of-organisation",
                   {"organisation": o.iri, "relation_kind": PC + local, "as_of": day(m.as_of)},
                   f"The ICB that {words}, for {o.display}, {as_of_words(m)}.",
                   f"Which ICB is {name(o)} in?" if local == "HeadquartersArea"
                   else f"Which ICBs is {name(o)} a partner of?" if local == "ConstitutionPartner"
                   else f"What is the principal ICB of {name(o)}?", key="icb",
                   columns=["icb", "startDate", "endDate"])


def build_partners_of_icb(m: Match) -> Reading | Reason:
    icb = m.slots["icb"]
    if m.has("principal", "financial", "finance", "apportioned", "apportionment"):
        local, words = "PrincipalICB", "apportioned to it for finance"
    else:
        local, words = "ConstitutionPartner", "named partners in its constitution"
    return Reading("partners-of-icb", "ask-partners-of-icb",
                   {"icb": icb.iri, "relation_kind": PC + local, "as_of": day(m.as_of)},
                   f"The organisations {words} of {icb.label}, {as_of_words(m)}.",
                   f"Which trusts are partners of {name(icb)}?", key="organisation",
                   columns=["organisation", "startDate", "endDate"])


def build_region_of(m: Match) -> Reading | Reason:
    o = m.slots["organisation"]
    if o.kinds & {"region", "national"}:
        return Reason.REGION_OF_A_REGION
    return Reading("region-of", "ask-region-of-organisation", {"organisation": o.iri},
                   f"The NHS England region of {o.display}.", f"Which region is {name(o)} in?", key="region",
                   columns=["region"])


def build_collaboratives_in_icb(m: Match) -> Reading | Reason:
    icb = m.slots["icb"]
    if m.parse.word_before(m.mentions["icb"].start) not in IN_PLACE | {"of", "for", "cover", "covers"}:
        return Reason.ICB_AS_MEMBER
    return Reading("collaboratives-in-icb", "collaboratives-in-icb", {"icb": icb.iri, "as_of": day(m.as_of)},
                   f"Collaboratives whose footprint is the area of {icb.label}, or with a member headquartered "
                   f"there, {as_of_words(m)}.", f"Which collaboratives are in {name(icb)}?", key="collaborative",
                   columns=["collaborative", "basis"])


def build_collaboratives_in_region(m: Match) -> Reading | Reason:
    region = m.slots["region"]
    if m.parse.word_before(m.mentions["region"].start) not in IN_PLACE | {"of", "for", "cover", "covers"}:
        return Reason.REGION_AS_MEMBER
    return Reading("collaboratives-in-region", "ask-collaboratives-in-region",
                   {"region": region.iri, "as_of": day(m.as_of)},
                   f"Collaboratives with a member in the {region.label} region, or whose footprint lies in it, "
                   f"{as_of_words(m)}.", f"Which collaboratives are in {name(region)}?", key="collaborative",
                   columns=["collaborative"])
