"""``pcgraph ontology``: check the ontology with HermiT, or write its HTML documentation."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def ontology() -> None:
    """Check the ontology or write its documentation."""


@ontology.command("check")
def check() -> None:
    """Load the ontology in owlready2 and check it is consistent with HermiT (needs Java)."""
    from pcgraph.errors import PcgraphError
    from pcgraph.ontology import ReasonerError, check_consistency

    try:
        result = check_consistency()
    except ReasonerError as exc:
        raise PcgraphError(str(exc)) from None
    click.echo(f"ontology: {result.message}")
    if not result.consistent:
        for iri in result.unsatisfiable:
            click.echo(f"  unsatisfiable: {iri}")
        raise click.exceptions.Exit(1)


@ontology.command("docs")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the HTML here instead of standard output.")
def docs(output: Path | None) -> None:
    """Write the ontology's HTML documentation, generated from the Turtle."""
    from pcgraph.ontology_docs import render_html

    html = render_html()
    if output is None:
        click.echo(html)
    else:
        output.write_text(html, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
