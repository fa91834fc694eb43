"""Import benchmark: ``pcgraph import`` (with the validation gate) against Oxigraph's bulk load plus a full validation.

    python benchmarks/import.py                          # 10k, 100k and 1M triples
    python benchmarks/import.py --sizes 10000 100000     # quicker
    python benchmarks/import.py --sizes --small-into 20  # only: a small import into a large store

For each size it writes an N-Triples file of made-up provider collaboratives that keep
every rule (four acute trusts each, dated memberships, a stated purpose), so the gate
lets the import through and the whole pipeline runs: read, map, validate the affected
nodes, write in one transaction with its catalogue entry. Side by side, in the same run,
a fresh store bulk-loads the same file with Oxigraph (no transaction, no checks) and then
validates the whole store. Each measurement runs in its own process, on a copy of a new
store holding the ontology and reference graph, so peak memory (maximum resident set
size) is that of the step alone. The target: import at most 3x (bulk load + validation).

``--small-into N`` also times a small import (one collaborative, 48 triples) into a store
holding the reference graph plus ``pcgraph synth --scale N``: the gate on a checkpoint of
the store against the gate on an in-memory copy of it, side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PC = "https://w3id.org/pcgraph/ontology#"
ID = "https://w3id.org/pcgraph/id/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DATE = "^^<http://www.w3.org/2001/XMLSchema#date>"
TRIPLES_PER_UNIT = 48
GRAPH = "https://w3id.org/pcgraph/graph/benchmark"


def _code(i: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    for _ in range(4):
        i, r = divmod(i, 36)
        text = digits[r] + text
    return "9" + text            # five characters, outside the codes ODS has issued


def write_collaboratives(path: Path, triples: int) -> int:
    """Units of one collaborative, four trusts and four memberships (48 triples); returns the triple count."""
    units = max(1, triples // TRIPLES_PER_UNIT)
    regions = [f"Y{n}" for n in range(56, 64)]
    with open(path, "w", encoding="utf-8") as out:
        for u in range(units):
            c = f"<{ID}collaborative/benchmark-{u}>"
            out.write(f"{c} <{RDF_TYPE}> <{PC}ProviderCollaborative> .\n"
                      f"{c} <{SKOS}prefLabel> \"Benchmark collaborative {u}\" .\n"
                      f"{c} <{PC}purpose> \"Shared elective recovery.\" .\n"
                      f"{c} <{PC}startDate> \"2020-04-01\"{DATE} .\n")
            for k in range(4):
                code = _code(4 * u + k)
                o, m = f"<{ID}org/{code}>", f"<{ID}membership/benchmark-{u}/{code}>"
                out.write(f"{o} <{RDF_TYPE}> <{PC}FoundationTrust> .\n"
                          f"{o} <{PC}odsCode> \"{code}\" .\n"
                          f"{o} <{SKOS}prefLabel> \"Benchmark trust {code}\" .\n"
                          f"{o} <{PC}sector> <{PC}Acute> .\n"
                          f"{o} <{PC}region> <{ID}org/{regions[(u + k) % 7]}> .\n"
                          f"{o} <{PC}startDate> \"2001-04-01\"{DATE} .\n"
                          f"{m} <{RDF_TYPE}> <{ORG}Membership> .\n"
                          f"{m} <{ORG}member> {o} .\n"
                          f"{m} <{ORG}organization> {c} .\n"
                          f"{m} <{PC}role> <{PC}Member> .\n"
                          f"{m} <{PC}startDate> \"2020-04-01\"{DATE} .\n")
    return units * TRIPLES_PER_UNIT


# -- one measurement, in a child process ---------------------------------------------------


def child(mode: str, data: Path, store_dir: Path) -> dict:
    from pcgraph.store.embedded import EmbeddedStore

    store = EmbeddedStore.open(store_dir)
    result: dict = {}
    if mode == "import":
        from pcgraph.importing import import_data

        started = time.perf_counter()
        report = import_data(store, [data], graph=GRAPH)
        result["seconds"] = time.perf_counter() - started
        result["added"] = report.added
        result["validated"] = report.validated
    else:
        import pyoxigraph as ox

        from pcgraph.validation import validate

        already = len(validate(store).violations)      # the reference graph's own findings
        started = time.perf_counter()
        store.oxigraph.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
        store.flush()
        loaded = time.perf_counter()
        report = validate(store)
        result["load_seconds"] = loaded - started
        result["validate_seconds"] = time.perf_counter() - loaded
        result["seconds"] = time.perf_counter() - started
        result["violations"] = len(report.violations) - already
    store.close()
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def measure(mode: str, data: Path, template: Path, work: Path) -> dict:
    store_dir = work / f"store-{mode}"
    shutil.rmtree(store_dir, ignore_errors=True)
    shutil.copytree(template, store_dir)
    output = subprocess.run([sys.executable, __file__, "--child", mode, str(data), str(store_dir)],
                            check=True, capture_output=True, text=True)
    shutil.rmtree(store_dir, ignore_errors=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--small-into", type=int, metavar="SCALE", help="also time a small import into a "
                        "store with the synthetic graph at this scale")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "DATA", "STORE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, data, store_dir = args.child
        print(json.dumps(child(mode, Path(data), Path(store_dir))))
        return

    from pcgraph.store.embedded import EmbeddedStore

    with tempfile.TemporaryDirectory(prefix="pcgraph-import-bench-") as tmp:
        work = Path(tmp)
        template = work / "template"
        EmbeddedStore.open(template).close()
        print(f"{'triples':>9} | {'import s':>8} {'triples/s':>9} {'peak MB':>7} | {'bulk load s':>11} "
              f"{'validate s':>10} {'peak MB':>7} | {'ratio':>5}")
        for size in args.sizes:
            data = work / f"collaboratives-{size}.nt"
            triples = write_collaboratives(data, size)
            imported = measure("import", data, template, work)
            baseline = measure("baseline", data, template, work)
            if not imported.get("validated"):
                print("warning: the import ran without the validator", file=sys.stderr)
            if baseline["violations"]:
                print(f"warning: the benchmark data breaks {baseline['violations']} rule(s)", file=sys.stderr)
            ratio = imported["seconds"] / baseline["seconds"]
            print(f"{triples:>9,} | {imported['seconds']:>8.2f} {triples / imported['seconds']:>9,.0f} "
                  f"{imported['peak_mb']:>7.0f} | {baseline['load_seconds']:>11.2f} {baseline['validate_seconds']:>10.2f} "
                  f"{baseline['peak_mb']:>7.0f} | {ratio:>5.2f}", flush=True)
            data.unlink()
        if args.small_into:
            small_into(args.small_into, template, work)
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}")


def small_into(scale: int, template: Path, work: Path, repeats: int = 5) -> None:
    """A 48-triple import into a large store: checkpoint candidate against in-memory copy."""
    import pyoxigraph as ox

    from pcgraph.importing import import_data, pipeline
    from pcgraph.store.embedded import EmbeddedStore

    synth = work / "synth.nt"
    subprocess.run([sys.executable, "-m", "pcgraph", "synth", "--scale", str(scale), "--seed", "1", "-q",
                    "--output", str(synth)], check=True)
    small = work / "small.nt"
    write_collaboratives(small, TRIPLES_PER_UNIT)
    store_dir = work / "store-large"
    shutil.copytree(template, store_dir)
    with EmbeddedStore.open(store_dir) as store:
        store.oxigraph.bulk_load(path=str(synth), format=ox.RdfFormat.N_TRIPLES,
                                 to_graph=ox.NamedNode("https://w3id.org/pcgraph/graph/synthetic"))
        quads = len(store.oxigraph)
        timings = {}
        default = pipeline.CHECKPOINT_WHEN_STORE_IS
        for label, factor in (("checkpoint", default), ("in-memory copy", 10 ** 12)):
            pipeline.CHECKPOINT_WHEN_STORE_IS = factor
            runs = []
            for _ in range(repeats):
                started = time.perf_counter()
                import_data(store, [small], graph=GRAPH, replace=True)
                runs.append(time.perf_counter() - started)
            timings[label] = sorted(runs)[len(runs) // 2]
        pipeline.CHECKPOINT_WHEN_STORE_IS = default
    print(f"48-triple import into a {quads:,}-quad store (median of {repeats}): "
          + ", ".join(f"{label} {seconds:.2f} s" for label, seconds in timings.items())
          + f"; ratio {timings['in-memory copy'] / timings['checkpoint']:.1f}x")


if __name__ == "__main__":
    main()
