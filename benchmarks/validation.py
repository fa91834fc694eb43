"""Validation speed: full runs against Oxigraph's bulk load, plain pySHACL, and incremental runs.

    python benchmarks/validation.py [--scale 31] [--pyshacl-scale 1] [--changes 34] [--repeat 7] [--skip-pyshacl | --pyshacl-only]

Generates synthetic national graphs with ``pcgraph synth`` into a temporary folder, then
prints, from one run:

1. full validation of the scale-``--scale`` graph next to the time Oxigraph takes to
   bulk-load the same file (the target: at most 5x), and how many planted breaches the
   run found;
2. the fast engine next to plain pySHACL on the scale-``--pyshacl-scale`` graph, and
   whether the two found the same set of (rule, focus, path, value, severity);
3. an incremental run after a change touching about 100 nodes of the large graph, timed
   ``--repeat`` times: the walk (``affected_focus_nodes``) and the rules
   (``validate(focus=...)``) apart and together (best and median, wall clock, and the
   process's CPU time, which other jobs on the machine disturb less), how
   many focus nodes the walk found and of what kinds, each rule's share, the machine's
   load average, and whether the findings equal a full run's on those nodes.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox

# Measure the checkout this script belongs to, whatever copy of pcgraph is installed.
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pcgraph import paths  # noqa: E402
from pcgraph.validation import affected_focus_nodes, engine, validate  # noqa: E402
from pcgraph.validation.loading import ONTOLOGY_GRAPH  # noqa: E402
from pcgraph.validation.reference import reference_keys  # noqa: E402

AS_OF = datetime.date(2026, 4, 1)
ORG = "http://www.w3.org/ns/org#"


def synth(scale: int, folder: Path) -> tuple[Path, dict]:
    out, manifest = folder / f"synth-{scale}.nt", folder / f"synth-{scale}.json"
    subprocess.run([sys.executable, "-m", "pcgraph", "synth", "--scale", str(scale), "--seed", "0",
                    "-o", str(out), "--manifest", str(manifest), "-q"], check=True, cwd=REPO)
    return out, json.loads(manifest.read_text(encoding="utf-8"))


def bulk_load(path: Path) -> tuple[ox.Store, float]:
    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    return store, time.perf_counter() - started


def full_run(scale: int, folder: Path) -> ox.Store:
    path, manifest = synth(scale, folder)
    store, load_seconds = bulk_load(path)
    started = time.perf_counter()
    report = validate(store, as_of=AS_OF)
    seconds = time.perf_counter() - started
    planted = {(b["rule"], b["focus"]) for b in manifest["breaches"]}
    found = {(f.rule, f.focus) for f in report.results}
    print(f"\n1. Full validation, synthetic scale {scale} ({len(store):,} quads with the ontology)")
    print(f"   Oxigraph bulk load   {load_seconds:8.2f} s")
    print(f"   full validation      {seconds:8.2f} s   ({len(report.rules)} rules, {len(report.results):,} findings)")
    print(f"   ratio                {seconds / load_seconds:8.2f} x the bulk load (target <= 5)")
    print(f"   planted breaches found: {len(planted & found)} of {len(planted)}")
    print(f"   machine: {_load()}")
    return store


def pyshacl_run(scale: int, folder: Path) -> None:
    path, _ = synth(scale, folder)
    store, _ = bulk_load(path)
    started = time.perf_counter()
    fast = validate(store, as_of=AS_OF).keys()
    fast_seconds = time.perf_counter() - started
    started = time.perf_counter()
    plain = reference_keys(store, as_of=AS_OF)
    plain_seconds = time.perf_counter() - started
    print(f"\n2. Fast engine against plain pySHACL, synthetic scale {scale} ({len(store):,} quads with the ontology)")
    print(f"   plain pySHACL        {plain_seconds:8.2f} s")
    print(f"   fast engine          {fast_seconds:8.2f} s")
    print(f"   speed-up             {plain_seconds / fast_seconds:8.1f} x (target >= 50)")
    print(f"   identical findings:  {fast == plain} ({len(fast):,} findings"
          + ("" if fast == plain else f"; only fast {len(fast - plain)}, only pySHACL {len(plain - fast)}") + ")")
    print(f"   machine: {_load()}")


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


class _RuleTimings(logging.Handler):
    """Collects the engine's per-rule timings from its DEBUG records."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.by_rule: dict[str, list[float]] = defaultdict(list)

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("rule %s"):
            rule, _count, ms = record.args
            self.by_rule[rule].append(ms / 1000)
        elif record.msg.startswith("focus:"):
            self.by_rule["focus"].append(record.args[-1] / 1000)


def incremental_run(store: ox.Store, changes: int, repeat: int) -> None:
    rng = random.Random(0)
    collaboratives = sorted(r["c"].value for r in store.query(
        f"SELECT DISTINCT ?c WHERE {{ ?m <{ORG}organization> ?c }}", use_default_graph_as_union=True))
    members = sorted(r["o"].value for r in store.query(
        f"SELECT DISTINCT ?o WHERE {{ ?m <{ORG}member> ?o }}", use_default_graph_as_union=True))
    graph = ox.NamedNode("https://w3id.org/pcgraph/graph/benchmark-change")
    quads = []
    for index in range(changes):
        membership = ox.NamedNode(f"https://w3id.org/pcgraph/id/membership/benchmark/{index}")
        quads += [
            ox.Quad(membership, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                    ox.NamedNode(ORG + "Membership"), graph),
            ox.Quad(membership, ox.NamedNode(ORG + "member"), ox.NamedNode(rng.choice(members)), graph),
            ox.Quad(membership, ox.NamedNode(ORG + "organization"), ox.NamedNode(rng.choice(collaboratives)), graph),
        ]
    changed = {t.value for q in quads for t in (q.subject, q.object)
               if isinstance(t, ox.NamedNode) and not t.value.startswith(ORG)}
    store.extend(quads)
    load_before = _load()
    walk, rules, total, walk_cpu, rules_cpu = [], [], [], [], []
    timings = _RuleTimings()
    engine_log = logging.getLogger("pcgraph.validation.engine")
    engine_log.addHandler(timings)
    engine_log.setLevel(logging.DEBUG)
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        focus = affected_focus_nodes(store, changed)
        walked, walked_cpu = time.perf_counter(), time.process_time()
        report = validate(store, as_of=AS_OF, focus=focus)
        finished, finished_cpu = time.perf_counter(), time.process_time()
        walk.append(walked - started)
        rules.append(finished - walked)
        total.append(finished - started)
        walk_cpu.append(walked_cpu - cpu)
        rules_cpu.append(finished_cpu - walked_cpu)
    engine_log.removeHandler(timings)
    engine_log.setLevel(logging.NOTSET)
    load_after = _load()
    full = validate(store, as_of=AS_OF)
    expected = {f.key for f in full.results if f.focus in focus}
    kinds = Counter()
    for row in store.query("SELECT ?this (SAMPLE(?type) AS ?kind) WHERE { "
                           + "VALUES ?this { " + " ".join(f"<{iri}>" for iri in sorted(focus)) + " } "
                           + "OPTIONAL { ?this a ?type } } GROUP BY ?this", use_default_graph_as_union=True):
        kind = row["kind"]
        kinds[kind.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if kind is not None else "(no type)"] += 1
    ms = lambda values: f"{1000 * min(values):7.1f} ms best, {1000 * _median(values):7.1f} ms median"
    print(f"\n3. Incremental validation after adding {changes} memberships ({len(changed)} IRIs touched), "
          f"{repeat} runs")
    print(f"   affected focus nodes {len(focus):8,}  ("
          + ", ".join(f"{n} {kind}" for kind, n in kinds.most_common()) + ")")
    print(f"   walk (affected_focus_nodes)   {ms(walk)}   (CPU {1000 * min(walk_cpu):.1f} ms best)")
    print(f"   rules (validate(focus=...))   {ms(rules)}   (CPU {1000 * min(rules_cpu):.1f} ms best, all threads)")
    print(f"   total                         {ms(total)}   (target < 200 ms)")
    print(f"   per rule, median ms on its thread ({engine.WORKERS} threads run the rules side by side; "
          "'focus' is reading the focus nodes' classes, beside the other targets' lookups):")
    split = sorted(timings.by_rule.items(), key=lambda item: -_median(item[1]))
    for start in range(0, len(split), 4):
        print("     " + "  ".join(f"{name} {1000 * _median(values):.1f}" for name, values in split[start:start + 4]))
    print(f"   machine: {load_before} before, {load_after} after")
    print(f"   full run on the changed graph {full.duration:.2f} s; incremental findings equal the full "
          f"run's for those nodes: {report.keys() == expected} ({len(expected)} findings)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=31, help="synthetic scale for full and incremental runs")
    parser.add_argument("--pyshacl-scale", type=int, default=1, help="synthetic scale for the pySHACL comparison")
    parser.add_argument("--changes", type=int, default=34, help="memberships added for the incremental run")
    parser.add_argument("--repeat", type=int, default=7, help="incremental runs to time (best and median shown)")
    parser.add_argument("--skip-pyshacl", action="store_true", help="leave out the (slow) pySHACL comparison")
    parser.add_argument("--pyshacl-only", action="store_true", help="run only the pySHACL comparison (section 2)")
    args = parser.parse_args()
    print(f"pcgraph measured from {Path(paths.__file__).resolve().parent.parent}")
    with tempfile.TemporaryDirectory(prefix="pcgraph-bench-") as tmp:
        folder = Path(tmp)
        if not args.pyshacl_only:
            store = full_run(args.scale, folder)
            incremental_run(store, args.changes, args.repeat)
            del store
        if args.pyshacl_only or not args.skip_pyshacl:
            pyshacl_run(args.pyshacl_scale, folder)


if __name__ == "__main__":
    main()
