"""``pcgraph synth``: write a synthetic national graph with a known set of rule breaches."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

import click


class _AtomicFile:
    """A file written under a temporary name and moved into place only when complete,
    so a failed run never leaves a partial file. Opened at once, so an unwritable path
    is reported before any work is done."""

    def __init__(self, path: Path, option: str):
        from pcgraph.errors import InputError

        if path.is_dir():
            raise InputError(f"{path} is a folder, not a file", where=option)
        if not path.parent.is_dir():
            raise InputError(f"cannot write {path}: folder {path.parent} does not exist", where=option)
        try:
            handle, self.temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror}", where=option) from None
        self.path = path
        self.stream: TextIO = os.fdopen(handle, "w", encoding="utf-8", newline="\n", buffering=1 << 20)

    def commit(self) -> None:
        self.stream.close()
        os.chmod(self.temporary, 0o644)
        os.replace(self.temporary, self.path)

    def discard(self) -> None:
        self.stream.close()
        Path(self.temporary).unlink(missing_ok=True)


@click.command()
@click.option("--scale", default="1", show_default=True, metavar="N",
              help="How many nations: N times the size of the real reference graph.")
@click.option("--seed", default="0", show_default=True, metavar="S", help="Random seed: same scale and seed, same bytes.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the graph here (default, or -: standard output).")
@click.option("--format", "syntax", type=click.Choice(["nt", "ttl"]), default=None,
              help="N-Triples or Turtle (default: ttl for a .ttl output, else nt).")
@click.option("--manifest", type=click.Path(path_type=Path),
              help="Write a JSON list of every planted breach (rule and focus node) here.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on standard error.")
def synth(scale: str, seed: str, output: Path | None, syntax: str | None, manifest: Path | None, quiet: bool) -> None:
    """Write a synthetic national graph for benchmarks and load tests.

    Each of the N nations is shaped like the NHS in England (7 regions, 42 ICBs merged to
    36 in April 2026, about 200 open trusts by sector, collaboratives, memberships,
    delegations, accountabilities, reporting lines, change events) and carries a known
    handful of breaches of every governance rule; --manifest says exactly which nodes.
    """
    from pcgraph.errors import ParameterError
    from pcgraph.synth.shape import MAX_SCALE

    if output is not None and str(output) == "-":
        output = None
    scale_n = _whole(scale, "--scale", minimum=1)
    if scale_n > MAX_SCALE:
        raise ParameterError(f"must be at most {MAX_SCALE} (synthetic ODS codes run out beyond), got {scale_n}",
                             where="--scale")
    seed_n = _whole(seed, "--seed", minimum=0)
    if syntax is None:
        syntax = "ttl" if output is not None and output.suffix == ".ttl" else "nt"
    if output is not None and manifest is not None and output.resolve() == manifest.resolve():
        raise ParameterError("the graph and the manifest cannot be the same file", where="--manifest")
    files: list[_AtomicFile] = []
    try:
        if output is not None:
            files.append(_AtomicFile(output, "--output"))
        if manifest is not None:
            files.append(_AtomicFile(manifest, "--manifest"))
        result = _run(scale_n, seed_n, files[0].stream if output is not None else sys.stdout, syntax)
        if manifest is not None:
            json.dump(manifest_of(result), files[-1].stream, indent=2)
            files[-1].stream.write("\n")
    except BaseException:
        for file in files:
            file.discard()
        raise
    for file in files:
        file.commit()
    if not quiet:
        click.echo(summary(result, output), err=True)


def _whole(text: str, option: str, *, minimum: int) -> int:
    from pcgraph.errors import ParameterError

    try:
        value = int(text)
    except ValueError:
        raise ParameterError(f"expected a whole number, got {text!r}", where=option) from None
    if value < minimum:
        raise ParameterError(f"must be at least {minimum}, got {value}", where=option)
    return value


def _run(scale: int, seed: int, stream: TextIO, syntax: str):
    from pcgraph.synth import generate

    try:
        return generate(scale, seed, stream, turtle=syntax == "ttl")
    except BrokenPipeError:
        # The reader stopped early (``pcgraph synth | head``): stop quietly, as cat does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


def manifest_of(result) -> dict:
    """The manifest: run parameters, planted counts per rule and every planted breach."""
    import pcgraph
    from pcgraph.synth import rules, shape

    planted = result.planted()
    order = {rule: n for n, rule in enumerate(rules.RULES)}
    return {
        "generator": "pcgraph synth",
        "version": pcgraph.__version__,
        "scale": result.scale,
        "seed": result.seed,
        "format": result.syntax,
        "triples": result.triples,
        "as_of": shape.REORGANISATION,
        "as_of_note": "the breaches below are exactly the findings on this date and on any later date",
        "thresholds": {"overlap_max": shape.OVERLAP_MAX, "overlap_jaccard": shape.JACCARD_FINDING},
        "rules": {
            rule: {"planted": planted[rule], "checked": result.population[rule], "of": rules.CHECKED[rule],
                   "share": round(planted[rule] / result.population[rule], 4) if result.population[rule] else 0.0}
            for rule in rules.RULES
        },
        "breaches": [
            {"rule": b.rule, "focus": b.focus, "related": list(b.related), "note": b.note}
            for b in sorted(result.breaches, key=lambda b: order[b.rule])
        ],
    }


def summary(result, output: Path | None) -> str:
    from pcgraph.synth import rules

    where = str(output) if output is not None else "standard output"
    lines = [f"synth: scale {result.scale}, seed {result.seed}: {result.triples:,} triples ({result.syntax}) "
             f"to {where} in {result.seconds:.2f} s",
             "  entities: " + ", ".join(f"{kind} {n:,}" for kind, n in result.entities.items()),
             "  planted breaches (rule: planted / checked):"]
    planted = result.planted()
    for rule in rules.RULES:
        checked = result.population[rule]
        share = f"{100 * planted[rule] / checked:.1f}%" if checked else "-"
        lines.append(f"    {rule:<24} {planted[rule]:>5} / {checked:,} {rules.CHECKED[rule]} ({share})")
    return "\n".join(lines)
