"""One error handler for the whole app: one JSON shape for machines, one page for people.

    {"ok": false, "error": "...", "status": 400, ...extra}

Syntax errors add ``line`` and ``column``; parameter errors add ``parameter``. Anything
unexpected is logged with its traceback and answered with a plain 500 that echoes nothing.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from pcgraph.errors import InputError, ParameterError, PcgraphError, QueryTimeout, StoreError

log = logging.getLogger(__name__)

JSON_TYPES = ("application/json", "application/sparql-results+json", "application/problem+json")
_MACHINE_TYPES = ("application/sparql-results+xml", "text/csv", "text/tab-separated-values", "text/turtle",
                  "application/n-triples", "application/ld+json", "application/rdf+xml", "text/plain")


class HTTPError(PcgraphError):
    """An error with an HTTP status, raised by views to answer in the one error shape."""

    def __init__(self, status: int, message: str, *, where: str | None = None, **extra):
        super().__init__(message, where=where)
        self.status = status
        self.extra = extra


UPLOAD_LIMIT_SETTING = "PCGRAPH_MAX_UPLOAD_BYTES"


def too_large(limit: int) -> dict:
    """The 413 body: what was refused, the limit, and the setting that raises it.

    Shared with the WSGI server, which refuses bodies far over the limit before the app sees them.
    """
    return {"ok": False, "status": 413,
            "error": f"the request body is larger than the upload limit of {limit:,} bytes "
                     f"(setting {UPLOAD_LIMIT_SETTING})",
            "limit": limit, "setting": UPLOAD_LIMIT_SETTING}


def wants_html() -> bool:
    """True when the client is a browser asking for a page (not an API path, not a data format)."""
    path = request.path
    if path.startswith(("/api/", "/graphs", "/healthz")) or path.endswith((".json", ".csv")):
        return False
    accept = request.accept_mimetypes
    if not accept.provided:
        return False
    # Only a client that prefers HTML over JSON gets a page; curl's */* gets JSON.
    return accept.quality("text/html") > max(accept.quality(t) for t in (*JSON_TYPES, *_MACHINE_TYPES))


def error_response(status: int, message: str, **extra) -> Response:
    """The one error shape, as JSON or as an HTML page, whichever the client prefers."""
    body = {"ok": False, "error": message, "status": status, **{k: v for k, v in extra.items() if v is not None}}
    if wants_html():
        response = Response(render_template("error.html", error=body), status=status, mimetype="text/html")
    else:
        response = jsonify(body)
        response.status_code = status
    return response


def _status_for(exc: PcgraphError) -> int:
    if isinstance(exc, HTTPError):
        return exc.status
    if getattr(exc, "http_status", None):
        return exc.http_status
    if isinstance(exc, QueryTimeout):
        return 503
    if isinstance(exc, InputError):
        return 400
    if isinstance(exc, StoreError):
        return 503
    return 400


def pcgraph_error_response(exc: PcgraphError) -> Response:
    """The response for an error pcgraph raised on purpose: status, the one shape, and headers."""
    status = _status_for(exc)
    extra = dict(getattr(exc, "extra", {}) or {})
    if getattr(exc, "line", None) is not None:
        extra.update(line=exc.line, column=exc.column)
    if isinstance(exc, ParameterError) and exc.where:
        extra["parameter"] = exc.where.removeprefix("parameter ").strip("'\"")
    message = str(exc) if not isinstance(exc, HTTPError) else exc.message
    if isinstance(exc, StoreError):
        log.error("store error on %s: %s", request.path, exc)
    response = error_response(status, message, **extra)
    if status == 503:
        response.headers["Retry-After"] = "5"
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="pcgraph"'
    return response


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(PcgraphError, pcgraph_error_response)

    @app.errorhandler(RequestEntityTooLarge)
    def body_too_large(exc: RequestEntityTooLarge):
        body = too_large(app.config["MAX_CONTENT_LENGTH"])
        return error_response(413, body.pop("error"), **{k: v for k, v in body.items() if k not in ("ok", "status")})

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        response = error_response(exc.code or 500, exc.description or exc.name)
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, "internal error: the server could not answer this request; it has been logged")
