"""Write a store (or some of its named graphs) in an RDF format.

TriG and N-Quads keep graph names; Turtle, N-Triples, JSON-LD and RDF/XML hold one graph,
so the chosen graphs are merged (each triple written once). The embedded store dumps
natively; a remote one is read quad by quad.
"""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from pcgraph.errors import InputError
from pcgraph.importing.formats import EXPORT_FORMAT_NAMES, format_named
from pcgraph.namespaces import WRITE_PREFIXES
from pcgraph.store.base import Store


def export_store(store: Store, output: BinaryIO, format_name: str, *, graphs: list[str] | None = None) -> int:
    """Serialise the graphs (default: all) to ``output``; returns how many quads (or triples) were written."""
    fmt = format_named(format_name)
    if fmt.rdf is None:
        raise InputError(f"cannot export as {fmt.name} (export formats: {', '.join(EXPORT_FORMAT_NAMES)})",
                         where="--format")
    known = set(store.graphs())
    chosen = list(dict.fromkeys(graphs)) if graphs else sorted(known)
    missing = [g for g in chosen if g not in known]
    if missing:
        raise InputError(f"the store has no graph {missing[0]}", where="--graph")
    prefixes = WRITE_PREFIXES if fmt.name in ("turtle", "trig", "rdfxml") else None
    if fmt.dataset:
        quads = [q for g in chosen for q in store.quads(g)]
        ox.serialize(quads, output, format=fmt.rdf, prefixes=prefixes)
        return len(quads)
    triples = list(dict.fromkeys(q.triple for g in chosen for q in store.quads(g)))
    ox.serialize(triples, output, format=fmt.rdf, prefixes=prefixes)
    return len(triples)
