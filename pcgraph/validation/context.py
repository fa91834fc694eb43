"""The settings of one validation run: the as-of day and the overlap thresholds.

The shapes read them from a ``pc:ValidationContext`` node (see shapes/vocabulary.ttl).
pcgraph's engine never writes that node into a store: it binds the same values to the
query variables ``?asOf``, ``?overlapMax`` and ``?overlapJaccard`` (Oxigraph
substitutions), which a query's ``OPTIONAL { [] pc:asOf ?asOf }`` then leaves as they
are. A plain pySHACL run gets the node itself, added to its copy of the data graph.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from pcgraph.namespaces import PC
from pcgraph.settings import Settings

XSD = "http://www.w3.org/2001/XMLSchema#"
CONTEXT_NODE = "https://w3id.org/pcgraph/id/validation-context"


@dataclass(frozen=True)
class RunContext:
    as_of: datetime.date
    overlap_max: int
    overlap_jaccard: Decimal

    @classmethod
    def create(cls, as_of: datetime.date | None, settings: Settings | None) -> "RunContext":
        settings = settings or Settings.from_env()
        return cls(
            as_of=as_of or datetime.date.today(),
            overlap_max=int(settings.overlap_max),
            overlap_jaccard=Decimal(str(settings.overlap_jaccard)),
        )

    def terms(self) -> dict[str, ox.Literal]:
        """The values as typed RDF literals, keyed by query variable name."""
        return {
            "asOf": ox.Literal(self.as_of.isoformat(), datatype=ox.NamedNode(XSD + "date")),
            "overlapMax": ox.Literal(str(self.overlap_max), datatype=ox.NamedNode(XSD + "integer")),
            "overlapJaccard": ox.Literal(format(self.overlap_jaccard, "f"), datatype=ox.NamedNode(XSD + "decimal")),
        }

    def quads(self, graph: ox.NamedNode | ox.DefaultGraph | None = None) -> list[ox.Quad]:
        """The ``pc:ValidationContext`` node, for a data graph a plain SHACL engine will read."""
        node = ox.NamedNode(CONTEXT_NODE)
        graph = graph or ox.DefaultGraph()
        quads = [ox.Quad(node, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                         ox.NamedNode(str(PC.ValidationContext)), graph)]
        for name, literal in self.terms().items():
            quads.append(ox.Quad(node, ox.NamedNode(str(PC[name])), literal, graph))
        return quads
