"""The Flask application factory."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request

from pcgraph import __version__
from pcgraph.settings import Settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web app. ``settings`` default to the environment's."""
    app = Flask(__name__)
    app.config["PCGRAPH_SETTINGS"] = settings or Settings.from_env()

    @app.get("/")
    def home():
        return render_template("home.html", version=__version__)

    @app.get("/healthz")
    def healthz():
        return jsonify({"ok": True, "version": __version__})

    @app.get("/ontology")
    def ontology_page():
        from pcgraph import paths
        from pcgraph.ontology_docs import render_html

        best = request.accept_mimetypes.best_match(["text/html", "text/turtle"], default="text/html")
        if best == "text/turtle":
            return Response(paths.ontology_file().read_text(encoding="utf-8"), mimetype="text/turtle")
        return render_html()

    return app
