"""Generate a synthetic national graph, nation by nation, straight to a text stream."""

from __future__ import annotations

import logging
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from pcgraph.synth import rules
from pcgraph.synth.breaches import Breach, Planter
from pcgraph.synth.collaboratives import CollaborativeBuilder
from pcgraph.synth.governance import GovernanceBuilder, build_lines
from pcgraph.synth.model import Nation
from pcgraph.synth.nation import Codes, NationBuilder
from pcgraph.synth.rdf import ID, Writer

log = logging.getLogger(__name__)

SOURCE = "source/synth"


class PlantingError(RuntimeError):
    """A nation's findings differ from what was planted: a bug in the generator."""


@dataclass
class Result:
    """What a run produced: counts for the summary and the planted breaches for the manifest."""

    scale: int
    seed: int
    syntax: str
    triples: int = 0
    seconds: float = 0.0
    entities: Counter = field(default_factory=Counter)
    population: Counter = field(default_factory=Counter)
    breaches: list[Breach] = field(default_factory=list)

    def planted(self) -> Counter:
        return Counter(b.rule for b in self.breaches)


def build_nation(index: int, seed: int, codes: Codes) -> tuple[Nation, list[Breach]]:
    """One nation, with its breaches planted and checked."""
    rng = random.Random(f"pcgraph-synth:{seed}:{index}")
    builder = NationBuilder(index, rng, codes)
    builder.build()
    planter = Planter(builder)
    excluded = planter.unmandated()
    collaboratives = CollaborativeBuilder(builder, excluded)
    collaboratives.build()
    governance = GovernanceBuilder(builder)
    governance.build()
    planter.plant(collaboratives, governance)
    build_lines(builder)
    planter.plant_after_lines()
    check(builder.nation, planter.breaches)
    return builder.nation, planter.breaches


def check(nation: Nation, breaches: list[Breach]) -> None:
    """The nation's findings, under both readings, are exactly the planted breaches."""
    allowed: dict[str, set[str]] = {rule: set() for rule in rules.RULES}
    for b in breaches:
        allowed[b.rule] |= {b.focus, *b.related}
    for count_closed in (False, True):
        found = rules.findings(nation, count_closed_members=count_closed)
        for rule in rules.RULES:
            extra = found[rule] - allowed[rule]
            missed = [b.focus for b in breaches if b.rule == rule and b.focus not in found[rule]]
            if extra or missed:
                raise PlantingError(f"nation {nation.index + 1}, rule {rule}: unplanted findings "
                                    f"{sorted(extra)[:5]}, planted but not found {missed[:5]}")


def count_entities(nation: Nation) -> Counter:
    kinds: Counter = Counter()
    for org in nation.orgs.values():
        if org.is_trust:
            kinds["trusts (open)" if org.end is None else "trusts (closed)"] += 1
        else:
            kinds[{"IntegratedCareBoard": "ICBs", "Region": "regions", "SubICBLocation": "sub-ICB locations",
"CommunityInterestCompany": "community interest companies",
                   "NationalBody": "national bodies"}[org.cls]] += 1
    kinds["ICB relations"] += len(nation.relations)
    kinds["collaboratives"] += len(nation.collaboratives)
    kinds["memberships"] += sum(len(c.memberships) for c in nation.collaboratives.values())
    kinds["joint committees"] += len(nation.committees)
    kinds["delegations"] += len(nation.delegations)
    kinds["accountabilities"] += sum(bool(d.accountable and d.accountable_to) for d in nation.delegations.values())
    kinds["reporting lines"] += len(nation.lines)
    kinds["change events"] += len(nation.events)
    return kinds


def generate(scale: int, seed: int, out: TextIO, *, turtle: bool = False) -> Result:
    """Write ``scale`` synthetic nations to ``out``; same scale and seed, same bytes."""
    began = time.perf_counter()
    result = Result(scale, seed, "ttl" if turtle else "nt")
    writer = Writer(turtle)
    writer.set_source(SOURCE)
    out.write(writer.header(SOURCE, f"pcgraph synthetic national graph, scale {scale}, seed {seed}"))
    codes = Codes()
    for index in range(scale):
        nation, breaches = build_nation(index, seed, codes)
        out.write("".join(writer.nation(nation)))
        result.entities.update(count_entities(nation))
        result.population.update(rules.population(nation))
        result.breaches += [Breach(b.rule, ID + b.focus, b.note, tuple(ID + r for r in b.related))
                            for b in breaches]
        log.debug("nation %d written (%d triples so far)", index + 1, writer.triples)
    result.triples = writer.triples
    result.seconds = time.perf_counter() - began
    return result
