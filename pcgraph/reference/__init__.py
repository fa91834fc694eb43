"""The reference graph: real trusts, ICBs, regions and collaboratives, built from ``data/``.

``build_reference()`` reads the source files under ``data/sources/`` and the hand-curated
Turtle under ``data/curated/``, and returns the quads of ``data/reference.trig`` with a
report of what was read, built and skipped. ``write_trig()`` writes them byte-for-byte
the same for the same input, so the committed file can be checked for staleness.
"""

from pcgraph.reference.build import BuildReport, build_reference, write_reference

__all__ = ["BuildReport", "build_reference", "write_reference"]
