"""The default data a new store starts with: the ontology and the reference graph.

Both are loaded in one transaction, with a catalogue entry for each named graph, so a
process killed during the first open leaves an empty store (loaded again next time),
never half the reference graph.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from pcgraph import paths
from pcgraph.namespaces import GRAPH
from pcgraph.store.catalogue import SourceFile, describe_load, now, sha256_of

log = logging.getLogger(__name__)

ONTOLOGY_GRAPH = str(GRAPH["ontology"])
REFERENCE_FILE = "reference.trig"


def default_quads() -> list[ox.Quad]:
    """The ontology (in its own graph) and the reference graph's named graphs, with their catalogue entries."""
    started = now()
    ontology = paths.ontology_file()
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(ONTOLOGY_GRAPH))
             for t in ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE)]
    sources: list[tuple[Path, str, list[ox.Quad]]] = [(ontology, "text/turtle", quads)]
    reference = paths.data_dir() / REFERENCE_FILE
    if reference.is_file():
        parsed = [q for q in ox.parse(path=str(reference), format=ox.RdfFormat.TRIG, rename_blank_nodes=True)
                  if not isinstance(q.graph_name, ox.DefaultGraph)]
        sources.append((reference, "application/trig", parsed))
    else:
        log.warning("no reference graph at %s; the store starts with the ontology only", reference)
    everything: list[ox.Quad] = []
    for path, media_type, file_quads in sources:
        everything += file_quads
        source = SourceFile(f"urn:pcgraph:bundled:{path.parent.name}/{path.name}", path.name, media_type,
                            sha256_of(path), len(file_quads))
        counts = Counter(q.graph_name.value for q in file_quads)
        for graph, count in sorted(counts.items()):
            everything += describe_load(graph, source, triples=count, user="pcgraph", started=started)
    return everything


def load_default_data(store) -> None:
    """Load the defaults into ``store`` (any backend) as one atomic change."""
    store.apply(add=default_quads())
    if hasattr(store, "flush"):
        store.flush()
