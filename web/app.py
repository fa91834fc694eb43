"""The Flask application factory: settings, store, blueprints, one error handler.

    create_app(settings=None, *, store=None) -> Flask

Each area of the site is a blueprint in ``web/views/``. The plain-English question view
(``web/views/ask.py``, a blueprint named ``ask`` serving ``/ask``) is registered when it
exists; the home page's search box then posts to it, otherwise to entity search.
"""

from __future__ import annotations

import importlib
import logging

from flask import Flask

from pcgraph import __version__
from pcgraph.settings import Settings
from pcgraph.store import Store

from . import context, display, response_cache
from .errors import register_error_handlers

log = logging.getLogger(__name__)

BLUEPRINTS = ("pages", "sparql", "queries", "entities", "validation", "matrix", "coverage", "api", "graphs",
              "text2sparql")
OPTIONAL_BLUEPRINTS = ("ask",)


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> Flask:
    """Build the web app. ``settings`` default to the environment's; ``store`` to ``open_store(settings)``."""
    app = Flask(__name__)
    settings = settings or Settings.from_env()
    app.config["PCGRAPH_SETTINGS"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_upload_bytes
    app.config["JSON_SORT_KEYS"] = False
    if store is not None:
        context.set_store(app, store)

    for name in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(f"{__package__}.views.{name}").bp)
    app.config["ASK_ENABLED"] = False
    for name in OPTIONAL_BLUEPRINTS:
        try:
            module = importlib.import_module(f"{__package__}.views.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.views.{name}":
                raise
            continue
        app.register_blueprint(module.bp)
        app.config[f"{name.upper()}_ENABLED"] = True

    register_error_handlers(app)
    display.register(app)
    app.teardown_request(context.end_of_request)
    response_cache.register(app)

    @app.context_processor
    def globals_for_templates():
        return {"version": __version__, "ask_enabled": app.config["ASK_ENABLED"]}

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if response.mimetype == "text/html":
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                "script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
        return response

    return app
