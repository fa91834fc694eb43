"""``pcgraph export``: write the store, or some of its named graphs, in any RDF format pcgraph reads."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pcgraph.commands.store_options import settings_from, store_options


@click.command()
@click.option("--graph", "graphs", metavar="IRI", multiple=True,
              help="A named graph to export (repeat for several; default: every graph).")
@click.option("--format", "fmt", required=True, metavar="FMT",
              help="turtle, ntriples, nquads, trig, jsonld or rdfxml. Triple formats merge the graphs.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@store_options
def export(graphs: tuple[str, ...], fmt: str, output: Path | None, store_dir: Path | None, endpoint: str | None,
           update_endpoint: str | None) -> None:
    """Write the store's data: TriG and N-Quads keep the named graphs, other formats merge them."""
    from pcgraph.store.export import export_store
    from pcgraph.store import open_for_reading

    settings = settings_from(store_dir, endpoint, update_endpoint)
    with open_for_reading(settings) as store:
        if output is None:
            count = export_store(store, sys.stdout.buffer, fmt, graphs=list(graphs))
            sys.stdout.buffer.flush()
        else:
            count = _write_whole(output, lambda handle: export_store(store, handle, fmt, graphs=list(graphs)))
    from pcgraph.importing.formats import format_named

    unit = "quad" if format_named(fmt).dataset else "triple"
    click.echo(f"{count} {unit}{'' if count == 1 else 's'} written", err=True)


def _write_whole(output: Path, write) -> int:
    """Run ``write`` into a file beside ``output``, renamed over it only when complete."""
    from pcgraph.errors import PcgraphError

    partial = output.with_name(output.name + ".partial")
    try:
        with open(partial, "wb") as handle:
            count = write(handle)
        partial.replace(output)
    except OSError as exc:
        if partial.parent.is_dir():
            partial.unlink(missing_ok=True)
        raise PcgraphError(f"cannot write the export: {exc.strerror or exc}", where=str(output)) from None
    return count
