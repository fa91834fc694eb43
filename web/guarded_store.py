"""A hard time limit for web queries, whatever the store does inside one step.

The store checks its deadline between rows, but some queries (a COUNT over a huge join,
an ORDER BY) do all their work before the first row. The web app therefore runs every
query on a worker thread and stops waiting at the time limit: the client gets a 503 at
once, never a late or partial answer. Oxigraph cannot be interrupted mid-step, so an
abandoned query finishes in the background; at most ``RUNAWAY_SLOTS`` may do so at a
time, after which new queries are refused (503) until one ends, so a flood of slow
queries cannot take every core.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from pcgraph.errors import QueryTimeout
from pcgraph.store import QueryResult, Store

log = logging.getLogger(__name__)

RUNAWAY_SLOTS = 2
GRACE_SECONDS = 0.25


class GuardedStore:
    """Wraps a ``Store`` so ``query`` answers within its timeout (plus a little grace) or raises."""

    def __init__(self, inner: Store, *, workers: int = 8):
        self.inner = inner
        self._pool = ThreadPoolExecutor(max_workers=workers + RUNAWAY_SLOTS, thread_name_prefix="pcgraph-query")
        self._runaways = 0
        self._lock = threading.Lock()

    def query(self, sparql: str, *, timeout: float | None = None, **kwargs) -> QueryResult:
        if not timeout:
            return self.inner.query(sparql, **kwargs)
        with self._lock:
            if self._runaways >= RUNAWAY_SLOTS:
                raise QueryTimeout("the server is still finishing earlier queries that ran past the time limit; "
                                   "try again in a moment")
        future = self._pool.submit(self.inner.query, sparql, timeout=timeout, **kwargs)
        try:
            return future.result(timeout=timeout + GRACE_SECONDS)
        except FutureTimeout:
            with self._lock:
                self._runaways += 1
            future.add_done_callback(self._runaway_done)
            log.warning("query abandoned after %.1fs time limit", timeout)
            raise QueryTimeout(f"the query ran past its time limit of {timeout:g} s and was abandoned") from None

    def _runaway_done(self, _future) -> None:
        with self._lock:
            self._runaways -= 1

    def __getattr__(self, name: str):
        return getattr(self.inner, name)
