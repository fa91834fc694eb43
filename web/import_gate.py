"""The one way the web API writes data: through pcgraph's import gate.

Uploaded bytes go to ``pcgraph.importing.import_data`` as ``Upload`` objects named with
a suffix that says their format. The importer validates the store as it would be and
writes all or nothing: a rejected import is a 422 carrying the findings and the
validation report.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import context
from .errors import HTTPError

# Request content types the gate accepts, and the file suffix the importer reads them by.
SUFFIXES = {
    "text/turtle": ".ttl", "application/x-turtle": ".ttl", "application/n-triples": ".nt",
    "text/plain": ".nt", "application/rdf+xml": ".rdf", "application/ld+json": ".jsonld",
    "application/trig": ".trig", "application/n-quads": ".nq", "text/csv": ".csv",
}


def import_files(files: list[tuple[str, bytes]], *, graph: str | None, replace: bool,
                 as_of: dt.date | None = None) -> dict:
    """Import ``(filename, content)`` pairs; the importer's report as JSON. Raises 422 when rejected."""
    from pcgraph.importing import ImportRejected, Upload, import_data

    uploads = [Upload(Path(name).name or f"upload-{index}", content) for index, (name, content) in enumerate(files)]
    try:
        report = import_data(context.get_raw_store(), uploads, graph=graph, replace=replace, as_of=as_of,
                             settings=context.settings(), user="web API")
    except ImportRejected as exc:
        body = exc.to_json()
        raise HTTPError(422, exc.message, findings=body.get("findings"), report=body.get("validation")) from None
    finally:
        context.data_changed()
    return report.to_json()


def drop_graph(graph: str, *, as_of: dt.date | None = None) -> int:
    """Remove one named graph through the gate; 422 (nothing removed) when that breaks a rule."""
    from pcgraph.importing import ImportRejected, drop_graph as drop

    try:
        return drop(context.get_raw_store(), graph, as_of=as_of, settings=context.settings())
    except ImportRejected as exc:
        body = exc.to_json()
        raise HTTPError(422, exc.message, findings=body.get("findings"), report=body.get("validation")) from None
    finally:
        context.data_changed()
