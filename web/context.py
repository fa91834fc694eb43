"""Per-app resources the views share: the settings, the store, and a data generation counter.

The store is opened once per app on first use (an embedded store holds a lock on its
folder, so one process keeps it open); views call ``get_store()`` for the queries pcgraph
itself writes (canned queries, pages) and ``get_public_store()`` for SPARQL that anyone
may send, which on the embedded store runs in killable worker processes
(``pcgraph.sandbox``). Writes through the API call ``data_changed()`` so cached answers
(the validation report) are recomputed and the workers load the new data.
"""

from __future__ import annotations

import threading

from flask import current_app

from pcgraph.settings import Settings
from pcgraph.sandbox import QuerySandbox, default_worker_count
from pcgraph.store import Store, open_store
from pcgraph.store.embedded import EmbeddedStore

from .guarded_store import GuardedStore

_LOCK = threading.Lock()


def settings() -> Settings:
    return current_app.config["PCGRAPH_SETTINGS"]


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


def get_store() -> GuardedStore:
    """The app's store, with a hard time limit on every query (see ``web.guarded_store``)."""
    state = _state()
    raw = get_raw_store()
    if state.get("guarded") is None or state["guarded"].inner is not raw:
        with _LOCK:
            state["guarded"] = GuardedStore(raw)
    return state["guarded"]


def get_public_store():
    """Where untrusted SPARQL runs: a query sandbox over the embedded store, whose workers
    are killed at the time limit; a remote endpoint enforces its own limits."""
    state = _state()
    raw = get_raw_store()
    if not isinstance(raw, EmbeddedStore):
        return get_store()
    sandbox = state.get("sandbox")
    if sandbox is None or sandbox[0] is not raw:
        with _LOCK:
            sandbox = state.get("sandbox")
            if sandbox is None or sandbox[0] is not raw:
                if sandbox is not None:
                    sandbox[1].close()
                sandbox = (raw, QuerySandbox(raw, workers=default_worker_count()))
                state["sandbox"] = sandbox
    return sandbox[1]


def set_store(app, store: Store) -> None:
    """Give the app a store already opened (``pcgraph serve --data``, tests)."""
    app.extensions.setdefault("pcgraph", {"store": None, "generation": 0, "cache": {}})["store"] = store


def generation() -> int:
    """A number that changes whenever the API writes to the store."""
    return _state()["generation"]


def data_changed() -> None:
    state = _state()
    with _LOCK:
        state["generation"] += 1
        state["cache"].clear()
        if state.get("sandbox") is not None:
            state["sandbox"][1].invalidate()


def cache() -> dict:
    """A small per-app cache, cleared by ``data_changed``."""
    return _state()["cache"]
