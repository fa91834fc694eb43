"""A synthetic nation written by ``pcgraph synth`` as a user runs it, with its manifest."""

from __future__ import annotations

import json
from pathlib import Path

from support.cli import run_pcgraph


def write_nation(folder: Path, *, scale: int, seed: int) -> tuple[Path, dict]:
    """The graph file and the manifest (planted breaches, as-of day) of one synthetic nation."""
    graph, manifest = folder / "nation.nt", folder / "manifest.json"
    result = run_pcgraph("synth", "--scale", str(scale), "--seed", str(seed), "-o", str(graph),
                         "--manifest", str(manifest))
    assert result.returncode == 0, result.stderr
    return graph, json.loads(manifest.read_text(encoding="utf-8"))
