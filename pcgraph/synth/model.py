"""The in-memory model of one synthetic nation, before it is written out as RDF.

A nation is small (tens of thousands of triples), so it is built, checked against the
rules and written one at a time: memory stays flat however large the scale.
Every reference between records is an IRI path under ``https://w3id.org/pcgraph/id/``
(``org/ST0001``, ``collaborative/synth-1-12``), which is also what the RDF writer emits.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Org:
    """An organisation: region, ICB, trust, sub-ICB location, CIC or national body."""

    path: str                      # org/ST0001
    cls: str                       # local name of its pc: class
    label: str
    code: str | None = None        # the pc:odsCode literal as written (a planted breach may spoil it)
    alt: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    region: str | None = None      # path of its region
    sector: str | None = None      # local name of its pc:Sector
    parent: str | None = None      # org:subOrganizationOf (sub-ICB location to ICB, region to nation)
    icb_old: str | None = None     # the ICB holding its HQ until 31 March 2026
    icb_new: str | None = None     # the ICB holding its HQ from 1 April 2026

    def open_on(self, day: str) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or self.end >= day)

    @property
    def is_trust(self) -> bool:
        return self.cls in ("NHSTrust", "FoundationTrust", "CareTrust")


@dataclass(slots=True)
class Relation:
    """A pc:ICBRelation: kind is ``hq``, ``partner`` or ``principal``."""

    org: str
    icb: str
    kind: str
    start: str | None
    end: str | None = None


@dataclass(slots=True)
class Membership:
    path: str
    collab: str
    member: str
    roles: list[str]
    start: str | None
    end: str | None = None

    def active_on(self, day: str) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or self.end >= day)


@dataclass(slots=True)
class Collaborative:
    path: str
    cls: str                       # ProviderCollaborative or ProviderGroup
    kind: str                      # what it was built as: acute, all-in, mental-health, ...
    label: str
    alt: list[str]
    purpose: str | None
    objectives: list[str]
    models: list[str]
    vehicle: str
    scale: str
    integration: str
    footprints: list[str]
    start: str
    lead_icb: str                  # the ICB it reports to
    memberships: list[Membership] = field(default_factory=list)
    committee: str | None = None   # path of its joint committee, if it has one


@dataclass(slots=True)
class Committee:
    path: str
    label: str
    of: str
    start: str


@dataclass(slots=True)
class Delegation:
    path: str
    label: str
    delegator: str
    delegate: str
    function: str
    accountable: list[str]
    budget: int | None
    start: str
    end: str | None = None
    resource: str | None = None
    sub_of: str | None = None
    accountable_to: str | None = None   # written as a pc:Accountability node when set

    def active_on(self, day: str) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass(slots=True)
class ReportingLine:
    path: str
    body: str
    to: str
    primary: bool | None
    start: str
    end: str | None = None

    def active_on(self, day: str) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass(slots=True)
class ChangeEvent:
    path: str
    label: str
    originals: list[str]
    results: list[str]
    change_type: str
    date: str
    reorganisation: bool = False


@dataclass
class Nation:
    """One synthetic nation: everything it contains, indexed for the generator's checks."""

    index: int
    reorganisation: str = ""        # path of its April 2026 ICB reorganisation
    orgs: dict[str, Org] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    collaboratives: dict[str, Collaborative] = field(default_factory=dict)
    committees: dict[str, Committee] = field(default_factory=dict)
    delegations: dict[str, Delegation] = field(default_factory=dict)
    lines: list[ReportingLine] = field(default_factory=list)
    events: list[ChangeEvent] = field(default_factory=list)

    def add_org(self, org: Org) -> Org:
        self.orgs[org.path] = org
        return org

    def trusts(self) -> list[Org]:
        return [o for o in self.orgs.values() if o.is_trust]

    def memberships(self):
        for collab in self.collaboratives.values():
            yield from collab.memberships
