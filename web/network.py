"""The network picture on a collaborative's page: its members and their other collaboratives.

Laid out on the server as plain SVG coordinates (no JavaScript needed to see it): the
collaborative in the middle, its active members on an inner ring, and every other
collaborative those members belong to on an outer ring, placed near the members it shares.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pyoxigraph as ox

from .entity_data import select, date_term

WIDTH = 920
HEIGHT = 640
INNER = 170
OUTER = 285

NETWORK_QUERY = """
SELECT ?iri ?as_of ?member (SAMPLE(?ml) AS ?memberLabel) (SAMPLE(?mc) AS ?memberCode)
       ?other (SAMPLE(?ol) AS ?otherLabel)
WHERE {
  ?membership org:organization ?iri ; org:member ?member .
  OPTIONAL { ?membership pc:startDate ?s } OPTIONAL { ?membership pc:endDate ?e }
  FILTER (!BOUND(?s) || ?s <= ?as_of) FILTER (!BOUND(?e) || ?e >= ?as_of)
  OPTIONAL { ?member skos:prefLabel ?ml }
  OPTIONAL { ?member pc:odsCode ?mc }
  OPTIONAL {
    ?otherMembership org:member ?member ; org:organization ?other .
    FILTER (?other != ?iri)
    OPTIONAL { ?otherMembership pc:startDate ?os } OPTIONAL { ?otherMembership pc:endDate ?oe }
    FILTER (!BOUND(?os) || ?os <= ?as_of) FILTER (!BOUND(?oe) || ?oe >= ?as_of)
    OPTIONAL { ?other skos:prefLabel ?ol }
  }
}
GROUP BY ?iri ?as_of ?member ?other
"""


@dataclass
class Node:
    id: str
    iri: str
    label: str
    short: str
    kind: str  # "centre", "member" or "other"
    x: float = 0.0
    y: float = 0.0
    neighbours: set[str] = field(default_factory=set)


@dataclass
class Network:
    nodes: list[Node]
    edges: list[tuple[Node, Node]]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def others(self) -> list[Node]:
        return [n for n in self.nodes if n.kind == "other"]

    @property
    def members(self) -> list[Node]:
        return [n for n in self.nodes if n.kind == "member"]


def _short(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def build(iri: str, label: str, as_of: dt.date) -> Network:
    """The network around collaborative ``iri`` on ``as_of``, laid out."""
    rows = select(NETWORK_QUERY, iri=ox.NamedNode(iri), as_of=date_term(as_of))
    centre = Node("n0", iri, label, _short(label, 70), "centre")
    members: dict[str, Node] = {}
    others: dict[str, Node] = {}
    edges: list[tuple[Node, Node]] = []
    for row in rows:
        member_iri = row["member"].value
        if member_iri not in members:
            name = row["memberLabel"].value if "memberLabel" in row else member_iri.rsplit("/", 1)[-1]
            code = row["memberCode"].value if "memberCode" in row else ""
            members[member_iri] = Node(f"m{len(members)}", member_iri, name, code or _short(name, 14), "member")
            edges.append((centre, members[member_iri]))
        if "other" in row:
            other_iri = row["other"].value
            if other_iri not in others:
                name = row["otherLabel"].value if "otherLabel" in row else other_iri.rsplit("/", 1)[-1]
                others[other_iri] = Node(f"o{len(others)}", other_iri, name, _short(name), "other")
            edges.append((members[member_iri], others[other_iri]))
    # Without outer collaboratives the picture needs only the inner ring's height.
    height = HEIGHT if others else int(2 * INNER * 0.82 + 110)
    centre.x, centre.y = WIDTH / 2, height / 2 - (0 if others else 10)
    _layout(centre, list(members.values()), list(others.values()), edges, height)
    for a, b in edges:
        a.neighbours.add(b.id)
        b.neighbours.add(a.id)
    return Network([centre, *members.values(), *others.values()], edges, height=height)


def _layout(centre: Node, members: list[Node], others: list[Node], edges, height: int) -> None:
    members.sort(key=lambda n: n.label)
    count = max(len(members), 1)
    angle_of: dict[str, float] = {}
    for index, node in enumerate(members):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        angle_of[node.id] = angle
        node.x = centre.x + INNER * math.cos(angle)
        node.y = centre.y + INNER * math.sin(angle) * 0.82
    # Each other collaborative sits at the mean direction of the members it shares.
    wanted: dict[str, float] = {}
    for other in others:
        linked = [angle_of[a.id] for a, b in edges if b is other]
        sx = sum(math.cos(a) for a in linked)
        sy = sum(math.sin(a) for a in linked)
        wanted[other.id] = math.atan2(sy, sx) if (sx or sy) else 0.0
    ordered = sorted(others, key=lambda n: wanted[n.id])
    gap = 2 * math.pi / max(len(ordered), 1)
    min_gap = min(gap, math.radians(16))
    placed: list[float] = []
    for node in ordered:
        angle = wanted[node.id]
        if placed and angle - placed[-1] < min_gap:
            angle = placed[-1] + min_gap
        placed.append(angle)
        node.x = centre.x + OUTER * math.cos(angle) * 1.28
        node.y = centre.y + OUTER * math.sin(angle) * 0.92
        node.x = min(max(node.x, 90), WIDTH - 90)
        node.y = min(max(node.y, 24), height - 24)
