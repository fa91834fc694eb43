"""Synthetic national graphs for benchmarks and load tests.

``generate(scale, seed, out)`` writes ``scale`` synthetic nations, each shaped like the
real NHS in England (regions, ICBs and their 2026 reorganisation, trusts by sector,
collaboratives, memberships, delegations, accountabilities, reporting lines, change
events), as N-Triples or Turtle. Each nation carries a known handful of breaches of each
governance rule (``breaches.PLANTED_PER_NATION``); ``Result.breaches`` says exactly which
nodes, and the rest of the graph is clean for those rules. The same scale and seed always
give the same bytes.

Modules: ``shape`` (the national figures), ``nation`` (organisations), ``collaboratives``,
``governance`` (delegations, accountabilities, reporting lines), ``breaches`` (planting),
``rules`` (the generator's own check of what it planted), ``rdf`` (writing), ``generate``.
"""

from pcgraph.synth.breaches import PLANTED_PER_NATION, Breach
from pcgraph.synth.generate import PlantingError, Result, generate

__all__ = ["PLANTED_PER_NATION", "Breach", "PlantingError", "Result", "generate"]
