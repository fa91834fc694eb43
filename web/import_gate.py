"""The one way the web API writes data: through pcgraph's import gate.

Uploaded bytes go to ``pcgraph.importing.import_data`` as ``Upload`` objects named with
a suffix that says their format. The importer validates the store as it would be and
writes all or nothing: a rejected import is a 422 carrying the findings and the
validation report.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from pathlib import Path

from pcgraph.errors import PcgraphError

from . import context
from .errors import HTTPError

# Request content types the gate accepts, and the file suffix the importer reads them by.
SUFFIXES = {
    "text/turtle": ".ttl", "application/x-turtle": ".ttl", "application/n-triples": ".nt",
    "text/plain": ".nt", "application/rdf+xml": ".rdf", "application/ld+json": ".jsonld",
    "application/trig": ".trig", "application/n-quads": ".nq", "text/csv": ".csv",
}


@contextmanager
def _through_the_gate():
    """A write through the gate: a refusal is a 422 with the findings and nothing written
    (so cached answers stay); any other outcome may have changed the data."""
    from pcgraph.importing import ImportRejected

    try:
        yield
    except ImportRejected as exc:
        body = exc.to_json()
        raise HTTPError(422, exc.message, findings=body.get("findings"), report=body.get("validation")) from None
    except PcgraphError:
        raise                                  # refused before anything was written
    except BaseException:
        context.data_changed()
        raise
    context.data_changed()


def import_files(files: list[tuple[str, bytes]], *, graph: str | None, replace: bool,
                 as_of: dt.date | None = None) -> dict:
    """Import ``(filename, content)`` pairs; the importer's report as JSON. Raises 422 when rejected."""
    from pcgraph.importing import Upload, import_data

    uploads = [Upload(Path(name).name or f"upload-{index}", content) for index, (name, content) in enumerate(files)]
    with _through_the_gate():
        report = import_data(context.get_raw_store(), uploads, graph=graph, replace=replace, as_of=as_of,
                             settings=context.settings(), user="web API")
    return report.to_json()


def drop_graph(graph: str) -> int:
    """Remove one named graph through the gate; 422 (nothing removed) when that breaks a rule."""
    from pcgraph.importing import drop_graph as drop

    with _through_the_gate():
        removed = drop(context.get_raw_store(), graph, settings=context.settings())
    return removed
