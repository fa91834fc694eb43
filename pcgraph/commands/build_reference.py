"""``pcgraph build-reference``: regenerate ``data/reference.trig`` from the sources."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("build-reference")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the TriG here instead of data/reference.trig.")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 if the output file differs from a fresh build.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Build from this data folder (with sources/ and curated/) instead of pcgraph's own.")
def build_reference(output: Path | None, check: bool, data_dir: Path | None) -> None:
    """Regenerate the reference graph from data/sources/ and data/curated/, deterministically.

    Reports the rows read per file, the resources built per class and the rows skipped
    per reason. A malformed source row stops the build with its file and line, and no
    output file is written.
    """
    from pcgraph import paths
    from pcgraph.reference import build_reference as build, write_reference

    data_dir = data_dir or paths.data_dir()
    output = output or data_dir / "reference.trig"
    text, report = build(data_dir)
    _print_report(report)
    if check:
        current = output.read_text(encoding="utf-8") if output.is_file() else None
        if current != text:
            click.echo(f"{output} is out of date: run `pcgraph build-reference`", err=True)
            raise click.exceptions.Exit(1)
        click.echo(f"{output} is up to date")
        return
    write_reference(text, output)
    click.echo(f"wrote {output} ({report.triples} triples in {len(report.graphs)} graphs)")


def _print_report(report) -> None:
    click.echo("read (rows; triples for Turtle):")
    for name, count in sorted(report.read.items()):
        click.echo(f"  {count:6d}  {name}")
    click.echo("built:")
    for cls, count in sorted(report.built.items(), key=lambda kv: str(kv[0])):
        click.echo(f"  {count:6d}  {_short(cls)}")
    click.echo("skipped:")
    for (name, reason), count in sorted(report.skipped.items()):
        click.echo(f"  {count:6d}  {name}: {reason}")
    click.echo("graphs:")
    for name, count in report.graphs.items():
        click.echo(f"  {count:6d}  graph/{name}")


def _short(iri) -> str:
    from pcgraph.namespaces import PREFIXES

    text = str(iri)
    for prefix, namespace in sorted(PREFIXES.items()):
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text
