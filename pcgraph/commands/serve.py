"""``pcgraph serve``: the web service, on a production WSGI server (waitress)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click

log = logging.getLogger(__name__)


def default_threads() -> int:
    """Four threads per core, at least four: queries run in Oxigraph outside the GIL, and
    the rest of a request is waiting on the network, so a 2-core machine serves with 8."""
    return max(4, 4 * (os.cpu_count() or 1))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--threads", default=None, type=click.IntRange(1, 64),
              help="Worker threads (default: four per core, at least four).")
@click.option("--store", "store", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the embedded store (default: PCGRAPH_STORE or the user's data folder).")
@click.option("--endpoint", "endpoint", metavar="URL",
              help="Use this remote SPARQL 1.1 endpoint instead of the embedded store.")
@click.option("--update-endpoint", "update_endpoint", metavar="URL",
              help="SPARQL 1.1 update endpoint of the remote store (default: the query endpoint). "
                   "[env PCGRAPH_UPDATE_ENDPOINT]")
@click.option("--data", "data", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Add this file (validated) on top of the default data for this run; repeatable.")
def serve(host: str, port: int, threads: int | None, store: Path | None, endpoint: str | None,
          update_endpoint: str | None, data: tuple[Path, ...]) -> None:
    """Start the web service on the embedded default data.

    With --data, the files are validated and loaded into a private in-memory copy of the
    default data for this run only; the store on disk is not changed.
    """
    from waitress.server import create_server

    from pcgraph.errors import InputError
    from pcgraph.settings import Settings
    from pcgraph.web.app import create_app

    if store and endpoint:
        raise click.UsageError("give --store or --endpoint, not both")
    settings = Settings.from_env(store=store, endpoint=endpoint, update_endpoint=update_endpoint)
    if settings.update_endpoint and not settings.endpoint:
        raise InputError("--update-endpoint needs --endpoint (or PCGRAPH_ENDPOINT)", where="--update-endpoint")
    if data and settings.endpoint:
        raise InputError("--data cannot be used with a remote endpoint (it would write to it)", where="--data")
    app = create_app(settings, store=_store_with(data, settings) if data else None)
    from pcgraph.web.findings import warm_up

    warm_up(app)
    threads = threads or default_threads()
    server = create_server(app, host=host, port=port, threads=threads, ident="pcgraph",
                           max_request_body_size=body_backstop(settings.max_upload_bytes), channel_timeout=120)
    server.channel_class = json_error_channel(settings.max_upload_bytes)
    bound_host, bound_port = server.socket.getsockname()[:2]
    # The address documents give when PCGRAPH_PUBLIC_URL is unset (never the Host header).
    app.config["SERVED_AT"] = f"http://{f'[{bound_host}]' if ':' in bound_host else bound_host}:{bound_port}"
    click.echo(f"pcgraph is serving on http://{bound_host}:{bound_port}/  ({threads} threads; Ctrl+C to stop)",
               err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def body_backstop(limit: int) -> int:
    """waitress's own cap on a request body: somewhat above the app's upload limit.

    Flask (``MAX_CONTENT_LENGTH``) judges bodies over the limit, declared or chunked, and
    answers in the app's error shape (JSON, or a page for a browser). waitress buffers a
    whole body before the app sees it, so it keeps a cap of its own for what the app would
    refuse anyway: a declared length past it is refused unread, a chunked body as soon as
    it runs past it.
    """
    return limit + max(64 * 1024, limit // 16)


def json_error_channel(limit: int):
    """A waitress channel whose 413 is the app's JSON error (limit and setting), not plain text."""
    import json

    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask
    from waitress.utilities import RequestEntityTooLarge

    from pcgraph.web.errors import too_large

    class TooLargeAsJSON(ErrorTask):
        def execute(self) -> None:
            if not isinstance(self.request.error, RequestEntityTooLarge):
                super().execute()
                return
            body = json.dumps(too_large(limit)).encode()
            self.status = "413 Request Entity Too Large"
            self.response_headers.extend([("Content-Type", "application/json"),
                                          ("X-Content-Type-Options", "nosniff")])
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class Channel(HTTPChannel):
        error_task_class = TooLargeAsJSON

    return Channel


def _store_with(files: tuple[Path, ...], settings):
    """An in-memory store with the default data plus ``files``, each through the import gate."""
    from pcgraph.store.defaults import load_default_data
    from pcgraph.store.embedded import EmbeddedStore

    store = EmbeddedStore.in_memory(settings=settings)
    load_default_data(store)
    from pcgraph.importing import import_data

    for path in files:
        report = import_data(store, [path], replace=False, settings=settings, user="pcgraph serve --data")
        log.info("added %s: %s", path, report.summary())
    return store
