"""The options every store-using verb shares: ``--store DIR`` or ``--endpoint URL [--update-endpoint URL]``."""

from __future__ import annotations

from pathlib import Path

import click

from pcgraph.errors import InputError
from pcgraph.settings import Settings


def store_options(command):
    """Add ``--store``, ``--endpoint`` and ``--update-endpoint`` to a click command."""
    command = click.option("--update-endpoint", metavar="URL", help="SPARQL 1.1 update endpoint of the remote store "
                           "(default: the query endpoint). [env PCGRAPH_UPDATE_ENDPOINT]")(command)
    command = click.option("--endpoint", metavar="URL", help="Use a remote SPARQL 1.1 endpoint instead of the "
                           "embedded store. [env PCGRAPH_ENDPOINT]")(command)
    command = click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
                           help="Folder of the embedded store. [env PCGRAPH_STORE]")(command)
    return command


def settings_from(store_dir: Path | None, endpoint: str | None, update_endpoint: str | None) -> Settings:
    """Settings from the environment, overridden by the options given."""
    if store_dir is not None and endpoint:
        raise InputError("give --store or --endpoint, not both", where="--store")
    settings = Settings.from_env(store=store_dir, endpoint=endpoint, update_endpoint=update_endpoint)
    if store_dir is not None:
        settings = settings.replace(endpoint=None, update_endpoint=None)
    return settings
