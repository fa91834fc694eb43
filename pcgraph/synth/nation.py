"""The organisations of one synthetic nation: regions, ICBs and their 2026 reorganisation,
sub-ICB locations, trusts open and closed (with the change events that closed them),
community interest companies, and the three kinds of trust-to-ICB relation.

Synthetic trusts, ICBs and sub-ICB locations get five-character ODS-shaped codes: ``S``,
a kind letter, then three base-36 digits (``ST001`` a trust, ``SQ001`` an ICB, ``SD001`` a
sub-ICB location). Five characters is a form ODS uses for these kinds, but its five-character
codes either extend a trust code (R or T, then four characters: ``RXK01``) or alternate
digits and letters (``G6V2S``); none starts with S and a letter, so synthetic codes cannot
clash with real ones. Regions, the national body and community interest companies get
``synth-`` slugs and no code (real region codes, Y and two digits, are too few to share).
"""

from __future__ import annotations

import random
from collections import Counter

from pcgraph.synth import shape
from pcgraph.synth.dates import between, later, next_day
from pcgraph.synth.model import ChangeEvent, Nation, Org, Relation
from pcgraph.synth.names import NameSource, acronym, trust_name

_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _base36(number: int, width: int = 3) -> str:
    text = ""
    while number:
        number, digit = divmod(number, 36)
        text = _DIGITS[digit] + text
    return text.rjust(width, "0")


# Kind letters in the order they are used; each gives 36**3 - 1 codes.
KIND_LETTERS = {"trust": "TUVWXZ", "icb": "QR", "sub-icb": "DEF"}
PER_LETTER = 36 ** 3 - 1


class CodesExhausted(ValueError):
    """More organisations of one kind than synthetic codes (a scale in the thousands)."""


class Codes:
    """Hands out synthetic ODS codes, one sequence per kind, across all nations."""

    def __init__(self) -> None:
        self._issued: Counter[str] = Counter()

    def next(self, kind: str) -> str:
        n = self._issued[kind]
        self._issued[kind] += 1
        letter, number = divmod(n, PER_LETTER)
        if letter >= len(KIND_LETTERS[kind]):
            raise CodesExhausted(f"no synthetic ODS codes left for {kind} organisations")
        return f"S{KIND_LETTERS[kind][letter]}{_base36(number + 1)}"


class NationBuilder:
    """Builds the organisations of nation ``index`` from one random stream."""

    def __init__(self, index: int, rng: random.Random, codes: Codes):
        self.nation = Nation(index)
        self.rng = rng
        self.codes = codes
        self.names = NameSource(rng)
        self.slug = f"synth-{index + 1}"
        self.regions: list[Org] = []
        self.old_icbs: dict[str, list[Org]] = {}       # region path -> ICBs of 2022-2026
        self.current_icbs: dict[str, list[Org]] = {}   # region path -> ICBs from April 2026
        self.successor: dict[str, str] = {}            # old ICB path -> ICB from April 2026
        self.short: dict[str, str] = {}                # ICB or region path -> short place name
        self.cics: dict[str, Org] = {}                 # region path -> its CIC
        self.nation.reorganisation = f"reorganisation/{self.slug}-icb-2026-04"
        self._events = 0

    # -- building blocks ---------------------------------------------------------------

    def _org(self, kind: str, cls: str, label: str, **fields) -> Org:
        code = self.codes.next(kind)
        return self.nation.add_org(Org(path=f"org/{code}", cls=cls, label=label, code=code, **fields))

    def _uncoded(self, key: str, cls: str, label: str, **fields) -> Org:
        return self.nation.add_org(Org(path=f"org/{self.slug}-{key}", cls=cls, label=label, **fields))

    def _event(self, label: str, originals: list[str], results: list[str], change_type: str,
               day: str, reorganisation: bool = False) -> None:
        self._events += 1
        self.nation.events.append(ChangeEvent(
            path=f"event/{self.slug}-{self._events}", label=label, originals=originals,
            results=results, change_type=change_type, date=day, reorganisation=reorganisation))

    # -- the steps ------------------------------------------------------------------

    def build(self) -> Nation:
        self._national_and_regions()
        self._icbs()
        self._reorganisation()
        self._sub_icb_locations()
        self._open_trusts()
        self._closed_trusts()
        self._trust_relations()
        self._community_interest_companies()
        return self.nation

    def _national_and_regions(self) -> None:
        self.national = self._uncoded("national", "NationalBody", f"{self.names.place()} National Health Board")
        for n, region_shape in enumerate(shape.REGIONS, 1):
            place = self.names.place()
            region = self._uncoded(f"region-{n}", "Region", f"NHS England {place} Region", alt=[f"{place} region"],
                                   parent=self.national.path)
            region.region = region.path
            self.regions.append(region)
            self.short[region.path] = place

    def _icbs(self) -> None:
        for region, region_shape in zip(self.regions, shape.REGIONS):
            icbs = []
            for _ in range(region_shape.icbs):
                place = self.names.place()
                if self.rng.random() < 0.4:
                    place = f"{place} and {self.names.place()}"
                icb = self._org("icb", "IntegratedCareBoard", f"NHS {place} Integrated Care Board",
                                alt=[f"{place} ICB"], start=shape.ICB_START, region=region.path)
                self.short[icb.path] = place
                icbs.append(icb)
            self.old_icbs[region.path] = icbs

    def _reorganisation(self) -> None:
        """Merge pairs of ICBs on 1 April 2026 and move part of one area to another."""
        for region, region_shape in zip(self.regions, shape.REGIONS):
            olds = self.old_icbs[region.path]
            merging = self.rng.sample(olds, 2 * region_shape.merges)
            current = [icb for icb in olds if icb not in merging]
            for first, second in zip(merging[::2], merging[1::2]):
                place = self.names.place()
                new = self._org("icb", "IntegratedCareBoard", f"NHS {place} Integrated Care Board",
                                alt=[f"{place} ICB"], start=shape.REORGANISATION, region=region.path)
                self.short[new.path] = place
                for old in (first, second):
                    old.end = shape.ICB_LAST_DAY
                    self.successor[old.path] = new.path
                self._event(f"{first.label} and {second.label} merged into {new.label}",
                            [first.path, second.path], [new.path], "Merger", shape.REORGANISATION, True)
                current.append(new)
            for icb in olds:
                self.successor.setdefault(icb.path, icb.path)
            self.current_icbs[region.path] = current
        region = self.rng.choice([r for r in self.regions if len(self.current_icbs[r.path]) >= 2])
        giver, taker = self.rng.sample(self.current_icbs[region.path], 2)
        self._event(f"Part of the area of {giver.label} transferred to {taker.label}",
                    [giver.path], [taker.path], "BoundaryTransfer", shape.REORGANISATION, True)

    def _sub_icb_locations(self) -> None:
        olds = [icb for region in self.regions for icb in self.old_icbs[region.path]]
        homes = olds + [self.rng.choice(olds) for _ in range(shape.SUB_ICB_LOCATIONS - len(olds))]
        for icb in homes:
            self._org("sub-icb", "SubICBLocation", f"NHS {self.short[icb.path]} ICB - {self.names.place()}",
                      start=shape.ICB_START, region=icb.region, parent=icb.path)

    def _weighted_region(self) -> Org:
        return self.rng.choices(self.regions, weights=[s.weight for s in shape.REGIONS])[0]

    def _open_trusts(self) -> None:
        """201 open trusts: every ICB has an acute and a mental health trust; the rest spread."""
        olds = [icb for region in self.regions for icb in self.old_icbs[region.path]]
        placements: list[tuple[Org, str]] = []
        placements += [(icb, "Acute") for icb in olds]
        placements += [(icb, "MentalHealth") for icb in olds]
        for _ in range(shape.OPEN_MENTAL_HEALTH - len(olds)):
            placements.append((self.rng.choice(olds), "MentalHealth"))
        for _ in range(shape.OPEN_ACUTE - len(olds)):
            placements.append((self.rng.choice(self.old_icbs[self._weighted_region().path]), "Acute"))
        for _ in range(shape.OPEN_COMMUNITY):
            placements.append((self.rng.choice(self.old_icbs[self._weighted_region().path]), "Community"))
        for region, region_shape in zip(self.regions, shape.REGIONS):
            for _ in range(region_shape.specialist):
                placements.append((self.rng.choice(self.old_icbs[region.path]), "Specialist"))
            for _ in range(region_shape.ambulance):
                placements.append((self.rng.choice(self.old_icbs[region.path]), "Ambulance"))
        care_trusts = set(self.rng.sample([i for i, (_, s) in enumerate(placements) if s == "MentalHealth"],
                                          shape.CARE_TRUSTS))
        for i, (icb, sector) in enumerate(placements):
            foundation = i in care_trusts or self.rng.random() < 0.68
            label = trust_name(self.rng, self.names, sector, foundation)
            cls = "CareTrust" if i in care_trusts else ("FoundationTrust" if foundation else "NHSTrust")
            self._org("trust", cls, label, alt=[acronym(label)], start=between(self.rng, "1991-04-01", "2018-12-31"),
                      region=icb.region, sector=sector, icb_old=icb.path, icb_new=self.successor[icb.path])
        self.open_trusts = [o for o in self.nation.orgs.values() if o.is_trust]

    def _closed_trusts(self) -> None:
        """68 trusts that closed: acquired by a neighbour, merged into a new trust, or closed."""
        sectors = ("Acute", "MentalHealth", "Community", "Specialist")
        taken: set[str] = set()   # trusts already a successor: their opening day is settled
        remaining = shape.CLOSED_TRUSTS
        while remaining:
            region = self._weighted_region()
            icb = self.rng.choice(self.old_icbs[region.path])
            neighbours = [t for t in self.open_trusts if t.icb_old == icb.path]
            sector = self.rng.choices(sectors, weights=(60, 25, 10, 5))[0]
            roll = self.rng.random()
            if roll < 0.15 and remaining >= 2:
                # Two trusts close on the same day and a new trust opens the next day.
                candidates = [t for t in neighbours if t.path not in taken and t.sector == sector] or \
                             [t for t in neighbours if t.path not in taken]
                if not candidates:
                    continue
                result = self.rng.choice(candidates)
                taken.add(result.path)
                last_day = between(self.rng, "2006-01-01", "2024-12-31")
                result.start = next_day(last_day)
                closed = [self._closed_trust(result.sector, icb, last_day) for _ in range(2)]
                self._event(f"{closed[0].label} and {closed[1].label} merged into {result.label}",
                            [c.path for c in closed], [result.path], "Merger", last_day)
                remaining -= 2
                continue
            last_day = between(self.rng, "2005-01-01", "2025-12-31") if self.rng.random() < 0.6 \
                else between(self.rng, "2019-06-01", "2025-12-31")
            closed = self._closed_trust(sector, icb, last_day)
            successors = [t for t in neighbours if (t.start or "") <= last_day]
            if roll < 0.8 and successors:
                successor = self.rng.choice([t for t in successors if t.sector == sector] or successors)
                taken.add(successor.path)
                self._event(f"{closed.label} acquired by {successor.label}", [closed.path], [successor.path],
                            "Acquisition", last_day)
                closed.alt.append(f"now part of {successor.label}")
            else:
                self._event(f"{closed.label} closed", [closed.path], [], "Closure", last_day)
            remaining -= 1

    def _closed_trust(self, sector: str, icb: Org, last_day: str) -> Org:
        label = trust_name(self.rng, self.names, sector, self.rng.random() < 0.4)
        return self._org("trust", "FoundationTrust" if "Foundation" in label else "NHSTrust", label,
                         alt=[acronym(label)], start=between(self.rng, "1991-04-01", "2004-12-31"), end=last_day,
                         region=icb.region, sector=sector, icb_old=icb.path, icb_new=self.successor[icb.path])

    def _related(self, org: Org, kind: str, old_icb: str, first_day: str | None) -> None:
        """Relations of ``kind`` to ``old_icb`` and, after April 2026, to its successor."""
        start = later(shape.ICB_START, first_day)
        if org.end and org.end < start:
            return
        new_icb = self.successor[old_icb]
        if new_icb == old_icb:
            self.nation.relations.append(Relation(org.path, old_icb, kind, start, org.end))
            return
        self.nation.relations.append(Relation(org.path, old_icb, kind, start,
                                              min(shape.ICB_LAST_DAY, org.end or shape.ICB_LAST_DAY)))
        if org.end is None:
            self.nation.relations.append(Relation(org.path, new_icb, kind, shape.REORGANISATION))

    def _trust_relations(self) -> None:
        """Headquarters area, constitution partner and principal ICB: kept as three relations."""
        for trust in self.nation.trusts():
            self._related(trust, "hq", trust.icb_old, trust.start)
            self._related(trust, "principal", trust.icb_old, trust.start)
            self._related(trust, "partner", trust.icb_old, trust.start)
            if trust.end is not None:
                continue
            others = [icb for icb in self.old_icbs[trust.region]
                      if self.successor[icb.path] != self.successor[trust.icb_old]]
            extra = min(len(others), 3 if trust.sector == "Ambulance" else int(self.rng.random() < 0.25))
            chosen: set[str] = set()
            for icb in self.rng.sample(others, len(others)):
                if len(chosen) == extra:
                    break
                if self.successor[icb.path] not in chosen:
                    chosen.add(self.successor[icb.path])
                    self._related(trust, "partner", icb.path, trust.start)

    def _community_interest_companies(self) -> None:
        for n, region in enumerate(self.regions, 1):
            icb = self.rng.choice(self.old_icbs[region.path])
            place = self.names.place()
            self.cics[region.path] = self._uncoded(
                f"cic-{n}", "CommunityInterestCompany", f"{place} Community Care CIC",
                alt=[f"{place} Community Care"], region=region.path, start=between(self.rng, "2011-04-01", "2016-03-31"),
                icb_old=icb.path, icb_new=self.successor[icb.path])
