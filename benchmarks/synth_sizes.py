"""How big and how fast ``pcgraph synth`` is at scales 1, 10 and 100, side by side.

    python benchmarks/synth_sizes.py                 # scales 1 10 100, seed 0, N-Triples
    python benchmarks/synth_sizes.py --scales 1 10 --format ttl

Each scale runs the real command (``pcgraph synth --scale N --seed S -o FILE --manifest
FILE``) in its own process, writing to a temporary folder that is removed afterwards.
For each run it prints the wall time, triples, bytes written, triples per second, the
process's peak resident memory (flat if the output streams), and the ratio of triples
and time to scale 1; and, for calibration, the size of the reference graph in
``data/reference.trig``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PCGRAPH = [sys.executable, "-P", "-m", "pcgraph"]
REPO = Path(__file__).resolve().parent.parent


def run(scale: int, seed: int, syntax: str, folder: Path) -> dict:
    """One generation in a child process: its time, output size and peak memory."""
    graph, manifest = folder / f"synth-{scale}.{syntax}", folder / f"synth-{scale}.json"
    command = [*PCGRAPH, "synth", "--scale", str(scale), "--seed", str(seed), "--format", syntax,
               "-o", str(graph), "--manifest", str(manifest), "-q"]
    began = time.perf_counter()
    child = subprocess.Popen(command)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - began
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{' '.join(command)} exited {child.returncode}")
    planted = json.loads(manifest.read_text(encoding="utf-8"))
    row = {"scale": scale, "seconds": seconds, "triples": planted["triples"], "bytes": graph.stat().st_size,
           "peak_mib": usage.ru_maxrss / 1024, "breaches": len(planted["breaches"])}
    graph.unlink()
    manifest.unlink()
    return row


def reference_triples() -> int | None:
    path = REPO / "data" / "reference.trig"
    if not path.exists():
        return None
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    return len(store)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=["nt", "ttl"], default="nt")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pcgraph-synth-") as tmp:
        rows = [run(scale, args.seed, args.format, Path(tmp)) for scale in args.scales]
    first = rows[0]
    print(f"pcgraph synth, seed {args.seed}, {args.format}, {os.cpu_count()} CPUs")
    print("| scale | triples | MB written | seconds | triples/s | peak memory MiB | planted breaches "
          f"| triples / scale {first['scale']} | time / scale {first['scale']} |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['scale']} | {row['triples']:,} | {row['bytes'] / 1e6:.1f} | {row['seconds']:.2f} "
              f"| {row['triples'] / row['seconds']:,.0f} | {row['peak_mib']:.0f} | {row['breaches']:,} "
              f"| {row['triples'] / first['triples']:.1f} | {row['seconds'] / first['seconds']:.1f} |")
    reference = reference_triples()
    if reference:
        per_nation = first["triples"] / first["scale"]
        print(f"\nreference graph (data/reference.trig): {reference:,} quads; "
              f"one synthetic nation is {per_nation / reference:.2f} times that")


if __name__ == "__main__":
    main()
