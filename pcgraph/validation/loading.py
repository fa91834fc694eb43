"""Load RDF files for validation: each file with the ontology, into a fresh in-memory store.

Errors name the file and, for syntax errors, the line and column, and nothing is kept
from a run that failed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from pcgraph import paths
from pcgraph.errors import InputError
from pcgraph.namespaces import GRAPH

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS, ".n3": ox.RdfFormat.N3,
    ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
}
ONTOLOGY_GRAPH = ox.NamedNode(str(GRAPH["ontology"]))
_POSITION = re.compile(r"line (\d+) column (\d+)")


def _format_for(path: Path) -> ox.RdfFormat:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"cannot tell the RDF format from the extension {path.suffix or '(none)'!r} "
                         f"(known: {known})", where=str(path))
    return fmt


def _syntax_error(path: Path, exc: SyntaxError) -> InputError:
    text = str(exc)
    match = _POSITION.search(text)
    where = f"{path}, line {match.group(1)}, column {match.group(2)}" if match else str(path)
    message = re.sub(r"\s*\([^()]*, line \d+\)\s*$", "", text)
    return InputError(f"cannot parse the file: {message}", where=where)


def add_ontology(store: ox.Store) -> ox.Store:
    """``store`` with the ontology added in its own graph (class closures need it)."""
    store.bulk_load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    return store


def load_files(files: Iterable[Path | str], *, with_ontology: bool = True) -> ox.Store:
    """A new in-memory store holding the ontology and every file given."""
    store = ox.Store()
    if with_ontology:
        add_ontology(store)
    for name in files:
        path = Path(name)
        fmt = _format_for(path)
        if not path.is_file():
            raise InputError("cannot read the file: it does not exist or is not a file", where=str(path))
        try:
            if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
                store.bulk_load(path=str(path), format=fmt)
            else:
                store.bulk_load(path=str(path), format=fmt, to_graph=ox.DefaultGraph())
        except SyntaxError as exc:
            raise _syntax_error(path, exc) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the file: {exc}", where=str(path)) from None
    return store
