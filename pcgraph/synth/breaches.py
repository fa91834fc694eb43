"""Planted rule breaches: a known handful per rule per nation, each recorded for the manifest.

Each planter picks nodes no other planter has touched and changes them in the smallest
way that breaks its rule and no other (a trust dropped from every collaborative for
``mandate``, a delegation with two accountable bodies, a membership that ends before it
starts...). ``rules.findings`` then checks the whole nation: the findings must be exactly
the planted breaches.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pcgraph.synth import shape
from pcgraph.synth.collaboratives import Book, CollaborativeBuilder
from pcgraph.synth.dates import later
from pcgraph.synth.governance import GovernanceBuilder, active_members
from pcgraph.synth.model import Collaborative, Delegation, Org
from pcgraph.synth.nation import NationBuilder

# How many breaches of each rule one nation (scale 1) carries.
PLANTED_PER_NATION = {
    "min-members": 2, "mandate": 2, "overlap-count": 2, "overlap-duplicate": 1,
    "accountability-missing": 1, "accountability-multiple": 1, "dual-reporting": 1,
    "delegate-capacity": 1, "delegator-lifetime": 2, "delegation-footprint": 1,
    "delegation-duplicate": 1, "delegation-budget": 2, "delegation-cycle": 1, "lead-provider": 3,
    "membership-dates": 2, "membership-lifetime": 2, "purpose": 2, "representation": 1, "ods-code": 2,
}


@dataclass(frozen=True)
class Breach:
    """One planted breach: the node a validator should report, and nodes it may report too."""

    rule: str
    focus: str
    note: str
    related: tuple[str, ...] = field(default=())


class NoCandidate(RuntimeError):
    """A nation offered nothing to plant a breach on (a generator bug: report it)."""


class Planter:
    def __init__(self, builder: NationBuilder):
        self.b = builder
        self.nation = builder.nation
        self.rng = builder.rng
        self.used: set[str] = set()
        self.breaches: list[Breach] = []

    def _record(self, rule: str, focus: str, note: str, *related: str) -> None:
        self.breaches.append(Breach(rule, focus, note, tuple(related)))
        self.used.update((focus, *related))

    def _pick(self, items, what: str):
        items = [i for i in items if getattr(i, "path", i) not in self.used]
        if not items:
            raise NoCandidate(f"nation {self.nation.index + 1} has no {what} left to plant on")
        return self.rng.choice(items)

    def _open_trusts(self, sector: str | None = None) -> list[Org]:
        return [t for t in self.nation.trusts() if t.end is None and (sector is None or t.sector == sector)
                and t.path not in self.used]

    def _clean_collabs(self) -> list[Collaborative]:
        return [c for c in self.nation.collaboratives.values() if c.path not in self.used]

    # -- before the collaboratives ------------------------------------------------------

    def unmandated(self) -> set[str]:
        """mandate: an acute and a mental health trust left out of every collaborative."""
        for sector in ("Acute", "MentalHealth")[: PLANTED_PER_NATION["mandate"]]:
            trust = self._pick(self._open_trusts(sector), f"open {sector} trust")
            self._record("mandate", trust.path, f"open {sector} trust in no provider collaborative")
        return {b.focus for b in self.breaches}

    # -- after the collaboratives and delegations ---------------------------------------

    def plant(self, cb: CollaborativeBuilder, gb: GovernanceBuilder) -> None:
        self.cb, self.gb, self.book = cb, gb, cb.book
        self.clean_delegations = list(self.nation.delegations.values())
        self._min_members()
        self._overlap_duplicate()
        for _ in range(PLANTED_PER_NATION["overlap-count"]):
            self._overlap_count()
        for _ in range(PLANTED_PER_NATION["membership-lifetime"]):
            self._membership_lifetime()
        for _ in range(PLANTED_PER_NATION["membership-dates"]):
            self._membership_dates()
        self._lead_provider()
        for _ in range(PLANTED_PER_NATION["purpose"]):
            collab = self._pick(self._clean_collabs(), "collaborative")
            collab.purpose = None
            collab.objectives = []
            self._record("purpose", collab.path, "collaborative with no stated purpose or objectives")
        self._representation()
        self._delegate_capacity()
        self._delegator_lifetime()
        self._delegation_footprint()
        self._delegation_duplicate()
        self._delegation_cycle()
        self._spoil_delegations()
        self._ods_codes()

    def _min_members(self) -> None:
        book: Book = self.book
        for n in range(PLANTED_PER_NATION["min-members"]):
            trust = self._pick([t for t in self._open_trusts("Acute") if book.count[t.path] < shape.OVERLAP_MAX
                                and (t.start or "") < "2020-10-01" and not book.jaccard_clash({t.path})],
                               "acute trust with room for another collaborative")
            area = self.b.short[trust.icb_new]
            if n % 2 == 0:
                collab = self.cb.create("acute", [trust], f"{area} Elective Hub Partnership", area,
                                        start="2020-10-01", vehicle="VehicleMemorandumOfUnderstanding")
                former = self._pick([t for t in self._open_trusts() if (t.start or "") < "2021-04-01"
                                     and t is not trust], "trust to have left")
                self.cb.enrol(collab, former, ["Member"], start="2021-04-01", end="2024-03-31")
                note = "provider collaborative left with one active member after another trust withdrew"
            else:
                cic = self.b.cics[trust.region]
                if book.count[cic.path] >= shape.OVERLAP_MAX or book.jaccard_clash({trust.path, cic.path}):
                    raise NoCandidate("community interest company has no room for another collaborative")
                collab = self.cb.create("community", [trust, cic], f"{area} Community Partnership", area,
                                        start="2020-10-01", vehicle="VehicleMemorandumOfUnderstanding",
                                        integration="Vertical")
                note = "provider collaborative with one NHS trust and one community interest company"
            self._record("min-members", collab.path, note, trust.path)

    def _overlap_duplicate(self) -> None:
        book = self.book
        candidates = [c for c in self._clean_collabs()
                      if 3 <= len(book.sets[c.path]) <= 8 and all(book.count[m] < shape.OVERLAP_MAX for m in
                                                                   book.sets[c.path])]
        self.rng.shuffle(candidates)
        for source in candidates:
            members = sorted(book.sets[source.path])
            if len(members) >= 6:
                members.remove(self.rng.choice(members))
            if book.jaccard_clash(set(members), ignore=source.path):
                continue
            orgs = [self.nation.orgs[m] for m in members]
            area = self.b.short[orgs[0].icb_new]
            dup = self.cb.create("acute" if source.kind != "community" else "community", orgs,
                                 f"{area} Transformation Programme", area, start="2023-04-01",
                                 vehicle="VehicleMemorandumOfUnderstanding")
            self._record("overlap-duplicate", dup.path,
                         f"members nearly the same as {source.label} ({len(members)} of "
                         f"{len(book.sets[source.path])})", source.path)
            return
        raise NoCandidate("no collaborative to duplicate")

    def _overlap_count(self) -> None:
        book = self.book
        trusts = [t for t in self._open_trusts() if book.count[t.path] >= 1 and (t.start or "") < "2024-01-01"]
        self.rng.shuffle(trusts)
        for trust in trusts:
            collabs = [c for c in self._clean_collabs() if c.start <= "2024-01-01" and
                       any(self.nation.orgs[i].region == trust.region for i in c.footprints)]
            self.rng.shuffle(collabs)
            plan = []
            for collab in collabs:
                if book.count[trust.path] + len(plan) > shape.OVERLAP_MAX:
                    break
                if book.can_join(collab.path, trust.path, limit=99):
                    plan.append(collab)
            if book.count[trust.path] + len(plan) <= shape.OVERLAP_MAX:
                continue
            for collab in plan:
                self.cb.add_member(collab, trust, start="2024-01-01")
            self._record("overlap-count", trust.path,
                         f"trust in {book.count[trust.path]} active collaboratives", *[c.path for c in plan])
            return
        raise NoCandidate("no trust can be put in five collaboratives")

    def _membership_lifetime(self) -> None:
        book = self.book
        closed = [t for t in self.nation.trusts() if t.end and t.end >= "2021-01-01" and t.path not in self.used]
        self.rng.shuffle(closed)
        for trust in closed:
            for collab in self._clean_collabs():
                members = book.sets[collab.path]
                opens = [m for m in members if self.nation.orgs[m].is_trust and self.nation.orgs[m].end is None]
                if (len(opens) >= 3 and collab.start < trust.end and len(members) < shape.MAX_MEMBERS
                        and all(m.member != trust.path for m in collab.memberships)
                        and not book.jaccard_clash(members | {trust.path}, ignore=collab.path)):
                    membership = self.cb.enrol(collab, trust, ["Member"], start=later(collab.start, trust.start))
                    book.join(collab.path, trust.path)
                    self._record("membership-lifetime", membership.path,
                                 f"membership still open after the trust closed on {trust.end}", trust.path,
                                 collab.path)
                    return
        raise NoCandidate("no closed trust to keep in a collaborative")

    def _membership_dates(self) -> None:
        trust = self._pick([t for t in self._open_trusts() if (t.start or "") < "2023-01-01"], "open trust")
        collab = self._pick([c for c in self._clean_collabs() if c.start < "2023-01-01" and
                             all(m.member != trust.path for m in c.memberships)], "collaborative")
        membership = self.cb.enrol(collab, trust, ["Member"], start="2024-09-01", end="2023-08-31")
        self._record("membership-dates", membership.path, "membership ends before it starts", trust.path,
                     collab.path)

    def _lead_provider(self) -> None:
        delegates = {d.delegate for d in self.nation.delegations.values()}
        for n in range(PLANTED_PER_NATION["lead-provider"]):
            collab = self._pick([c for c in self._clean_collabs() if "ModelLeadProvider" in c.models
                                 and c.path not in delegates and len(c.memberships) >= 2], "lead-provider collaborative")
            lead = next(m for m in collab.memberships if "LeadProvider" in m.roles)
            if n % 3 == 0:
                lead.roles.remove("LeadProvider")
                note = "lead-provider collaborative with no lead provider"
            elif n % 3 == 1:
                others = [m for m in collab.memberships if "LeadProvider" not in m.roles and m.end is None]
                self.rng.choice(others).roles.append("LeadProvider")
                note = "lead-provider collaborative with two lead providers"
            else:
                lead.roles[:] = ["Associate", "LeadProvider"]
                note = "lead provider that is only an associate, not a member"
            self._record("lead-provider", collab.path, note)

    def _representation(self) -> None:
        orgs = self.nation.orgs
        collab = self._pick([c for c in self._clean_collabs() if c.cls == "ProviderCollaborative" and
                             c.scale == "WithinSystem" and not any(orgs[m.member].sector in ("MentalHealth", "Community")
                                                                   for m in c.memberships)],
                            "acute-only provider collaborative")
        collab.scale = "SystemWide"
        self._record("representation", collab.path, "system-wide provider collaborative of acute trusts only")

    # -- delegations ----------------------------------------------------------------------

    def _current_icbs(self) -> list[Org]:
        return [i for r in self.b.regions for i in self.b.current_icbs[r.path] if i.path not in self.used]

    def _free_function(self, delegator: str) -> str:
        for function in ("Procurement", "PrimaryCareCommissioning", "ElectiveRecovery",
                         "CommunityServicesCommissioning", "MentalHealthServicesCommissioning"):
            if (delegator, function) not in self.gb.taken:
                return function
        raise NoCandidate(f"{delegator} has delegated every function")

    def _delegate_capacity(self) -> None:
        gb = self.gb
        for icb in self.rng.sample(self._current_icbs(), len(self._current_icbs())):
            informal = [c for c in self._clean_collabs() if c.committee is None
                        and not any("LeadProvider" in m.roles for m in c.memberships)
                        and active_members(self.nation, c) & gb.areas[icb.path]]
            if informal:
                collab = self.rng.choice(informal)
                d = gb.add(icb.path, collab.path, self._free_function(icb.path), later("2025-04-01", icb.start))
                self._record("delegate-capacity", d.path,
                             "delegation to a collaborative with no joint committee and no lead provider",
                             collab.path)
                return
        raise NoCandidate("no informal collaborative in any ICB's area")

    def _delegator_lifetime(self) -> None:
        gb, orgs = self.gb, self.nation.orgs

        def trust_in(icb: Org, active: bool) -> str:
            related = {r.org for r in self.nation.relations if r.icb == icb.path and (r.end is None or not active)}
            return self._pick(sorted(t for t in related if orgs[t].is_trust and orgs[t].end is None
                                     and (orgs[t].start or "") < "2024-04-01"), "trust in the ICB's area")

        # An ICB abolished on 31 March 2026 whose delegation runs on. (Its area went with
        # it, so delegation-footprint does not judge the delegation: this rule speaks.)
        icb = self._pick([i for r in self.b.regions for i in self.b.old_icbs[r.path] if i.end], "abolished ICB")
        d = gb.add(icb.path, trust_in(icb, active=False), self._free_function(icb.path), "2024-04-01")
        self._record("delegator-lifetime", d.path, f"delegation still in force after its ICB closed on {icb.end}",
                     icb.path)
        # A new ICB of April 2026 with a delegation dated from before it existed.
        icb = self._pick([i for i in self._current_icbs() if i.start == shape.REORGANISATION], "new ICB")
        d = gb.add(icb.path, trust_in(icb, active=True), self._free_function(icb.path), "2025-04-01")
        self._record("delegator-lifetime", d.path, f"delegation dated before its ICB was established on {icb.start}",
                     icb.path)

    def _delegation_footprint(self) -> None:
        gb = self.gb
        icb = self._pick(self._current_icbs(), "ICB")
        far = [c for c in self._clean_collabs() if c.committee and
               not active_members(self.nation, c) & gb.areas[icb.path]]
        collab = self._pick(far, "joint committee outside the ICB's area")
        d = gb.add(icb.path, collab.committee, self._free_function(icb.path), later("2025-04-01", icb.start))
        self._record("delegation-footprint", d.path, "delegate's members all lie outside the delegating ICB's area",
                     collab.committee, collab.path)

    def _delegation_duplicate(self) -> None:
        gb = self.gb
        orgs = self.nation.orgs
        first = self._pick([d for d in self.clean_delegations if d.sub_of is None and d.end is None
                            and orgs[d.delegator].cls == "IntegratedCareBoard"], "active ICB delegation")
        trust = self._pick([orgs[t] for t in sorted(gb.areas[first.delegator]) if orgs[t].is_trust
                            and orgs[t].end is None and t != first.delegate], "trust in the ICB's area")
        d = gb.add(first.delegator, trust.path, first.function, later("2025-10-01", orgs[first.delegator].start))
        self._record("delegation-duplicate", d.path, "same function delegated by the same ICB to a second delegate",
                     first.path)

    def _delegation_cycle(self) -> None:
        gb = self.gb
        for collab in self.rng.sample(self._clean_collabs(), len(self._clean_collabs())):
            if not collab.committee or (collab.committee, "Procurement") in gb.taken:
                continue
            trusts = [m for m in sorted(active_members(self.nation, collab)) if self.nation.orgs[m].is_trust
                      and self.nation.orgs[m].end is None and (self.nation.orgs[m].start or "") < "2025-04-01"
                      and (m, "Procurement") not in gb.taken and m not in self.used]
            if not trusts:
                continue
            trust = self.rng.choice(trusts)
            down = gb.add(collab.committee, trust, "Procurement", "2025-04-01", accountable=collab.lead_icb)
            back = gb.add(trust, collab.committee, "Procurement", "2025-04-01", accountable=collab.lead_icb,
                          sub_of=down.path)
            down.sub_of = back.path
            self._record("delegation-cycle", down.path, "two sub-delegations each made under the other",
                         back.path)
            return
        raise NoCandidate("no joint committee for a delegation cycle")

    def _spoil_delegations(self) -> None:
        def pick() -> Delegation:
            return self._pick(self.clean_delegations, "clean delegation")

        d = pick()
        d.accountable = []
        self._record("accountability-missing", d.path, "delegation with no accountable body")
        d = pick()
        d.accountable.append(self.nation.orgs[d.accountable[0]].region)
        self._record("accountability-multiple", d.path, "delegation with two accountable bodies")
        for _ in range(PLANTED_PER_NATION["delegation-budget"]):
            d = pick()
            d.budget = d.resource = None
            self._record("delegation-budget", d.path, "delegation with no budget or resource")

    def _ods_codes(self) -> None:
        trust = self._pick(self._open_trusts(), "open trust")
        trust.code = f"{trust.code[:2]}-{trust.code[2:]}"
        self._record("ods-code", trust.path, f"malformed ODS code {trust.code!r}")
        copy = self._pick(self._open_trusts(), "open trust")
        original = self._pick([t for t in self._open_trusts() if t is not copy], "open trust")
        copy.code = original.code
        self._record("ods-code", copy.path, f"ODS code {original.code} also used by another trust", original.path)

    # -- after the reporting lines --------------------------------------------------------

    def plant_after_lines(self) -> None:
        for _ in range(PLANTED_PER_NATION["dual-reporting"]):
            targets: dict[str, set[str]] = {}
            for line in self.nation.lines:
                if line.active_on(shape.REORGANISATION):
                    targets.setdefault(line.body, set()).add(line.to)
            bodies = sorted(b for b, t in targets.items() if len(t) > 1)
            body = self._pick(bodies, "body with two reporting lines")
            for line in self.nation.lines:
                if line.body == body:
                    line.primary = None
            self._record("dual-reporting", body, "reports to more than one body with no primary line named")
