"""Whole responses kept until the data changes, with ``ETag`` and ``304 Not Modified``.

The data behind a page, a canned query's answer (HTML, JSON, CSV) or an answer to a
question changes only when something is written, so the app keeps each finished
response keyed on everything it depends on:

- the data generation (``context.generation()``, moved on by every write),
- today's date (pages and answers are "as of today" unless a date is given),
- the host, path and query string, and the ``Accept`` header the response was
  negotiated from.

Only the embedded store's answers are kept: its process holds it alone, so every write
goes through the app; a remote endpoint may be written by others, so nothing is kept.
One hook pair does it for every view (``register``): ``before_request`` answers from the
cache, ``after_request`` keeps what the view made. A response is kept only when

- the request is a ``GET`` or ``HEAD`` without credentials (no ``Authorization`` or
  ``Cookie``): nothing per-user is ever kept;
- it is a whole ``200`` answer (errors, redirects and streamed bodies are not kept);
- its view is not one of ``NOT_CACHED`` (the public SPARQL endpoint, whose queries may
  ask for ``NOW()`` or ``RAND()``; the Graph Store Protocol; health checks; static
  files) and did not call ``not_cacheable()`` (a page saying a report is still being
  prepared);
- no write landed while it was made: the generation is read before the view runs and
  again after. Every query of one request reads one snapshot of the data
  (``context._request_pins``), so a kept page is never half old, half new; and a page
  that a write overtook is served to its own client but not kept.

Every kept (or keepable) response carries a strong ``ETag``, a hash of its body, and
``Cache-Control: no-cache``, so browsers and clients ask again with ``If-None-Match`` and
get ``304`` with no body while the data is the same. Memory is bounded: least recently
used responses go first once the bodies kept pass the budget, and a response larger than
an eighth of the budget is not kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict

from flask import Flask, Response, g, request

from . import context

# Views never kept: blueprint names, or full endpoint names.
NOT_CACHED = frozenset({"sparql", "graphs", "static", "api.healthz", "api.api_import"})
# Response headers not kept with the body (the hooks set them afresh).
_DROPPED_HEADERS = frozenset({"content-length", "date", "set-cookie", "etag"})


class ResponseCache:
    """A thread-safe LRU of finished responses, bounded by the bytes of their bodies."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, tuple[bytes, str, list[tuple[str, str]]]] = OrderedDict()
        self._bytes = 0
        self._generation = 0  # responses made from older data are refused
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        """Bytes of the bodies kept."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, generation: int, key, body: bytes, etag: str, headers: list[tuple[str, str]]) -> bool:
        """Keep a response made from the data of ``generation``; False (and nothing kept) when
        it is too large for the budget or the data has changed since."""
        if len(body) > self.max_bytes // 8:
            return False
        with self._lock:
            if generation < self._generation:
                return False
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[0])
            self._entries[key] = (body, etag, headers)
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, (dropped, _, _) = self._entries.popitem(last=False)
                self._bytes -= len(dropped)
        return True

    def clear(self, generation: int = 0) -> None:
        """Forget every response; with ``generation``, refuse those made from older data."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self._generation = max(self._generation, generation)


def not_cacheable() -> None:
    """The response this request is making depends on more than the data (keep it out)."""
    g.pcgraph_not_cacheable = True


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _cacheable_request() -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if "Authorization" in request.headers or "Cookie" in request.headers:
        return False
    endpoint = request.endpoint or ""
    if endpoint in NOT_CACHED or endpoint.split(".", 1)[0] in NOT_CACHED:
        return False
    return context.writes_are_ours()


def _key(generation: int) -> tuple:
    return (generation, dt.date.today().toordinal(), request.host, request.path,
            request.query_string, request.headers.get("Accept", ""))


def _matches(etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in wanted


def _respond(body: bytes, etag: str, headers: list[tuple[str, str]]) -> Response:
    if _matches(etag):
        response = Response(status=304)
        for name, value in headers:
            if name.lower() in ("vary", "cache-control", "content-location"):
                response.headers[name] = value
    else:
        response = Response(body, status=200, headers=headers)
    response.headers["ETag"] = etag
    return response


def register(app: Flask) -> None:
    """Answer repeated requests from the cache (``before_request``) and keep new answers (``after_request``)."""

    def the_cache() -> ResponseCache:
        state = context.state(app)
        if "responses" not in state:   # setdefault: two first requests make one cache
            state.setdefault("responses", ResponseCache(context.settings().cache_bytes))
        return state["responses"]

    @app.before_request
    def answer_from_cache():
        if not _cacheable_request():
            return None
        generation = context.generation()
        g.pcgraph_cache_key = _key(generation)
        g.pcgraph_cache_generation = generation
        kept = the_cache().get(g.pcgraph_cache_key)
        if kept is None:
            return None
        g.pcgraph_cache_hit = True
        return _respond(*kept)

    @app.after_request
    def keep_in_cache(response: Response) -> Response:
        key = g.get("pcgraph_cache_key")
        if key is None or g.get("pcgraph_cache_hit"):
            return response
        if (response.status_code != 200 or response.is_streamed or response.direct_passthrough
                or g.get("pcgraph_not_cacheable") or "Set-Cookie" in response.headers):
            return response
        body = response.get_data()
        etag = etag_for(body)
        response.headers["ETag"] = etag
        response.headers["Cache-Control"] = "no-cache"
        response.vary.add("Accept")
        headers = [(name, value) for name, value in response.headers.items()
                   if name.lower() not in _DROPPED_HEADERS]
        if context.generation() == g.pcgraph_cache_generation:  # no write overtook this request
            the_cache().put(g.pcgraph_cache_generation, key, body, etag, headers)
        if _matches(etag):
            return _respond(body, etag, headers)
        return response
