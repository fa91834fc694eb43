"""The kinds of question pcgraph answers, each compiled to a canned query with bound parameters.

Each builder turns a matched question into a ``Reading``: the canned query's name, its
parameters as text (full IRIs, ISO dates), a sentence saying how the question was read,
and a canonical phrasing that reads back to the same query (used for clarifying options
and suggestions). A builder returns a ``Reason`` instead when the question fits the kind
but cannot be answered exactly (say, "fewer than two collaboratives"); what the asker is
then told is written in ``pcgraph.questions.reasons``.
"""

from __future__ import annotations

from pcgraph.questions.attributes import ATTRIBUTE_WORDS, named
from pcgraph.questions.findings import FINDING_WORDS, TOPIC_WORDS, build_findings_about, build_findings_rule
from pcgraph.questions.grammar import Kind, Slot, stems
from pcgraph.questions.kinds.common import (
    AREA, CLASSES, CLASS_EXTRA, COLLAB, COLLAB_WORDS, COMMITTEE, DELEGATE_WORDS, FUNCTION, ICB, JOIN_WORDS,
    MEMBERSHIP_CUES, MEMBER_WORDS, ORG, ORG_WORDS, REGION, SECTOR, TRUST_WORDS,
)
from pcgraph.questions.kinds.counting import (
    build_count_class, build_count_collaboratives_of, build_count_members, build_count_trusts_in_area,
    build_list_class,
)
from pcgraph.questions.kinds.delegation import (
    RECEIVE, build_accountable, build_accountable_for_delegations, build_accountable_for_delegations_by,
    build_delegations_between, build_delegations_by, build_delegations_of_function, build_delegations_of_function_by,
    build_delegations_to,
)
from pcgraph.questions.kinds.facts import ASKING, THING_WORDS, build_attribute
from pcgraph.questions.kinds.governance import (
    GOVERNANCE_WORDS, ROLE_WORDS, build_by_governance, build_governance, build_host, build_lead_provider,
    build_people, build_posts_of,
)
from pcgraph.questions.kinds.history import (
    CLOSE, FORMED, PREDECESSOR_BEFORE, SUCCESSOR_BEFORE, build_change, build_closed_between, build_history,
    build_opened_between,
)
from pcgraph.questions.kinds.membership import (
    build_co_members, build_collaboratives_by_size, build_collaboratives_of, build_empty_collaboratives,
    build_in_many, build_in_some_collaborative, build_members_per_collaborative, build_is_member, build_members,
    build_overlap, build_sharing, build_trusts_in_no_collaborative,
)
from pcgraph.questions.kinds.places import (
    build_collaboratives_in_icb, build_collaboratives_in_region, build_icbs_of, build_partners_of_icb,
    build_region_of, build_spanning_icbs, build_spanning_regions, build_trusts_in_area,
)


# --- the table -------------------------------------------------------------------------

def _kinds() -> list[Kind]:
    sector = Slot("sector", SECTOR, required=False)
    area = Slot("area", AREA, required=False)
    return [
        Kind("members", (Slot("collaborative", COLLAB), sector), (),
             MEMBER_WORDS | ORG_WORDS | TRUST_WORDS | stems("who current"), build_members,
             "Who are the members of {collaborative}?"),
        Kind("collaboratives-of", (Slot("organisation", ORG),), (COLLAB_WORDS | stems(" ".join(MEMBERSHIP_CUES)),),
             MEMBER_WORDS | ORG_WORDS | JOIN_WORDS | stems("provider"), build_collaboratives_of,
             "Which collaboratives is {organisation} in?"),
        Kind("is-member", (Slot("organisation", ORG), Slot("collaborative", COLLAB)), (),
             MEMBER_WORDS | ORG_WORDS | TRUST_WORDS | stems("still lead leads led host hosts hosted hosting role got"),
             build_is_member,
             "Is {organisation} a member of {collaborative}?", yes_no=True),
        Kind("in-many", (sector, area), (COLLAB_WORDS,), MEMBER_WORDS | ORG_WORDS | TRUST_WORDS | stems("at once same time"),
             build_in_many, "Which organisations are in more than two collaboratives?", comparison="require"),
        Kind("co-members", (Slot("organisation", ORG),), (COLLAB_WORDS,),
             MEMBER_WORDS | ORG_WORDS | TRUST_WORDS | stems("who share shares shared sharing same together "
                                                            "alongside with fellow other others else provider"),
             build_co_members, "Which trusts share a collaborative with {organisation}?"),
        Kind("in-some-collaborative", (sector, area), (COLLAB_WORDS, TRUST_WORDS | ORG_WORDS),
             MEMBER_WORDS | stems("provider"), build_in_some_collaborative,
             "Which acute trusts are in a collaborative?"),
        Kind("empty-collaboratives", (), (COLLAB_WORDS, MEMBER_WORDS | ORG_WORDS | TRUST_WORDS),
             stems("have has with any recorded provider"), build_empty_collaboratives,
             "Which collaboratives have no members?", negated=True),
        Kind("members-per-collaborative", (), (COLLAB_WORDS, MEMBER_WORDS | ORG_WORDS | TRUST_WORDS,
                                               stems("each every per")),
             stems("have has with provider"), build_members_per_collaborative,
             "How many members does each collaborative have?", counting=True),
        Kind("collaboratives-by-size", (), (COLLAB_WORDS, MEMBER_WORDS | ORG_WORDS | TRUST_WORDS),
             stems("have has with"), build_collaboratives_by_size,
             "Which collaboratives have more than three members?", comparison="require"),
        Kind("no-collaborative", (sector, area), (COLLAB_WORDS, TRUST_WORDS),
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
             (frozenset().union(*(c[0] for c in CLASSES)),), CLASS_EXTRA | stems("exist existed existing have has"),
             build_count_class, "How many ICBs are there?", counting=True),
        Kind("list-class", (Slot("region", REGION, required=False), sector),
             (frozenset().union(*(c[0] for c in CLASSES)),),
             CLASS_EXTRA | stems("exist existed existing all current"), build_list_class,
             "Which ICBs are there?"),
        Kind("trusts-in-area", (Slot("area", AREA), sector), (TRUST_WORDS | ORG_WORDS,),
             stems("based located headquartered area sit sits part covered operate operates within inside serve"),
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
             stems("integrated care system area based located headquartered headquarters sit sits belong belongs cover serve "
                   "part partner partners partnered constitution principal financial finance apportioned "
                   "apportionment funded funds")
             | stems("which what"), build_icbs_of, "Which ICB is {organisation} in?"),
        Kind("partners-of-icb", (Slot("icb", ICB),),
             (stems("partner partners partnered constitution constitutional principal apportioned apportionment"),),
             TRUST_WORDS | ORG_WORDS | stems("named name names financial finance its icb"), build_partners_of_icb,
             "Which trusts are partners of {icb}?"),
        Kind("region-of", (Slot("organisation", ORG),), (stems("region regions"),),
             stems("nhs england based located headquartered sit sits belong belongs part cover"), build_region_of,
             "Which region is {organisation} in?", dated="none"),
        Kind("collaboratives-in-icb", (Slot("icb", ICB),), (COLLAB_WORDS,),
             stems("within area operate operates based work works sit sits cover covers footprint active"),
             build_collaboratives_in_icb, "Which collaboratives are in {icb}?"),
        Kind("collaboratives-in-region", (Slot("region", REGION),), (COLLAB_WORDS,),
             stems("within area operate operates based work works sit sits cover covers active"),
             build_collaboratives_in_region, "Which collaboratives are in {region}?"),
        Kind("delegations-by", (Slot("delegator", ORG),), (DELEGATE_WORDS,),
             stems("function functions made make makes given give gives out budget budgets responsibility "
                   "responsibilities power powers") | ORG_WORDS | stems(" ".join(RECEIVE)),
             build_delegations_by, "What has {delegator} delegated, and to whom?", dated="none"),
        Kind("delegations-to", (Slot("delegate", ORG | COLLAB | COMMITTEE),), (DELEGATE_WORDS,),
             stems("function functions given budget budgets responsibility responsibilities power powers")
             | stems(" ".join(RECEIVE)), build_delegations_to, "What has been delegated to {delegate}?",
             dated="none"),
        Kind("delegations-between", (Slot("delegator", ORG), Slot("delegate", ORG | COLLAB)), (DELEGATE_WORDS,),
             stems("function functions made given budget budgets responsibility responsibilities power powers"),
             build_delegations_between, "What has {delegator} delegated to {delegate}?", dated="none"),
        Kind("delegations-of-function", (Slot("function", FUNCTION),), (DELEGATE_WORDS,),
             stems("body bodies organisation organisations receive received hold holds held cover covers covering "
                   "concern concerns involve involves involving") | ORG_WORDS,
             build_delegations_of_function, "Who has been delegated {function}?", dated="none"),
        Kind("delegations-of-function-by", (Slot("function", FUNCTION), Slot("delegator", ORG)), (DELEGATE_WORDS,),
             stems("body bodies organisation organisations function functions") | ORG_WORDS,
             build_delegations_of_function_by, "Who has {delegator} delegated {function} to?", dated="none"),
        Kind("accountable-delegations", (Slot("delegate", ORG | COLLAB | COMMITTEE),),
             (stems("accountable accountability answer answers answerable responsible responsibility"),
              DELEGATE_WORDS | stems("receive receives received receiving")),
             ORG_WORDS | stems("ultimately function functions made") | stems(" ".join(RECEIVE)),
             build_accountable_for_delegations, "Who is accountable for the delegations to {delegate}?",
             dated="none"),
        Kind("accountable-delegations-by", (Slot("delegator", ORG | COLLAB | COMMITTEE),),
             (stems("accountable accountability answer answers answerable responsible responsibility"),
              DELEGATE_WORDS),
             ORG_WORDS | stems("ultimately function functions made") | stems(" ".join(RECEIVE)),
             build_accountable_for_delegations_by, "Who is accountable for the delegations made by {delegator}?",
             dated="none"),
        Kind("accountable", (Slot("function", FUNCTION),),
             (stems("accountable accountability answer answers answerable responsible responsibility"),),
             ORG_WORDS | stems("ultimately"), build_accountable, "Who is accountable for {function}?"),
        Kind("governance", (Slot("collaborative", COLLAB),),
             (stems("govern governed governance model models vehicle vehicles structure structured arrangement "
                    "arrangements committee committees decision decisions legal form run"),),
             stems("type kind use uses used have has make made take taken follow follows followed adopt adopts "
                   "adopted operate operates under"), build_governance,
             "How is {collaborative} governed?"),
        Kind("by-governance", (), (COLLAB_WORDS, GOVERNANCE_WORDS),
             GOVERNANCE_WORDS | stems("model models vehicle vehicles use uses using used follow follows following "
                                      "have has with adopt adopted operate operates run governed through form "
                                      "structure decision decisions take"),
             build_by_governance, "Which collaboratives use a joint committee?", dated="none"),
        # "Who leads X?" of a collaborative asks for the provider that leads it.
        Kind("lead-provider", (Slot("collaborative", COLLAB),), (stems("lead leads led leading run runs running"),),
             stems("provider trust organisation body act acts acting role"), build_lead_provider,
             "Who is the lead provider of {collaborative}?"),
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
             (ROLE_WORDS | stems("people person leader leaders leadership post posts officer officers run runs "
                                 "running"),),
             stems("hold holds held current serve serves serving run runs running"), build_people,
             "Who chairs {organisation}?"),
        Kind("posts-of", (Slot("person", frozenset({"person"})),),
             (ROLE_WORDS | stems("post posts role roles job jobs position positions hold holds held who work works"),),
             stems("what which where organisation organisations collaborative collaboratives is does do"),
             build_posts_of, "What posts does {person} hold?"),
        Kind("change", (Slot("organisation", ORG),),
             (CLOSE | SUCCESSOR_BEFORE | PREDECESSOR_BEFORE | FORMED
              | stems("successor successors predecessor predecessors become became becomes"),),
             stems("when date what happened replacement over new icb icbs trust trusts organisation organisations "
                   "body bodies"), build_change, "What replaced {organisation}?",
             dated="none"),
        Kind("history", (Slot("organisation", ORG),), (stems("history happened happen timeline story past"),),
             stems("organisational change changes"), build_history, "What happened to {organisation}?",
             dated="none"),
        Kind("closed-between", (), (CLOSE | stems("merge merged replace replaced"),
                                    frozenset().union(*(c[0] for c in CLASSES))),
             CLASS_EXTRA | stems("exist existing existed"), build_closed_between,
             "Which ICBs were abolished in April 2026?", dated="span"),
        Kind("opened-between", (), (stems("create created establish established open opened form formed new "
                                          "set"), frozenset().union(*(c[0] for c in CLASSES))),
             CLASS_EXTRA | stems("up"), build_opened_between, "Which ICBs were created in April 2026?",
             dated="span"),
        Kind("attribute", (Slot("thing", ORG | COLLAB | COMMITTEE),), (ATTRIBUTE_WORDS,), ASKING | THING_WORDS,
             build_attribute, "What is the headquarters postcode of {organisation}?", dated="none", requires=named),
        Kind("findings-about", (Slot("thing", ORG | COLLAB | COMMITTEE),), (FINDING_WORDS,),
             stems("any say says think thinks governance there about have has with find found") | DELEGATE_WORDS,
             build_findings_about, "What's wrong with {collaborative}?"),
        Kind("findings-rule", (), (TOPIC_WORDS,),
             FINDING_WORDS | TOPIC_WORDS | ORG_WORDS | TRUST_WORDS | COLLAB_WORDS | DELEGATE_WORDS
             | stems("have has with named any there function functions stated recorded going along attached "
                     "assigned allocated given round"),
             build_findings_rule, "Which delegations have unclear accountability?", negated=None),
    ]


KINDS: list[Kind] = _kinds()

# Every word some kind of question can explain.
KIND_WORDS: frozenset[str] = frozenset().union(*(k.vocabulary for k in KINDS))
