"""``pcgraph ask "QUESTION"``: answer a question in plain English from the command line.

Prints the reading of the question and the answer as a table, a clarifying question
with its options, or what was not understood with questions that can be answered.
``--json`` prints the same JSON as ``/api/ask``. Exit status: 0 answered, 1 clarify or
refuse (the question needs rewording), 2 could not run.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click


@click.command()
@click.argument("question", nargs=-1, required=True)
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
              help="The day to look at when the question names none (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (the /api/ask shape).")
@click.option("--sparql", "show_sparql", is_flag=True, help="Also print the canned query's SPARQL.")
@click.option("--store", "store", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the embedded store (default: PCGRAPH_STORE or the user's data folder).")
@click.option("--endpoint", "endpoint", metavar="URL", help="Ask a remote SPARQL 1.1 endpoint instead.")
def ask(question: tuple[str, ...], as_of: str | None, as_json: bool, show_sparql: bool, store: Path | None,
        endpoint: str | None) -> None:
    """Answer QUESTION from the graph, e.g. pcgraph ask "who is in the Black Country collaborative?"."""
    from pcgraph.errors import ParameterError
    from pcgraph.questions import answer
    from pcgraph.settings import Settings
    from pcgraph.store import open_for_reading

    day = None
    if as_of:
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            raise ParameterError(f"expected a date as YYYY-MM-DD, got {as_of!r}", where="--as-of") from None
    settings = Settings.from_env(store=store, endpoint=endpoint)
    with open_for_reading(settings) as graph:
        result = answer(" ".join(question), graph, as_of=day, settings=settings)
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        _print(result, show_sparql)
    raise SystemExit(0 if result.status == "answer" else 1)


def _print(result, show_sparql: bool) -> None:
    if result.status == "answer":
        click.echo(click.style("Reading: ", bold=True) + result.interpretation)
        click.echo(click.style("Query:   ", bold=True) + result.query["name"] + " " + " ".join(
            f"{k}={v}" for k, v in result.query["params"].items()))
        click.echo()
        if result.answer_type in {"boolean", "count"} and result.rows:
            value = result.rows[0][result.key]
            click.echo(("Yes" if value else "No") if result.answer_type == "boolean" else str(value))
        elif not result.rows:
            click.echo("Nothing in the graph matches.")
        else:
            _table(result)
        if show_sparql:
            click.echo()
            click.echo(result.sparql)
    elif result.status == "clarify":
        click.echo(result.message)
        for option in result.options:
            click.echo(f"  - {option['label']}: ask \"{option['question']}\"")
    else:
        click.echo(result.message)
        if result.suggestions:
            click.echo("Questions I can answer:")
            for suggestion in result.suggestions:
                click.echo(f"  - {suggestion}")
        for thing in result.named:
            click.echo(f"About {thing['label']}: {thing['iri']}")


def _table(result) -> None:
    headers = [result.to_json()["headers"][c] for c in result.columns]
    lines = [[_cell(row.get(c)) for c in result.columns] for row in result.rows]
    widths = [min(60, max(len(h), *(len(line[i]) for line in lines))) for i, h in enumerate(headers)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for line in lines:
        click.echo("  ".join(cell[:w].ljust(w) for cell, w in zip(line, widths)).rstrip())


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return f"{value['label']} ({value['ods_code']})" if value.get("ods_code") else value["label"]
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
