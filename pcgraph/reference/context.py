"""What the builders share while they run: the data folder, the quads, what they learnt, the report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import URIRef

from pcgraph.reference.quads import Quads


@dataclass
class BuildReport:
    """Counts of rows read per file, resources built per class, rows skipped per reason."""

    read: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    built: Counter = field(default_factory=Counter)
    graphs: dict[str, int] = field(default_factory=dict)
    triples: int = 0

    def skip(self, file: str, reason: str) -> None:
        self.skipped[(file, reason)] += 1


@dataclass
class Organisation:
    """What later builders need to know about an organisation already built."""

    code: str
    start: date | None = None
    end: date | None = None

    def active_during(self, first: date, last: date) -> bool:
        return (self.start is None or self.start <= last) and (self.end is None or self.end >= first)


@dataclass
class Context:
    """The data folder (``data/``), the quads being built, and the organisations known so far."""

    root: Path
    quads: Quads = field(default_factory=Quads)
    report: BuildReport = field(default_factory=BuildReport)
    trusts: dict[str, Organisation] = field(default_factory=dict)
    icbs: dict[str, Organisation] = field(default_factory=dict)
    regions: dict[str, URIRef] = field(default_factory=dict)
    region_names: dict[str, str] = field(default_factory=dict)

    def path(self, relative: str) -> Path:
        return self.root / relative
