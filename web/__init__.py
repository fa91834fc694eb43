"""The pcgraph web service (a Flask app); build it with ``pcgraph.web.app.create_app``."""
