"""The shape fixtures (``tests/shapes/``): read as ``pcgraph validate FILE`` reads them.

Each file is mapped to pcgraph's terms as an import maps it (W3C ORG, schema.org, ...),
with the ontology beside it, and judged on the day in its ``# as-of:`` line.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pyoxigraph as ox

from pcgraph.importing.pipeline import mapped_store
from pcgraph.validation.loading import add_ontology
from support.paths import TESTS_DIR

FIXTURES = TESTS_DIR / "shapes"
DEFAULT_AS_OF = datetime.date(2026, 6, 1)


def read(path: Path) -> ox.Store:
    return add_ontology(mapped_store([path]))


def as_of(path: Path) -> datetime.date:
    match = re.search(r"^# as-of: (\S+)$", path.read_text(encoding="utf-8"), re.M)
    return datetime.date.fromisoformat(match.group(1)) if match else DEFAULT_AS_OF
