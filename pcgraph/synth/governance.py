"""Delegations, accountabilities and reporting lines of one synthetic nation.

ICBs delegate functions, with a budget, to the joint committees of collaboratives in
their area or to lead-provider collaboratives; some joint committees pass a function on
to a member trust (a sub-delegation). The ICBs abolished in April 2026 had delegations
that ended with them. Each delegation names its ICB as the one accountable body (the
duty stays with the statutory body) in an accountability to the ICB's region. Each
collaborative reports to its lead ICB; each joint committee reports to its collaborative
(the primary line) and to every ICB that delegated to it.
"""

from __future__ import annotations

from collections import defaultdict

from pcgraph.synth import shape
from pcgraph.synth.dates import later, previous_day
from pcgraph.synth.model import Collaborative, Delegation, Nation, ReportingLine
from pcgraph.synth.nation import NationBuilder

FUNCTION_LABELS = {
    "AcuteServicesCommissioning": "acute services planning and delivery",
    "CommunityServicesCommissioning": "community services planning and delivery",
    "MentalHealthServicesCommissioning": "mental health services planning and delivery",
    "SpecialisedMentalHealth": "specialised mental health services",
    "SpecialisedCommissioning": "specialised commissioning",
    "ElectiveRecovery": "elective recovery",
    "PrimaryCareCommissioning": "primary care commissioning",
    "Procurement": "procurement",
}
FUNCTIONS_BY_KIND = {
    "acute": ("AcuteServicesCommissioning", "ElectiveRecovery"),
    "all-in": ("AcuteServicesCommissioning", "CommunityServicesCommissioning", "MentalHealthServicesCommissioning"),
    "specialist": ("SpecialisedCommissioning",),
}
YEARS = ("2023-04-01", "2024-04-01", "2025-04-01")


def active_members(nation: Nation, collab: Collaborative, day: str = shape.REORGANISATION) -> set[str]:
    return {m.member for m in collab.memberships if m.active_on(day)}


class GovernanceBuilder:
    """Adds delegations (with their accountabilities) to a nation whose collaboratives exist."""

    def __init__(self, builder: NationBuilder):
        self.b = builder
        self.nation = builder.nation
        self.rng = builder.rng
        self.taken: set[tuple[str, str]] = set()     # (delegator, function) already delegated
        self._count = 0
        self.areas: dict[str, set[str]] = defaultdict(set)
        for relation in self.nation.relations:
            self.areas[relation.icb].add(relation.org)

    def label(self, path: str) -> str:
        for table in (self.nation.orgs, self.nation.committees, self.nation.collaboratives):
            if path in table:
                return table[path].label
        raise KeyError(path)

    def delegate_members(self, delegate: str) -> set[str]:
        """Who a delegate stands for: an organisation itself, or a collaborative's members."""
        if delegate in self.nation.orgs:
            return {delegate}
        if delegate in self.nation.committees:
            delegate = self.nation.committees[delegate].of
        return active_members(self.nation, self.nation.collaboratives[delegate])

    def add(self, delegator: str, delegate: str, function: str, start: str, *, end: str | None = None,
            accountable: str | None = None, sub_of: str | None = None, budget: int | None = None) -> Delegation:
        self._count += 1
        accountable = accountable or delegator
        delegation = Delegation(
            path=f"delegation/{self.b.slug}-{self._count}",
            label=f"Delegation of {FUNCTION_LABELS[function]} from {self.label(delegator)} to {self.label(delegate)}",
            delegator=delegator, delegate=delegate, function=function, accountable=[accountable],
            budget=budget if budget is not None else self.rng.randrange(4, 800) * 250_000,
            start=start, end=end, sub_of=sub_of,
            resource="Commissioning staff seconded to the delegate" if self.rng.random() < 0.3 else None,
            accountable_to=self.nation.orgs[accountable].region)
        self.nation.delegations[delegation.path] = delegation
        self.taken.add((delegator, function))
        return delegation

    def build(self) -> None:
        collabs = list(self.nation.collaboratives.values())
        self._members = {c.path: active_members(self.nation, c) for c in collabs}
        for region in self.b.regions:
            for icb in self.b.current_icbs[region.path]:
                self._from_current(icb.path, collabs)
            for old in self.b.old_icbs[region.path]:
                if old.end:
                    self._from_abolished(old.path, collabs)

    def _in_area(self, icb: str, collabs: list[Collaborative], kinds: tuple[str, ...]) -> list[Collaborative]:
        area = self.areas[icb]
        found = [c for c in collabs if c.kind in kinds and not self._members[c.path].isdisjoint(area)]
        return sorted(found, key=lambda c: c.lead_icb != icb)

    def _from_current(self, icb: str, collabs: list[Collaborative]) -> None:
        new = self.nation.orgs[icb].start == shape.REORGANISATION
        committees = [c for c in self._in_area(icb, collabs, ("acute", "all-in", "specialist")) if c.committee]
        if committees and self.rng.random() < 0.8:
            collab = committees[0]
            function = self.rng.choice(FUNCTIONS_BY_KIND[collab.kind])
            # Nothing is delegated to a joint committee before it exists.
            years = [y for y in YEARS if y >= self.nation.committees[collab.committee].start]
            start = shape.REORGANISATION if new else self.rng.choice(years)
            if (icb, function) not in self.taken:
                earlier = [y for y in years if y < start]
                if not new and earlier and self.rng.random() < 0.3:
                    # An earlier agreement for the same function, renewed without a gap.
                    self.add(icb, collab.committee, function, self.rng.choice(earlier), end=previous_day(start))
                parent = self.add(icb, collab.committee, function, start)
                trusts = sorted(m for m in self._members[collab.path] & self.areas[icb]
                                if self.nation.orgs[m].is_trust)
                if trusts and (collab.committee, function) not in self.taken and self.rng.random() < 0.4:
                    self.add(collab.committee, self.rng.choice(trusts), function, start, accountable=icb,
                             sub_of=parent.path, budget=parent.budget // 2)
        lead_providers = self._in_area(icb, collabs, ("mental-health",))
        if lead_providers and self.rng.random() < 0.6 and (icb, "SpecialisedMentalHealth") not in self.taken:
            start = shape.REORGANISATION if new else self.rng.choice(YEARS)
            self.add(icb, lead_providers[0].path, "SpecialisedMentalHealth", start)

    def _from_abolished(self, icb: str, collabs: list[Collaborative]) -> None:
        committees = [c for c in self._in_area(icb, collabs, ("acute", "all-in", "specialist")) if c.committee]
        if committees and self.rng.random() < 0.8:
            collab = committees[0]
            function = self.rng.choice(FUNCTIONS_BY_KIND[collab.kind])
            start = min(y for y in YEARS if y >= self.nation.committees[collab.committee].start)
            self.add(icb, collab.committee, function, start, end=shape.ICB_LAST_DAY)


def build_lines(builder: NationBuilder) -> None:
    """Reporting lines for every collaborative, joint committee and delegating ICB."""
    nation = builder.nation
    count = 0

    def line(body: str, to: str, primary: bool | None, start: str, end: str | None = None) -> None:
        nonlocal count
        count += 1
        nation.lines.append(ReportingLine(f"reporting-line/{builder.slug}-{count}", body, to, primary, start, end))

    for collab in nation.collaboratives.values():
        line(collab.path, collab.lead_icb, True, later(collab.start, nation.orgs[collab.lead_icb].start))
    for committee in nation.committees.values():
        line(committee.path, committee.of, True, committee.start)
    spans: dict[tuple[str, str], list[tuple[str, str | None]]] = defaultdict(list)
    for delegation in nation.delegations.values():
        delegator = nation.orgs.get(delegation.delegator)
        if delegation.delegate in nation.committees and delegator and delegator.cls == "IntegratedCareBoard":
            spans[(delegation.delegate, delegation.delegator)].append((delegation.start, delegation.end))
    for (committee, icb), periods in spans.items():
        ends = [end for _, end in periods]
        line(committee, icb, False, min(start for start, _ in periods), None if None in ends else max(ends))
