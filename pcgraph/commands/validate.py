"""``pcgraph validate``: check files, or the store, against the governance rules.

Exit status is a contract, as in pySHACL: 0 conforms (warnings and infos allowed),
1 at least one violation, 2 could not run (an unreadable file, a bad date, no store).
"""

from __future__ import annotations

import datetime
import json
import sys
from collections import defaultdict
from pathlib import Path

import click

from pcgraph.commands.store_options import settings_from, store_options

# Above this many quads the text output shows a progress bar (on a terminal).
PROGRESS_THRESHOLD = 100_000
SEVERITY_HEADINGS = {"violation": "Violations", "warning": "Warnings", "info": "For information"}


def _parse_date(ctx, param, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}") from None


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", callback=_parse_date, metavar="DATE",
              help="Judge memberships and delegations as active on this day (YYYY-MM-DD; default today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True,
              help="text (grouped by severity and rule), json, or turtle (a sh:ValidationReport).")
@click.option("--rule", "rules", multiple=True, metavar="ID", help="Check only this rule (repeatable).")
@store_options
def validate(files: tuple[Path, ...], as_of: datetime.date | None, fmt: str, rules: tuple[str, ...],
             store_dir: Path | None, endpoint: str | None, update_endpoint: str | None) -> None:
    """Check FILE ... (each with the ontology), or the store, against pcgraph's governance rules.

    Exit status: 0 conforms (warnings allowed), 1 violations found, 2 could not run.
    """
    settings = settings_from(store_dir, endpoint, update_endpoint)
    if files:
        from pcgraph.importing.pipeline import mapped_store
        from pcgraph.validation.loading import add_ontology

        if store_dir is not None:
            click.echo("note: the files are checked on their own, not with the store's data; to check them "
                       "against the store before loading, run pcgraph import --dry-run", err=True)

        # Read and mapped as pcgraph import reads them (schema.org, W3C ORG, ODS CSV...).
        store = add_ontology(mapped_store(list(files), settings=settings))
        report = _run(store, as_of, settings, rules or None, fmt)
    else:
        from pcgraph.store import open_for_reading

        # A remote store's graphs are pulled into a local engine for the run.
        opened = open_for_reading(settings)
        try:
            store = opened.local_copy().oxigraph
            report = _run(store, as_of, settings, rules or None, fmt)
            _write(report, fmt, store)
        finally:
            opened.close()
        raise click.exceptions.Exit(0 if report.conforms else 1)
    _write(report, fmt, store)
    raise click.exceptions.Exit(0 if report.conforms else 1)


def _run(store, as_of, settings, rules, fmt):
    from pcgraph.validation import validate as run

    if fmt != "text" or not sys.stderr.isatty() or len(store) < PROGRESS_THRESHOLD:
        return run(store, as_of=as_of, settings=settings, rules=rules)
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("checking rules", total=None)

        def on_rule(rule, done, total):
            progress.update(task, completed=done, total=total, description=f"checked {rule.id}")

        return run(store, as_of=as_of, settings=settings, rules=rules, on_rule=on_rule)


def _write(report, fmt: str, store) -> None:
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    elif fmt == "turtle":
        click.echo(report.to_turtle())
    else:
        click.echo(render_text(report, store))


def render_text(report, store) -> str:
    """Findings grouped by severity, then rule; things named by their labels."""
    from pcgraph.validation.labels import labels_for

    counts = report.counts
    lines = [f"As of {report.as_of.isoformat()}: {counts['violation']} violation(s), {counts['warning']} "
             f"warning(s), {counts['info']} for information; {len(report.rules)} rule(s) checked. "
             + ("Conforms." if report.conforms else "Does not conform.")]
    values = {f.value for f in report.results if f.value_term is not None and f.value_term.kind == "iri"
              and f.value != f.focus}
    value_labels = labels_for(store, values) if values else {}
    titles = {rule.id: rule for rule in report.rules}
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for finding in report.results:
        grouped[(finding.severity, finding.rule)].append(finding)
    for severity in ("violation", "warning", "info"):
        rules = sorted(rule for (sev, rule) in grouped if sev == severity)
        if not rules:
            continue
        lines += ["", SEVERITY_HEADINGS[severity], "=" * len(SEVERITY_HEADINGS[severity])]
        for rule_id in rules:
            findings = grouped[(severity, rule_id)]
            rule = titles.get(rule_id)
            lines += ["", f"{rule.title if rule else rule_id} [{rule_id}]: {len(findings)}"]
            messages = {f.message for f in findings}
            if len(messages) == 1:
                lines.append(f"  Why: {findings[0].message}")
            if rule and rule.source:
                lines.append(f"  Source: {rule.source}")
            for finding in findings:
                entry = f"  - {finding.focus_label}"
                if finding.value and finding.value != finding.focus:
                    entry += f" (value: {value_labels.get(finding.value, finding.value)})"
                lines.append(entry)
                if len(messages) > 1:
                    lines.append(f"      {finding.message}")
    return "\n".join(lines)
