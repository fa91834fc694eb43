"""``pcgraph serve``: the web service, on a production WSGI server (waitress)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

log = logging.getLogger(__name__)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on (0: any free port).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@click.option("--store", "store", type=click.Path(file_okay=False, path_type=Path), envvar="PCGRAPH_STORE",
              help="Folder of the embedded store.")
def serve(host: str, port: int, threads: int, store: Path | None) -> None:
    """Start the web service on the embedded default data."""
    from waitress.server import create_server

    from pcgraph.settings import Settings
    from pcgraph.web.app import create_app

    settings = Settings.from_env(store=store)
    app = create_app(settings)
    server = create_server(app, host=host, port=port, threads=threads, ident="pcgraph")
    bound_host, bound_port = server.socket.getsockname()[:2]
    click.echo(f"pcgraph is serving on http://{bound_host}:{bound_port}/  (Ctrl+C to stop)", err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
