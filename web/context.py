"""Per-app resources the views share: the settings, the store, and a data generation counter.

The store is opened once per app on first use (an embedded store holds a lock on its
folder, so one process keeps it open). Every web query on the embedded store runs in
killable worker processes (``pcgraph.sandbox``), so at the time limit its work stops:
views call ``get_store()`` for the queries pcgraph itself writes (canned queries, pages,
questions, search) and ``get_public_store()`` for SPARQL that anyone may send, two pools
so that one cannot starve the other. The importer and the validator use
``get_raw_store()``. Writes through the API call ``data_changed()`` so cached answers
(the validation report) are recomputed and the workers open the new data.
"""

from __future__ import annotations

import threading

from flask import current_app, g, has_request_context

from pcgraph.settings import Settings
from pcgraph.sandbox import QuerySandbox, SandboxedStore, Snapshots, unpin
from pcgraph.store import Store, open_store
from pcgraph.store.embedded import EmbeddedStore

_LOCK = threading.Lock()


def settings() -> Settings:
    return current_app.config["PCGRAPH_SETTINGS"]


def public_url(path: str) -> str:
    """An absolute address on this service, for documents that must give one (the SPARQL
    service description, the API description): ``PCGRAPH_PUBLIC_URL``, else the address
    ``pcgraph serve`` listens on. Never the request's ``Host`` header, which any client
    sets and a shared cache would then serve to everyone."""
    base = settings().public_url or current_app.config.get("SERVED_AT") or "http://localhost"
    return base.rstrip("/") + path


def _state() -> dict:
    return current_app.extensions.setdefault("pcgraph", {"store": None, "generation": 0, "cache": {}})


def get_raw_store() -> Store:
    """The app's store itself, opened on first use (for the importer and the validator)."""
    state = _state()
    if state["store"] is None:
        with _LOCK:
            if state["store"] is None:
                state["store"] = open_store(settings())
    return state["store"]


def get_store() -> Store:
    """The store for the queries pcgraph writes itself (canned queries, pages, questions, search).

    On the embedded store they run in their own pool of killable workers, so a flood of
    public SPARQL cannot starve the pages; a remote endpoint has its own HTTP time limit.
    """
    return _bounded("queries")


def get_public_store() -> Store:
    """Where SPARQL that anyone may send runs: a separate pool of killable workers."""
    return _bounded("sparql")


def _bounded(pool: str) -> Store:
    raw = get_raw_store()
    if not isinstance(raw, EmbeddedStore):
        return raw
    state = _state()
    pools = state.get("pools")
    if pools is None or pools["raw"] is not raw:
        with _LOCK:
            pools = state.get("pools")
            if pools is None or pools["raw"] is not raw:
                if pools is not None:
                    _close(pools)
                pools = {"raw": raw, "snapshots": Snapshots(raw)}
                state["pools"] = pools
    if pool not in pools:
        with _LOCK:
            if pool not in pools:
                config = settings()
                workers = config.query_workers if pool == "queries" else config.sparql_workers
                public = pool == "sparql"
                # Only the public pool may federate (when SERVICE is allowed), and only its
                # answers are cut in bytes: pcgraph's own queries are bounded by design.
                sandbox = QuerySandbox(pools["snapshots"], workers=workers, name=pool,
                                       network=public and config.allow_service, memory=config.worker_memory,
                                       max_answer_bytes=config.max_answer_bytes if public else None)
                pools[pool] = SandboxedStore(raw, sandbox, pools["snapshots"], timeout=config.query_timeout,
                                             pins=_request_pins)
    return pools[pool]


def _close(pools: dict) -> None:
    for name in ("queries", "sparql"):
        if name in pools:
            pools[name].sandbox.close()
    pools["snapshots"].close()


def set_store(app, store: Store) -> None:
    """Give the app a store already opened (``pcgraph serve --data``, tests)."""
    app.extensions.setdefault("pcgraph", {"store": None, "generation": 0, "cache": {}})["store"] = store


def generation() -> int:
    """A number that changes whenever the API writes to the store."""
    return _state()["generation"]


def _request_pins() -> dict | None:
    """Per-request state for ``SandboxedStore``: every query of one request (a page sends
    several) reads the snapshot its first query read, so a page never mixes data from
    before and after an import that lands while it is being built."""
    if not has_request_context():
        return None
    if "pcgraph_pins" not in g:
        g.pcgraph_pins = {}
    return g.pcgraph_pins


def end_of_request(_exc=None) -> None:
    """Let go of the request's snapshot (registered as a teardown by the app)."""
    if has_request_context():
        unpin(g.pop("pcgraph_pins", None))


def data_changed() -> None:
    end_of_request()  # this request wrote: its later queries read the new data
    state = _state()
    with _LOCK:
        state["generation"] += 1
        state["cache"].clear()
        if state.get("pools") is not None:
            state["pools"]["snapshots"].invalidate()


def cache() -> dict:
    """A small per-app cache, cleared by ``data_changed``."""
    return _state()["cache"]


def cache_if_current(key, value, as_of_generation: int) -> bool:
    """Keep ``value`` in the cache only if no write landed since ``as_of_generation`` was read.

    A result computed while an import landed describes data that is gone (or, read over
    several queries, a mix); kept, it would outlive the ``data_changed`` that cleared the
    cache while it ran. Returns whether it was kept.
    """
    state = _state()
    with _LOCK:
        if state["generation"] != as_of_generation:
            return False
        state["cache"][key] = value
        return True
