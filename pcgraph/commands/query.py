"""``pcgraph query``: run a read-only SPARQL query from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pcgraph.commands.store_options import settings_from, store_options
from pcgraph.errors import InputError


@click.command()
@click.argument("sparql")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "turtle", "ntriples"]),
              help="Output: table (default for SELECT/ASK), json (SPARQL 1.1 results JSON), csv; "
                   "turtle (default) or ntriples for CONSTRUCT/DESCRIBE.")
@click.option("--timeout", type=float, help="Seconds before the query is cancelled. [env PCGRAPH_QUERY_TIMEOUT]")
@click.option("--max-rows", type=int, help="Most rows to return. [env PCGRAPH_MAX_ROWS]")
@store_options
def query(sparql: str, fmt: str | None, timeout: float | None, max_rows: int | None, store_dir: Path | None,
          endpoint: str | None, update_endpoint: str | None) -> None:
    """Run SPARQL (the query text, or @FILE.rq to read it from a file) over the union of all graphs.

    Only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) run; updates are refused.
    """
    from pcgraph.sandbox import killable
    from pcgraph.store import open_for_reading
    from pcgraph.store.values import query_form

    text = _query_text(sparql)
    form = query_form(text)
    if form == "update":
        raise InputError("pcgraph query only reads: this is a SPARQL update. Load data with pcgraph import",
                         where="query")
    settings = settings_from(store_dir, endpoint, update_endpoint)
    limit = timeout or settings.query_timeout
    with open_for_reading(settings) as opened, killable(opened, timeout=limit, memory=settings.worker_memory) as store:
        result = store.query(text, timeout=limit,
                             max_rows=max_rows if max_rows is not None else settings.max_rows)
    _write(result, fmt)
    if result.truncated:
        click.echo(f"warning: the answer was cut at {len(result)} rows (--max-rows)", err=True)


def _query_text(argument: str) -> str:
    if not argument.startswith("@"):
        return argument
    path = Path(argument[1:])
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the query file: {exc}", where=str(path)) from None


def _write(result, fmt: str | None) -> None:
    from pcgraph.store.sparql_csv import result_to_csv
    from pcgraph.store.sparql_json import result_to_json

    out = sys.stdout
    if result.kind == "graph":
        import pyoxigraph as ox

        from pcgraph.namespaces import WRITE_PREFIXES

        if fmt in ("json", "csv", "table"):
            raise InputError(f"a CONSTRUCT or DESCRIBE answer is RDF: use --format turtle or ntriples, not {fmt}",
                             where="--format")
        rdf_format = ox.RdfFormat.N_TRIPLES if fmt == "ntriples" else ox.RdfFormat.TURTLE
        out.write(ox.serialize(result.triples, format=rdf_format,
                               prefixes=WRITE_PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None).decode("utf-8"))
        return
    if fmt in ("turtle", "ntriples"):
        raise InputError(f"a {result.kind.upper()} answer is a table: use --format table, json or csv",
                         where="--format")
    if fmt == "json":
        out.write(json.dumps(result_to_json(result), indent=2) + "\n")
    elif fmt == "csv":
        out.write(result_to_csv(result))
    else:
        _table(result)


def _table(result) -> None:
    from rich.console import Console
    from rich.table import Table

    from pcgraph.store.sparql_csv import plain_value

    console = Console()
    if result.kind == "ask":
        console.print("yes" if result.boolean else "no")
        return
    table = Table(show_lines=False)
    for variable in result.variables:
        table.add_column(variable, overflow="fold")   # IRIs wrap whole rather than lose their ends
    for row in result.rows:
        table.add_row(*[plain_value(row.get(v)) for v in result.variables])
    console.print(table)
    console.print(f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}", style="dim")
