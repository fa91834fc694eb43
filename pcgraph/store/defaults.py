"""The default data a new store starts with: the ontology and the reference graph."""

from __future__ import annotations

import logging

import pyoxigraph as ox

from pcgraph import paths
from pcgraph.namespaces import GRAPH

log = logging.getLogger(__name__)

ONTOLOGY_GRAPH = str(GRAPH["ontology"])
REFERENCE_FILE = "reference.trig"


def load_default_data(store) -> None:
    """Load the ontology into its own named graph, and the reference graph's named graphs."""
    inner: ox.Store = store.oxigraph
    inner.bulk_load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE,
                    to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    reference = paths.data_dir() / REFERENCE_FILE
    if reference.is_file():
        inner.bulk_load(path=str(reference), format=ox.RdfFormat.TRIG)
    else:
        log.warning("no reference graph at %s; the store starts with the ontology only", reference)
    inner.flush()
