"""The formats pcgraph reads and writes: names, file extensions, media types."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from pcgraph.errors import InputError


@dataclass(frozen=True)
class Format:
    name: str                       # what --format takes
    media_type: str
    extensions: tuple[str, ...]
    rdf: ox.RdfFormat | None        # None for the CSV layouts (ODS, collaboratives)
    dataset: bool = False           # holds named graphs (TriG, N-Quads)

    @property
    def extension(self) -> str:
        return self.extensions[0]


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("turtle", "text/turtle", (".ttl", ".turtle"), ox.RdfFormat.TURTLE),
    Format("ntriples", "application/n-triples", (".nt", ".ntriples"), ox.RdfFormat.N_TRIPLES),
    Format("nquads", "application/n-quads", (".nq", ".nquads"), ox.RdfFormat.N_QUADS, dataset=True),
    Format("trig", "application/trig", (".trig",), ox.RdfFormat.TRIG, dataset=True),
    Format("jsonld", "application/ld+json", (".jsonld", ".json"), ox.RdfFormat.JSON_LD),
    Format("rdfxml", "application/rdf+xml", (".rdf", ".owl", ".xml"), ox.RdfFormat.RDF_XML),
    Format("ods-csv", "text/csv", (".csv",), None),
    Format("collaboratives-csv", "text/csv", (".csv",), None),
)}

ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads", "n-quads": "nquads",
           "json-ld": "jsonld", "xml": "rdfxml", "rdf": "rdfxml", "rdf/xml": "rdfxml", "csv": "ods-csv"}

IMPORT_FORMAT_NAMES = sorted(FORMATS)
EXPORT_FORMAT_NAMES = sorted(name for name, f in FORMATS.items() if f.rdf is not None)


def format_named(name: str, *, where: str = "--format") -> Format:
    """The format a user named (``turtle``, ``ttl``, ``text/turtle``, ...)."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key in FORMATS:
        return FORMATS[key]
    for fmt in FORMATS.values():
        if fmt.media_type == key:
            return fmt
    raise InputError(f"unknown format {name!r} (known: {', '.join(IMPORT_FORMAT_NAMES)})", where=where)


def format_for(name: str, declared: str | None = None) -> Format:
    """The format of a file: the declared one, else the one its extension says."""
    if declared:
        return format_named(declared)
    suffix = Path(name).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.extensions:
            return fmt
    raise InputError(f"cannot tell the format from the extension {suffix or '(none)'!r}; "
                     f"name it with --format ({', '.join(IMPORT_FORMAT_NAMES)})", where=name)
