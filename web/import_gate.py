"""The one way the web API writes data: through pcgraph's import gate.

Uploaded RDF is staged in a temporary file and handed to
``pcgraph.importing.import_data``, which validates it against the store and writes all or
nothing. A rejected import is a 422 carrying the validation report; nothing is written.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import tempfile
from pathlib import Path

from . import context
from .errors import HTTPError

# Request content types the gate accepts, and the file suffix the importer reads them by.
SUFFIXES = {
    "text/turtle": ".ttl", "application/x-turtle": ".ttl", "application/n-triples": ".nt",
    "text/plain": ".nt", "application/rdf+xml": ".rdf", "application/ld+json": ".jsonld",
    "application/trig": ".trig", "application/n-quads": ".nq", "text/csv": ".csv",
}


def available() -> bool:
    try:
        return importlib.util.find_spec("pcgraph.importing") is not None
    except (ImportError, ValueError):
        return False


def _json(report) -> dict:
    if report is None:
        return {}
    if hasattr(report, "to_json"):
        return report.to_json()
    if isinstance(report, dict):
        return report
    return {"summary": str(report)}


def import_files(files: list[tuple[str, bytes]], *, graph: str | None, replace: bool,
                 as_of: dt.date | None = None) -> dict:
    """Import ``(filename, content)`` pairs; the importer's report as JSON. Raises 422 when rejected."""
    if not available():
        raise HTTPError(503, "importing is not available on this server")
    importing = importlib.import_module("pcgraph.importing")
    with tempfile.TemporaryDirectory(prefix="pcgraph-upload-") as folder:
        paths = []
        for index, (name, content) in enumerate(files):
            safe = Path(name).name or f"upload-{index}"
            path = Path(folder) / f"{index:03d}-{safe}"
            path.write_bytes(content)
            paths.append(path)
        try:
            report = importing.import_data(context.get_raw_store(), paths, graph=graph, replace=replace, as_of=as_of)
        except importing.ImportRejected as exc:
            raise HTTPError(422, str(getattr(exc, "message", exc)) or "the import was rejected; nothing was written",
                            report=_json(getattr(exc, "report", None))) from None
    context.data_changed()
    return _json(report)
