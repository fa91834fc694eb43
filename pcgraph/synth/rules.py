"""The governance rules, checked directly on a synthetic nation before it is written.

This is the generator's own proof that it planted what its manifest says and nothing
else: every rule is evaluated on the in-memory model and the findings must equal the
planted breaches exactly, or generation stops with an error. It is not the validator
(that runs SHACL on RDF); it reads each rule in the plainest way and, where a rule can be
read two ways (do the active memberships of a closed organisation count?), the nation
must give the same findings under both readings.

Temporal rules are read on 1 April 2026; nothing in a synthetic nation changes after
that day, so the findings hold on any later date too.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import combinations

from pcgraph.synth import shape
from pcgraph.synth.model import Nation

RULES = (
    "min-members", "mandate", "overlap-count", "overlap-duplicate", "accountability-missing",
    "accountability-multiple", "dual-reporting", "delegate-capacity", "delegator-lifetime",
    "delegation-footprint", "delegation-duplicate", "delegation-budget", "delegation-cycle",
    "lead-provider", "membership-dates", "membership-lifetime", "purpose", "representation", "ods-code",
)
ODS_CODE = re.compile(r"[A-Z0-9]{3,6}")
DAY = shape.REORGANISATION


def findings(nation: Nation, *, count_closed_members: bool, day: str = DAY) -> dict[str, set[str]]:
    """Focus nodes (IRI paths) that break each rule on ``day``."""
    found: dict[str, set[str]] = {rule: set() for rule in RULES}
    orgs = nation.orgs

    def counts(member: str) -> bool:
        return count_closed_members or orgs[member].open_on(day)

    members: dict[str, set[str]] = {}
    for collab in nation.collaboratives.values():
        members[collab.path] = {m.member for m in collab.memberships if m.active_on(day) and counts(m.member)}

    # Membership rules
    in_provider_collaborative: set[str] = set()
    held: Counter[str] = Counter()
    for collab in nation.collaboratives.values():
        active = members[collab.path]
        trusts = [m for m in active if orgs[m].is_trust]
        if len(active) < 2 or (collab.cls == "ProviderCollaborative" and len(trusts) < 2):
            found["min-members"].add(collab.path)
        held.update(active)
        if collab.cls == "ProviderCollaborative":
            in_provider_collaborative |= active
        if collab.purpose is None and not collab.objectives:
            found["purpose"].add(collab.path)
        if collab.cls == "ProviderCollaborative" and collab.scale == "SystemWide" and not any(
                orgs[m].sector in ("MentalHealth", "Community") for m in active):
            found["representation"].add(collab.path)
        if "ModelLeadProvider" in collab.models:
            leads = [m for m in collab.memberships if "LeadProvider" in m.roles and m.active_on(day)]
            # A lead provider is a member in that role; it breaks the rule only as an associate.
            if len(leads) != 1 or any("Associate" in m.roles for m in leads):
                found["lead-provider"].add(collab.path)
        for membership in collab.memberships:
            if membership.start and membership.end and membership.start > membership.end:
                found["membership-dates"].add(membership.path)
            member = orgs[membership.member]
            if (member.end and (membership.end is None or membership.end > member.end)) or \
                    (member.start and membership.start and membership.start < member.start):
                found["membership-lifetime"].add(membership.path)
    for org in orgs.values():
        if org.is_trust and org.open_on(day) and org.sector in ("Acute", "MentalHealth", "Specialist") \
                and org.path not in in_provider_collaborative:
            found["mandate"].add(org.path)
    found["overlap-count"] = {m for m, n in held.items() if n > shape.OVERLAP_MAX}
    by_member: dict[str, list[str]] = defaultdict(list)
    for path, active in members.items():
        for member in active:
            by_member[member].append(path)
    pairs = {tuple(sorted(p)) for paths in by_member.values() for p in combinations(paths, 2)}
    for a, b in pairs:
        if len(members[a] & members[b]) / len(members[a] | members[b]) >= shape.JACCARD_FINDING:
            found["overlap-duplicate"] |= {a, b}

    # Delegation rules
    areas = {(r.org, r.icb) for r in nation.relations
             if (r.start is None or r.start <= day) and (r.end is None or r.end >= day)}
    by_pair = defaultdict(list)
    for d in nation.delegations.values():
        if not d.accountable:
            found["accountability-missing"].add(d.path)
        elif len(set(d.accountable)) > 1:
            found["accountability-multiple"].add(d.path)
        if d.budget is None and d.resource is None:
            found["delegation-budget"].add(d.path)
        delegate = d.delegate
        if delegate in nation.collaboratives:
            collab = nation.collaboratives[delegate]
            has_lead = any("LeadProvider" in m.roles and m.active_on(day) for m in collab.memberships)
            if collab.committee is None and not has_lead:
                found["delegate-capacity"].add(d.path)
        delegator = orgs.get(d.delegator) or nation.committees.get(d.delegator)
        if delegator is not None:
            ended = getattr(delegator, "end", None)
            outlived = d.active_on(day) and ended is not None and ended < day
            outside = (delegator.start and d.start < delegator.start) or \
                (ended and (d.end is None or d.end > ended))
            if outlived or outside:
                found["delegator-lifetime"].add(d.path)
        if d.delegator in orgs and orgs[d.delegator].cls == "IntegratedCareBoard" and d.active_on(day) \
                and orgs[d.delegator].open_on(day):
            # Read on the day, while the ICB exists: the delegate, or an active member of it,
            # lies in the ICB's area then.
            if delegate in orgs:
                served = {delegate}
            else:
                collab_path = nation.committees[delegate].of if delegate in nation.committees else delegate
                served = members[collab_path]
            footprint = nation.collaboratives[delegate].footprints if delegate in nation.collaboratives else ()
            if d.delegator not in footprint and not any((m, d.delegator) in areas for m in served):
                found["delegation-footprint"].add(d.path)
        by_pair[(d.delegator, d.function)].append(d)
    for group in by_pair.values():
        for a, b in combinations(group, 2):
            if a.delegate != b.delegate and overlap(a, b):
                found["delegation-duplicate"] |= {a.path, b.path}
    # Implied chains: the delegate hands the same function on, for an overlapping period,
    # back to the delegator in two steps or three.
    onward = defaultdict(list)
    for d in nation.delegations.values():
        onward[(d.delegator, d.function)].append(d)
    for d in nation.delegations.values():
        for via in onward[(d.delegate, d.function)]:
            if via.delegate == d.delegator and via is not d and d.delegator != d.delegate and overlap(d, via):
                found["delegation-cycle"].add(d.path)
            for back in onward[(via.delegate, d.function)]:
                if back.delegate == d.delegator and len({d.delegator, d.delegate, via.delegate}) == 3 \
                        and overlap(d, via) and overlap(via, back) and overlap(d, back):
                    found["delegation-cycle"].add(d.path)
    for d in nation.delegations.values():
        seen, current = set(), d
        while current is not None and current.sub_of and current.path not in seen:
            seen.add(current.path)
            current = nation.delegations.get(current.sub_of)
            if current is not None and current.path == d.path:
                found["delegation-cycle"].add(d.path)

    # Reporting lines
    lines = defaultdict(list)
    for line in nation.lines:
        if line.active_on(day):
            lines[line.body].append(line)
    for body, its in lines.items():
        if len({line.to for line in its}) > 1 and not any(line.primary for line in its):
            found["dual-reporting"].add(body)

    # ODS codes
    codes = Counter(o.code for o in orgs.values() if o.code is not None)
    for org in orgs.values():
        if org.code is not None and (not ODS_CODE.fullmatch(org.code) or codes[org.code] > 1):
            found["ods-code"].add(org.path)
    return found


def overlap(a, b) -> bool:
    """Whether two dated things are in force on some day in common."""
    return a.start <= (b.end or "9999") and b.start <= (a.end or "9999")


# What each rule looks at, to state planted counts as a share of it.
CHECKED = {
    "min-members": "collaboratives", "overlap-duplicate": "collaboratives", "purpose": "collaboratives",
    "lead-provider": "lead-provider collaboratives", "representation": "system-wide provider collaboratives",
    "mandate": "open acute, mental health and specialist trusts", "overlap-count": "member organisations",
    "membership-dates": "memberships", "membership-lifetime": "memberships", "dual-reporting": "reporting bodies",
    "ods-code": "organisations with an ODS code",
    **{rule: "delegations" for rule in RULES if rule.startswith(("accountability", "delegat"))},
}


def population(nation: Nation) -> dict[str, int]:
    """How many nodes each rule looks at, so planted counts can be given as a share."""
    collabs = list(nation.collaboratives.values())
    memberships = sum(len(c.memberships) for c in collabs)
    delegations = len(nation.delegations)
    return {
        "min-members": len(collabs), "overlap-duplicate": len(collabs), "purpose": len(collabs),
        "lead-provider": sum("ModelLeadProvider" in c.models for c in collabs),
        "representation": sum(c.cls == "ProviderCollaborative" and c.scale == "SystemWide" for c in collabs),
        "mandate": sum(o.is_trust and o.end is None and o.sector in ("Acute", "MentalHealth", "Specialist")
                       for o in nation.orgs.values()),
        "overlap-count": len({m.member for c in collabs for m in c.memberships}),
        "membership-dates": memberships, "membership-lifetime": memberships,
        "dual-reporting": len({line.body for line in nation.lines}),
        "ods-code": sum(o.code is not None for o in nation.orgs.values()),
        **{rule: delegations for rule in RULES if rule.startswith(("accountability", "delegat"))},
    }
