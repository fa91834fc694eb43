"""The store: one interface, two backends (embedded Oxigraph on disk, or a remote SPARQL endpoint).

    open_store(settings) -> Store

Every source lives in its own named graph; queries see the union of them as their
default graph. A new store (an empty folder, or an endpoint without pcgraph's catalogue
graph) starts with the ontology and the reference graph. See ``pcgraph.store.base`` for the interface,
``pcgraph.store.catalogue`` for the provenance of each graph.
"""

from __future__ import annotations

import logging

from pcgraph.errors import PcgraphError
from pcgraph.settings import Settings
from pcgraph.store.base import QueryResult, Store

__all__ = ["QueryResult", "Store", "open_store"]

log = logging.getLogger(__name__)


def open_store(settings: Settings | None = None, *, read_only: bool = False) -> Store:
    """Open the store the settings name: the remote endpoint if one is set, else the embedded one."""
    settings = settings or Settings.from_env()
    if settings.endpoint:
        from pcgraph.store.remote import RemoteStore

        remote = RemoteStore(settings.endpoint, settings.update_endpoint, settings=settings)
        if not read_only:
            # like a new embedded store, an endpoint without pcgraph's catalogue (whatever
            # graphs of its own it holds) starts with the ontology and reference graph
            from pcgraph.store.defaults import load_default_data

            held = remote.holds_pcgraph_data()   # an endpoint that cannot be read is an error here
            try:
                if held:
                    remote.ensure_merge()
                else:
                    load_default_data(remote)
            except PcgraphError as exc:     # a read-only endpoint is still worth querying
                log.warning("could not give the endpoint pcgraph's default data: %s", exc)
        return remote
    from pcgraph.store.embedded import EmbeddedStore

    return EmbeddedStore.open(settings.store_dir, settings=settings, read_only=read_only)


def open_for_reading(settings: Settings | None = None) -> Store:
    """Open the store to read it: an embedded store that exists already is opened read-only,
    so the command runs beside a ``pcgraph serve`` that holds the store; a new one is made
    (with the default data) as ``open_store`` makes it."""
    settings = settings or Settings.from_env()
    exists = not settings.endpoint and (settings.store_dir / "CURRENT").is_file()
    return open_store(settings, read_only=exists)
