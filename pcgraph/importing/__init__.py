"""Importing: load RDF (and ODS CSV) from other registries, mapped to pcgraph's terms, checked, traced.

    from pcgraph.importing import import_data, ImportRejected, Upload

    report = import_data(store, ["trusts.ttl", "members.jsonld"], graph=None, replace=False,
                         as_of=None, settings=None)
    report.summary()      # "1200 triples read, 40 mapped, 1180 added, 0 rejected, in 0.8 s (2 graphs)"
    report.to_json()      # {"ok": true, "graphs": [...], "read": ..., "warnings": [...], ...}

``sources`` are paths, or ``Upload(name, data, format)`` for bytes without a file (the
web API's ``POST /api/import`` and Graph Store Protocol ``PUT``/``POST``: pass
``graph=`` and, for ``PUT``, ``replace=True``). Formats: Turtle, N-Triples, N-Quads,
TriG, JSON-LD, RDF/XML and the NHS England ODS 27-column CSV (see
``pcgraph.importing.formats``); the extension says which, or ``format=``.

What one call does, all or nothing:

1. Read each source into memory (``reading``); bad input raises ``InputError`` naming
   the file and line, before the store is touched.
2. Map other vocabularies to pcgraph's (``mapping``, driven by the SPARQL files in
   ``pcgraph/mappings/``): W3C ORG, schema.org, ODS CSV rows; identity by ODS code.
3. Put each source in its own named graph: ``graph=`` if given, else the file's own
   named graphs (TriG, N-Quads) and ``graph/import-{file name}`` for its default graph.
   ``replace=True`` swaps those graphs whole.
4. Validate the store as it would be, on the nodes the change affects (``gate``). A new
   violation raises ``ImportRejected`` (with ``.findings``: rule, node, file, line; and
   ``.report``, the validation report) and nothing is written; new warnings are listed
   in the report.
5. Write the graphs and their catalogue entries (``pcgraph.store.catalogue``: file,
   checksum, format, triple count, who and when) in one transaction.

``drop_graph(store, graph)`` removes a named graph through the same gate: a removal that
would break a rule raises ``ImportRejected``. The ontology and the load catalogue are
pcgraph's own graphs; neither can be imported into or removed.
"""

from pcgraph.importing.formats import EXPORT_FORMAT_NAMES, FORMATS, IMPORT_FORMAT_NAMES, format_named
from pcgraph.importing.pipeline import ImportRejected, ImportReport, default_graph_for, drop_graph, import_data
from pcgraph.importing.reading import Upload

__all__ = ["EXPORT_FORMAT_NAMES", "FORMATS", "IMPORT_FORMAT_NAMES", "ImportRejected", "ImportReport", "Upload",
           "default_graph_for", "drop_graph", "format_named", "import_data"]
