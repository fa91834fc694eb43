"""Stores for tests: a new embedded store with the default data, made once and copied; content dumps."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from pcgraph.store.embedded import EmbeddedStore

_TEMPLATE: dict[str, Path] = {}


def default_store_copy(tmp_path_factory, target: Path) -> Path:
    """A folder holding a store with the ontology and reference graph (built once per session, then copied)."""
    if "path" not in _TEMPLATE:
        template = tmp_path_factory.mktemp("template-store") / "store"
        EmbeddedStore.open(template).close()
        _TEMPLATE["path"] = template
    shutil.copytree(_TEMPLATE["path"], target)
    return target


def content(store) -> list[str]:
    """The store's quads as sorted N-Quads lines: equal lists mean byte-for-byte equal content."""
    if isinstance(store, (str, Path)):
        with EmbeddedStore.open(Path(store), load_defaults=False) as opened:
            return content(opened)
    return sorted(str(q) for q in store.quads())


def canonical(quads) -> set[str]:
    """Quads with blank nodes relabelled canonically, for comparing data up to blank node names."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}
