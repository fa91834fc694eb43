"""Where pcgraph's own files live: the ontology, the shapes, the data and the web assets.

Installed from a wheel, the top-level folders ship inside the package under
``pcgraph/bundled/``; in a source checkout (or an editable install) they sit beside the
``pcgraph`` folder. Every other module asks this one, never the current directory.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


class MissingResourceError(RuntimeError):
    """A folder pcgraph ships with could not be found (a broken installation)."""


@cache
def resource_dir(name: str) -> Path:
    """The folder ``name`` (``ontology``, ``shapes``, ``data`` or ``web``)."""
    candidates = [_PACKAGE_DIR / "bundled" / name, _PACKAGE_DIR.parent / name]
    if name == "web":
        candidates.insert(0, _PACKAGE_DIR / "web")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise MissingResourceError(f"pcgraph cannot find its {name!r} folder (looked in {tried})")


def ontology_dir() -> Path:
    return resource_dir("ontology")


def ontology_file() -> Path:
    return ontology_dir() / "pcgraph.ttl"


def shapes_dir() -> Path:
    return resource_dir("shapes")


def data_dir() -> Path:
    return resource_dir("data")


def web_dir() -> Path:
    return resource_dir("web")
