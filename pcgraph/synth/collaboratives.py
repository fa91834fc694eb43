"""The collaboratives of one synthetic nation and their dated memberships.

Shaped like the real ones: per system an acute collaborative or an "all in" alliance of
every trust; mental health lead-provider collaboratives for specialised services across
each region; community collaboratives with a community interest company; specialised
services collaboratives across a region; groups of two or three acute trusts under
shared leadership; ambulance alliances spanning regions. A ``Book`` of active
memberships keeps every organisation in at most four collaboratives and every pair of
collaboratives clearly different (Jaccard under 0.75), so that the only overlap findings
are the ones planted on purpose.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict

from pcgraph.synth import shape
from pcgraph.synth.dates import between, later
from pcgraph.synth.model import Collaborative, Committee, Membership, Nation, Org
from pcgraph.synth.nation import NationBuilder

MANDATED = ("Acute", "MentalHealth", "Specialist")


class Book:
    """Active memberships while they are planned: how many each organisation holds and
    which members each collaborative has, to keep overlaps within bounds."""

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()
        self.sets: dict[str, set[str]] = {}
        self.index: dict[str, set[str]] = defaultdict(set)

    def jaccard_clash(self, members: set[str], ignore: str | None = None,
                      threshold: float = shape.JACCARD_CLEAN) -> str | None:
        """The first collaborative whose members are too like ``members``, if any."""
        seen: set[str] = set()
        for member in members:
            for other in self.index[member]:
                if other == ignore or other in seen:
                    continue
                seen.add(other)
                theirs = self.sets[other]
                if len(members & theirs) / len(members | theirs) >= threshold:
                    return other
        return None

    def fits(self, members: set[str]) -> bool:
        return all(self.count[m] < shape.OVERLAP_MAX for m in members) and not self.jaccard_clash(members)

    def can_join(self, collab: str, member: str, limit: int = shape.OVERLAP_MAX) -> bool:
        members = self.sets[collab]
        if member in members or len(members) >= shape.MAX_MEMBERS or self.count[member] >= limit:
            return False
        return self.jaccard_clash(members | {member}, ignore=collab) is None

    def add(self, collab: str, members: list[str]) -> None:
        self.sets[collab] = set()
        for member in members:
            self.join(collab, member)

    def join(self, collab: str, member: str) -> None:
        self.sets[collab].add(member)
        self.index[member].add(collab)
        self.count[member] += 1


PURPOSES = {
    "acute": "Brings the acute hospitals of {area} together to run shared clinical networks, "
             "cut waiting lists and keep fragile services safe.",
    "all-in": "Joins every NHS provider in {area} so that hospital, mental health and community "
              "services are planned and improved as one system.",
    "mental-health": "Holds the budget for specialised {service} for {area} through a lead provider, "
                     "bringing care closer to home.",
    "community": "Integrates community health services across {area} with the voluntary sector and social enterprise.",
    "specialist": "Coordinates specialised hospital services across {area} so that patients reach expert care quickly.",
    "ambulance": "Aligns ambulance services across {area}: shared procurement, fleet, control rooms and workforce.",
    "group": "Shares a chief executive, chair and corporate services across its member trusts.",
    "network": "Runs the {service} network across {area}: shared protocols, mutual aid and one view of capacity.",
}
OBJECTIVES = {
    "acute": ("Reduce elective waiting times", "Sustain fragile specialties", "Share diagnostic capacity"),
    "all-in": ("Shift care into the community", "Reduce health inequalities", "Balance the system budget"),
    "mental-health": ("Reduce out-of-area placements", "Shorten lengths of stay", "Invest savings in community services"),
    "community": ("Expand virtual wards", "Standardise community nursing", "Speed up hospital discharge"),
    "specialist": ("Shorten cancer pathways", "Network specialist surgery", "Share specialist workforce"),
    "ambulance": ("Improve response times", "Procure vehicles together", "Share control room capacity"),
    "group": ("Share corporate services", "Align clinical strategies", "Reduce management costs"),
    "network": ("Agree common clinical standards", "Share capacity at times of pressure", "Train staff together"),
}
NETWORKS = ("adult critical care", "cancer", "stroke", "children's surgery")
# Two rounds of lead-provider collaboratives per region, as for the NHS-led specialised
# mental health programme (adult secure; children and young people's inpatient care).
MH_SERVICES = (("adult secure services", "Adult Secure"),
               ("children and young people's inpatient mental health services", "Children's Inpatient"))


class CollaborativeBuilder:
    """Adds the collaboratives of one nation to it, skipping the trusts left out on purpose."""

    def __init__(self, builder: NationBuilder, excluded: set[str]):
        self.b = builder
        self.nation: Nation = builder.nation
        self.rng: random.Random = builder.rng
        self.excluded = excluded
        self.book = Book()
        self._count = 0
        open_trusts = [t for t in self.nation.trusts() if t.end is None and t.path not in excluded]
        self.by_system: dict[str, list[Org]] = defaultdict(list)
        self.by_region: dict[str, list[Org]] = defaultdict(list)
        for trust in open_trusts:
            self.by_system[trust.icb_new].append(trust)
            self.by_region[trust.region].append(trust)

    # -- making one collaborative ---------------------------------------------------

    def fitting(self, candidates: list[Org], minimum: int = 2) -> list[Org] | None:
        """``candidates`` made to fit: full members dropped, then others until no clash."""
        members = [c for c in candidates if self.book.count[c.path] < shape.OVERLAP_MAX][: shape.MAX_MEMBERS]
        while len(members) >= minimum:
            if not self.book.jaccard_clash({m.path for m in members}):
                return members
            members.pop(self.rng.randrange(len(members)))
        return None

    def create(self, kind: str, members: list[Org], label: str, area: str, *, cls: str = "ProviderCollaborative",
               start: str, lead: Org | None = None, models: tuple[str, ...] = ("ModelProviderLeadershipBoard",),
               vehicle: str, integration: str = "Horizontal", service: str = "", system_wide: bool = False,
               alt: str | None = None) -> Collaborative:
        self._count += 1
        slug = f"{self.b.slug}-{self._count}"
        icbs: list[str] = []
        for member in members:
            if member.icb_new not in icbs:
                icbs.append(member.icb_new)
        scale = "MultiSystem" if len(icbs) > 1 else ("SystemWide" if system_wide else "WithinSystem")
        collab = Collaborative(
            path=f"collaborative/{slug}", cls=cls, kind=kind, label=label, alt=[alt] if alt else [],
            purpose=PURPOSES[kind].format(area=area, service=service),
            objectives=self.rng.sample(OBJECTIVES[kind], self.rng.randint(1, 2)),
            models=list(models), vehicle=vehicle, scale=scale, integration=integration,
            footprints=icbs, start=start, lead_icb=(lead or members[0]).icb_new)
        self.nation.collaboratives[collab.path] = collab
        host = lead or members[0]
        for member in members:
            roles = ["Member"]
            if member is lead and "ModelLeadProvider" in models:
                roles.append("LeadProvider")
            elif member is host:
                roles.append("Host")
            self.enrol(collab, member, roles)
        self.book.add(collab.path, [m.path for m in members])
        if vehicle == "VehicleJointCommittee":
            committee = Committee(path=f"committee/{slug}-jc", label=f"{label} Joint Committee", of=collab.path,
                                  start=later(start, between(self.rng, "2022-07-01", "2024-10-01")))
            self.nation.committees[committee.path] = committee
            collab.committee = committee.path
        return collab

    def enrol(self, collab: Collaborative, member: Org, roles: list[str], start: str | None = None,
              end: str | None = None, suffix: str = "") -> Membership:
        """Add a membership record (the caller keeps the ``Book`` in step for active ones)."""
        if start is None:
            start = later(collab.start, member.start)
            if self.rng.random() < 0.15:
                start = later(start, between(self.rng, collab.start, "2025-06-30"))
        key = member.path.removeprefix("org/")
        membership = Membership(path=f"membership/{collab.path.removeprefix('collaborative/')}/{key}{suffix}",
                                collab=collab.path, member=member.path, roles=roles, start=start, end=end)
        collab.memberships.append(membership)
        return membership

    def add_member(self, collab: Collaborative, member: Org, start: str | None = None) -> None:
        self.enrol(collab, member, ["Member"], start=start)
        self.book.join(collab.path, member.path)

    # -- the kinds ------------------------------------------------------------------

    def build(self) -> Book:
        for region in self.b.regions:
            self._specialist(region)
            for icb in self.b.current_icbs[region.path]:
                self._system(region, icb)
            self._acute_leftovers(region)
            for service, title in MH_SERVICES:
                self._mental_health(region, service, title)
            self._community(region)
        self._ambulance()
        for region in self.b.regions:
            self._groups(region)
            self._networks(region)
        self._mandate()
        self._history()
        return self.book

    def _vehicle(self, joint: float) -> str:
        roll = self.rng.random()
        if roll < joint:
            return "VehicleJointCommittee"
        return "VehicleCommitteesInCommon" if roll < joint + (1 - joint) * 0.6 else "VehicleMemorandumOfUnderstanding"

    def _specialist(self, region: Org) -> None:
        specialists = [t for t in self.by_region[region.path] if t.sector == "Specialist"]
        if len(specialists) < 2:
            return
        acute = [t for t in self.by_region[region.path] if t.sector == "Acute"]
        members = specialists + self.rng.sample(acute, min(1, len(acute)))
        members = self.fitting(members)
        if members:
            area = self.b.short[region.path]
            self.create("specialist", members, f"{area} Specialised Services Collaborative", f"the {area} region",
                        start=between(self.rng, "2019-04-01", "2023-04-01"), vehicle="VehicleJointCommittee")

    def _system(self, region: Org, icb: Org) -> None:
        trusts = self.by_system[icb.path]
        area = self.b.short[icb.path]
        clinical = [t for t in trusts if t.sector != "Ambulance"]
        has_mh = any(t.sector in ("MentalHealth", "Community") for t in clinical)
        if has_mh and 3 <= len(clinical) <= shape.MAX_MEMBERS and self.rng.random() < 0.3:
            members = self.fitting(sorted(clinical, key=lambda t: t.sector != "Acute"), minimum=3)
            if members and any(m.sector in ("MentalHealth", "Community") for m in members):
                self.create("all-in", members, f"{area} Health Alliance", area, start=between(
                    self.rng, "2018-04-01", "2023-04-01"), vehicle=self._vehicle(0.6), integration="Vertical",
                    system_wide=True)
                return
        acute = [t for t in trusts if t.sector == "Acute"
                 or (t.sector == "Specialist" and not self.book.count[t.path])]
        if len(acute) < 2:
            return
        self.rng.shuffle(acute)
        chunks = -(-len(acute) // shape.MAX_MEMBERS)
        for n in range(chunks):
            members = self.fitting(acute[n::chunks])
            if members:
                suffix = f" {'North' if n == 0 else 'South'}" if chunks > 1 else ""
                self.create("acute", members, f"{area}{suffix} Acute Provider Collaborative", area,
                            start=between(self.rng, "2016-04-01", "2023-10-01"), vehicle=self._vehicle(0.5))

    def _acute_leftovers(self, region: Org) -> None:
        """Acute trusts alone in their system pair up across systems in the region."""
        alone = [t for t in self.by_region[region.path]
                 if t.sector in ("Acute", "Specialist") and not self._in_provider_collaborative(t)]
        self.rng.shuffle(alone)
        while len(alone) >= 2:
            take = 3 if len(alone) == 3 else 2
            members, alone = alone[:take], alone[take:]
            members = self.fitting(members)
            if members:
                names = " and ".join(self.b.short[m.icb_new] for m in members[:2])
                self.create("acute", members, f"{names} Acute Collaborative", names,
                            start=between(self.rng, "2019-04-01", "2023-10-01"), vehicle=self._vehicle(0.5))

    def _mental_health(self, region: Org, service: str, title: str) -> None:
        trusts = [t for t in self.by_region[region.path] if t.sector == "MentalHealth"]
        self.rng.shuffle(trusts)
        area = self.b.short[region.path]
        while len(trusts) >= 2:
            size = min(len(trusts), self.rng.randint(2, 5))
            if len(trusts) - size == 1:
                size += 1 if size < 5 else -1
            group, trusts = trusts[:size], trusts[size:]
            members = self.fitting(group)
            if not members:
                continue
            lead = members[0]
            self.create("mental-health", members, f"{area} {title} Provider Collaborative "
                        f"({self.b.short[lead.icb_new]})", f"the {area} region", service=service,
                        start=self.rng.choice(("2020-04-01", "2020-10-01", "2021-04-01", "2021-10-01")),
                        lead=lead, models=("ModelLeadProvider",), vehicle="VehicleLeadProviderContract")

    def _community(self, region: Org) -> None:
        community = [t for t in self.by_region[region.path] if t.sector == "Community"]
        if not community:
            return
        mh = [t for t in self.by_region[region.path]
              if t.sector == "MentalHealth" and self.book.count[t.path] < shape.OVERLAP_MAX]
        members = community + self.rng.sample(mh, min(1, len(mh)))
        members = self.fitting(members)
        if members and len(members) >= 2:
            cic = self.b.cics[region.path]
            if self.book.count[cic.path] < 2 and not self.book.jaccard_clash({m.path for m in members} | {cic.path}):
                members.append(cic)
            area = self.b.short[region.path]
            self.create("community", members, f"{area} Community Health Collaborative", f"the {area} region",
                        start=between(self.rng, "2019-04-01", "2022-10-01"),
                        vehicle="VehicleContractualJointVenture", integration="Vertical")

    def _ambulance(self) -> None:
        half = len(self.b.regions) // 2
        for regions in (self.b.regions[:half], self.b.regions[half:]):
            trusts = [t for r in regions for t in self.by_region[r.path] if t.sector == "Ambulance"]
            members = self.fitting(trusts)
            if members:
                place = self.b.names.place()
                self.create("ambulance", members, f"{place} Ambulance Alliance", "its member services",
                            cls="ProviderGroup", start=between(self.rng, "2017-04-01", "2021-04-01"),
                            vehicle="VehicleMemorandumOfUnderstanding")

    def _groups(self, region: Org) -> None:
        systems = [icb for icb in self.b.current_icbs[region.path]
                   if sum(t.sector == "Acute" for t in self.by_system[icb.path]) >= 2]
        for _ in range(len(systems) // 2 + 1):
            if not systems:
                return
            icb = self.rng.choice(systems)
            acute = [t for t in self.by_system[icb.path] if t.sector == "Acute"]
            for _attempt in range(4):
                members = self.rng.sample(acute, min(len(acute), 3 if self.rng.random() < 0.3 else 2))
                if self.book.fits({m.path for m in members}):
                    place = self.b.names.place()
                    self.create("group", members, f"{place} Hospitals Group", place, cls="ProviderGroup",
                                start=between(self.rng, "2018-04-01", "2024-04-01"),
                                models=("ModelSharedLeadership",),
                                vehicle=self.rng.choice(("VehicleGroup", "VehicleCommitteesInCommon")))
                    break

    def _networks(self, region: Org) -> None:
        """Clinical networks of acute and specialist trusts across a region."""
        hospitals = [t for t in self.by_region[region.path] if t.sector in ("Acute", "Specialist")]
        area = self.b.short[region.path]
        for service in self.rng.sample(NETWORKS, 2 + (len(hospitals) > 20)):
            chosen = self.rng.sample(hospitals, min(len(hospitals), self.rng.randint(4, 9)))
            members = self.fitting(sorted(chosen, key=lambda t: self.book.count[t.path]), minimum=3)
            if members:
                self.create("network", members, f"{area} {service.title()} Network", f"the {area} region",
                            cls="ClinicalNetwork", service=service, start=between(self.rng, "2012-04-01", "2022-04-01"),
                            vehicle="VehicleMemorandumOfUnderstanding")

    def _in_provider_collaborative(self, trust: Org) -> bool:
        return any(self.nation.collaboratives[c].cls == "ProviderCollaborative" for c in self.book.index[trust.path])

    def _mandate(self) -> None:
        """Every open acute, mental health and specialist trust ends up in a provider collaborative."""
        for region in self.b.regions:
            for trust in self.by_region[region.path]:
                if trust.sector not in MANDATED or self._in_provider_collaborative(trust):
                    continue
                if not self._join_nearest(trust):
                    self._pair_up(region, trust)

    def _join_nearest(self, trust: Org) -> bool:
        kinds = ("mental-health",) if trust.sector == "MentalHealth" else ("acute", "all-in", "specialist")
        collabs = [c for c in self.nation.collaboratives.values() if c.kind in kinds and c.cls == "ProviderCollaborative"]
        same_system = [c for c in collabs if trust.icb_new in c.footprints]
        same_region = [c for c in collabs if c not in same_system and
                       any(self.nation.orgs[i].region == trust.region for i in c.footprints)]
        for collab in same_system + same_region:
            if self.book.can_join(collab.path, trust.path):
                self.add_member(collab, trust)
                return True
        return False

    def _pair_up(self, region: Org, trust: Org) -> None:
        partners = [t for t in self.by_region[region.path] if t is not trust and t.sector == trust.sector]
        self.rng.shuffle(partners)
        for partner in partners:
            if self.book.fits({trust.path, partner.path}):
                area = self.b.short[trust.icb_new]
                if trust.sector == "MentalHealth":
                    self.create("mental-health", [trust, partner], f"{area} Mental Health Partnership", area,
                                service=MH_SERVICES[0][0], start="2022-04-01", lead=trust,
                                models=("ModelLeadProvider",), vehicle="VehicleLeadProviderContract")
                else:
                    self.create("acute", [trust, partner], f"{area} Hospitals Partnership", area,
                                start="2022-04-01", vehicle=self._vehicle(0.5))
                return
        raise RuntimeError(f"no provider collaborative could take {trust.path}")

    def _history(self) -> None:
        """Trusts that closed since 2019 were members, until they closed, where their successor is."""
        successor = {e.originals[0]: e.results[0] for e in self.nation.events
                     if e.change_type in ("Acquisition", "Merger") and e.results}
        for event in self.nation.events:
            if event.change_type not in ("Acquisition", "Merger") or event.reorganisation:
                continue
            for closed_path in event.originals:
                closed = self.nation.orgs[closed_path]
                if closed.end < "2019-06-01":
                    continue
                heir = successor.get(closed_path) or event.results[0]
                for collab_path in sorted(self.book.index[heir]):
                    collab = self.nation.collaboratives[collab_path]
                    if collab.start < closed.end:
                        self.enrol(collab, closed, ["Member"], start=later(collab.start, closed.start),
                                   end=closed.end)
                        break
