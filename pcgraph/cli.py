"""The ``pcgraph`` command: one group, each verb in its own module, loaded when used.

Verbs live in ``pcgraph/commands/``; ``COMMANDS`` maps each name to its module and
function, so ``pcgraph --help`` stays fast and lists exactly the verbs that exist.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from pcgraph import __version__
from pcgraph.errors import PcgraphError
from pcgraph.settings import SettingError

COMMANDS: dict[str, tuple[str, str, str]] = {
    # name: (module, attribute, one-line help)
    "serve": ("pcgraph.commands.serve", "serve", "Start the web service."),
    "ask": ("pcgraph.commands.ask", "ask", "Answer a question in plain English."),
    "ontology": ("pcgraph.commands.ontology", "ontology", "Check the ontology or write its documentation."),
    "import": ("pcgraph.commands.import_", "import_", "Import RDF or ODS CSV files: mapped, validated, with provenance."),
    "export": ("pcgraph.commands.export", "export", "Write the store, or some of its graphs, as RDF."),
    "query": ("pcgraph.commands.query", "query", "Run a read-only SPARQL query from the command line."),
    "validate": ("pcgraph.commands.validate", "validate", "Check files or the store against the governance rules."),
    "synth": ("pcgraph.commands.synth", "synth", "Write a synthetic national graph with known rule breaches."),
    "build-reference": ("pcgraph.commands.build_reference", "build_reference", "Regenerate the reference graph from data/sources and data/curated."),
}


class LazyGroup(click.Group):
    """A group that imports a verb's module only when that verb runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="pcgraph")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """pcgraph: a knowledge graph of NHS England provider collaboratives.

    Ask who sits where, check delegations against governance rules, and load data
    from other registries, validated and with provenance.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning pcgraph's own errors and the system's into a message and exit 2."""
    try:
        # Without standalone mode, click returns (not raises) the code of a raised Exit.
        status = cli.main(args=argv, prog_name="pcgraph", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except (PcgraphError, SettingError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except OSError as exc:
        # The machine said no (a file gone, a full disk, no permission): say what and where.
        # Commands turn the failures they expect into PcgraphError; this is the last net.
        logging.getLogger(__name__).debug("operating system error", exc_info=True)
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
        sys.exit(2)
    sys.exit(status if isinstance(status, int) else 0)
