"""Build the reference graph: read every source, check it, and write TriG atomically."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from pcgraph.namespaces import ID, PC
from pcgraph.reference import sources
from pcgraph.reference.collaboratives import build_collaboratives
from pcgraph.reference.context import BuildReport, Context
from pcgraph.reference.curated import load_curated
from pcgraph.reference.geography import build_geography
from pcgraph.reference.relations import build_headquarters, build_partner_mapping
from pcgraph.reference.reorganisation import build_reorganisation
from pcgraph.reference.trig import to_trig
from pcgraph.reference.trusts import build_cc0_trusts, build_trusts, read_ods

log = logging.getLogger(__name__)

__all__ = ["BuildReport", "build_reference", "write_reference"]


def build_reference(data_dir: Path) -> tuple[str, BuildReport]:
    """The TriG text of the reference graph built from ``data_dir``, and the build report."""
    ctx = Context(root=data_dir)
    sources.describe_files(ctx.quads)
    build_geography(ctx)
    before, after = read_ods(ctx, sources.ETR_2025), read_ods(ctx, sources.ETR_2026)
    care = read_ods(ctx, sources.ECT_2023)
    used = build_trusts(ctx, before, after, care)
    build_reorganisation(ctx, before, after)
    build_cc0_trusts(ctx)
    known = set(ctx.trusts) | set(ctx.icbs) | set(ctx.regions) | _sub_icb_codes(ctx)
    load_curated(ctx, known)
    build_collaboratives(ctx, _functions())
    build_headquarters(ctx, used, before, after, care)
    build_partner_mapping(ctx)
    report = ctx.report
    report.built = ctx.quads.class_counts()
    report.graphs = {name: len(triples) for name, triples in sorted(ctx.quads.graphs.items())}
    report.triples = ctx.quads.triple_count()
    log.info("built %d triples in %d graphs", report.triples, len(report.graphs))
    return to_trig(ctx.quads), report


def _functions() -> set:
    """The functions the ontology defines: a delegation may name only these."""
    from rdflib import Graph
    from rdflib.namespace import RDF

    from pcgraph.paths import ontology_file
    graph = Graph().parse(ontology_file(), format="turtle")
    return set(graph.subjects(RDF.type, PC.Function))


def _sub_icb_codes(ctx: Context) -> set[str]:
    prefix = len(str(ID["org/"]))
    return {str(s)[prefix:] for s in ctx.quads.subjects_of_type(PC.SubICBLocation)}


def write_reference(text: str, output: Path) -> None:
    """Write ``text`` to ``output`` through a temporary file and a rename: never half a file."""
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; the graph is not
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
