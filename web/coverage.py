"""How complete the graph is: for each NHS England region and ICB, the open trusts with a
recorded collaborative, and how recently those memberships were confirmed.

The figures come from one canned query (``membership-coverage``, a trust a row), so the
picture on ``/coverage``, the counts on the home page and the matrix, and
``/queries/membership-coverage`` always agree. A trust counts once in each total. The
picture is laid out here as plain SVG coordinates, like the network picture: drawn on the
server, no script.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from . import context, entity_data
from .provenance import partial_date

# How long ago a membership was last confirmed, as the picture colours it (oldest last).
RECENCY = (
    ("recent", "within a year"),
    ("older", "one to three years"),
    ("stale", "over three years"),
    ("undated", "no date recorded"),
)
NO_ICB = "No ICB recorded"
NO_REGION = "No region recorded"


def confirmed_day(text: str | None) -> dt.date | None:
    """The day a source date stands for: ``2023`` and ``2023-05`` are read as their first day."""
    read = partial_date(text)
    return read[0] if read else None


def recency(text: str | None, as_of: dt.date) -> str:
    """``recent``, ``older``, ``stale`` or ``undated``: how long before ``as_of`` a source last said so."""
    day = confirmed_day(text)
    if day is None:
        return "undated"
    age = (as_of - day).days
    return "recent" if age <= 366 else "older" if age <= 3 * 366 else "stale"


@dataclass
class Area:
    """One region or ICB: its open trusts, how many have a collaborative, by recency of confirmation."""
    iri: str | None
    label: str
    trusts: int = 0
    covered: int = 0
    by_recency: dict[str, int] = field(default_factory=lambda: {key: 0 for key, _ in RECENCY})
    counted: set[str] = field(default_factory=set, repr=False)

    @property
    def share(self) -> float:
        return self.covered / self.trusts if self.trusts else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)

    @property
    def short(self) -> str:
        """``NHS Black Country Integrated Care Board`` -> ``Black Country``: the picture's row label."""
        short = re.sub(r"^NHS\s+", "", self.label)
        return re.sub(r"\s+(Integrated Care Board|ICB)$", "", short) or self.label

    def add(self, trust: str, collaboratives: int, last_confirmed: str | None, as_of: dt.date) -> None:
        """Count a trust, once however many rows name it (one per ICB area its headquarters lie in)."""
        if trust in self.counted:
            return
        self.counted.add(trust)
        self.trusts += 1
        if collaboratives:
            self.covered += 1
            self.by_recency[recency(last_confirmed, as_of)] += 1


@dataclass
class Region(Area):
    icbs: list[Area] = field(default_factory=list)


@dataclass
class Coverage:
    as_of: dt.date
    england: Area
    regions: list[Region]


def build(as_of: dt.date) -> Coverage:
    """The coverage of every region and ICB on ``as_of``, from the ``membership-coverage`` query.

    Today's figures, asked for most, are kept until the data changes (one entry: other days
    are computed each time, so no visitor can fill the cache)."""
    today = as_of == dt.date.today()
    kept = context.cache().get(_TODAY)
    if today and kept is not None and kept.as_of == as_of:
        return kept
    generation = context.generation()
    figures = _count(entity_data.canned("membership-coverage", as_of=as_of.isoformat()), as_of)
    if today:
        context.cache_if_current(_TODAY, figures, generation)
    return figures


_TODAY = "coverage today"


def _count(rows: list[dict], as_of: dt.date) -> Coverage:
    england = Area(None, "England")
    regions: dict[str | None, Region] = {}
    icbs: dict[tuple[str | None, str | None], Area] = {}
    for row in rows:
        region_iri = row["region"].value if "region" in row else None
        icb_iri = row["icb"].value if "icb" in row else None
        region = regions.setdefault(region_iri, Region(region_iri, _label(row, "regionLabel", NO_REGION)))
        icb = icbs.get((region_iri, icb_iri))
        if icb is None:
            icb = icbs[(region_iri, icb_iri)] = Area(icb_iri, _label(row, "icbLabel", NO_ICB))
            region.icbs.append(icb)
        count = int(row["collaboratives"].value) if "collaboratives" in row else 0
        confirmed = row["lastConfirmed"].value if "lastConfirmed" in row else None
        for area in (england, region, icb):
            area.add(row["trust"].value, count, confirmed, as_of)
    ordered = sorted(regions.values(), key=lambda r: (r.iri is None, r.label))
    for region in ordered:
        region.icbs.sort(key=lambda a: (a.iri is None, a.label))
    return Coverage(as_of, england, ordered)


def _label(row: dict, name: str, missing: str) -> str:
    return row[name].value if name in row and row[name].value else missing


# --- The picture ----------------------------------------------------------------------

WIDTH = 760
LABEL_WIDTH = 250
BAR_WIDTH = 380
ROW = 22
REGION_GAP = 14


@dataclass
class Segment:
    kind: str
    x: float
    width: float
    count: int


@dataclass
class PictureRow:
    area: Area
    y: float
    region: bool
    segments: list[Segment]
    href: str | None


@dataclass
class Picture:
    rows: list[PictureRow]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_width: int = BAR_WIDTH


def _segments(area: Area) -> list[Segment]:
    """The bar of one area: a segment per recency, each as wide as its share of the area's trusts."""
    segments, x = [], float(LABEL_WIDTH)
    for kind, _ in RECENCY:
        count = area.by_recency[kind]
        if count and area.trusts:
            width = BAR_WIDTH * count / area.trusts
            segments.append(Segment(kind, x, width, count))
            x += width
    return segments


def picture(coverage: Coverage, as_of: dt.date) -> Picture:
    """One row per region (bold) followed by one per ICB in it, each a bar of the share covered."""
    rows: list[PictureRow] = []
    y = 34.0
    for region in coverage.regions:
        y += REGION_GAP if rows else 0
        rows.append(PictureRow(region, y, True, _segments(region), _matrix_link("region", region.iri, as_of)))
        y += ROW + 2
        for icb in region.icbs:
            rows.append(PictureRow(icb, y, False, _segments(icb), _matrix_link("icb", icb.iri, as_of)))
            y += ROW
    return Picture(rows, int(y + 8))


def _matrix_link(name: str, iri: str | None, as_of: dt.date) -> str | None:
    return None if iri is None else "/matrix?" + urlencode({name: iri, "as_of": as_of.isoformat()})
