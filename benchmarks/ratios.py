"""The read path, file validation and imports, each against its baseline, side by side in one run.

    python benchmarks/ratios.py                 # synthetic scale 10, 50 warm requests each
    python benchmarks/ratios.py --scale 1 --repeat 20

Every figure is a whole process (or a request to a real ``pcgraph serve``) timed beside
the baseline it is judged against, on the same file and the same machine minutes apart,
so the ratios hold even when the machine is busy with other work. The load average is
printed with each section; CPU seconds (user + system, threads included) and peak memory
(maximum resident set size) come from the operating system's accounting of each process.

1. ``pcgraph validate FILE`` against Oxigraph's bulk load of the same file into memory.
2. ``pcgraph import --no-validate`` (trusted) and ``pcgraph import`` (gated) into a copy
   of a new store (ontology and reference graph), against Oxigraph's bulk load of the
   same file into a copy of that store on disk, and that plus ``pcgraph validate --store``.
   The file is the synthetic graph for the trusted import; for the gated one, made-up
   collaboratives that keep every rule (``benchmarks/import.py``), since the synthetic
   graph plants breaches the gate refuses.
3. A warm entity page and a warm canned query against ``/healthz`` on one server holding
   the reference graph and the synthetic graph: medians of ``--repeat`` requests over one
   keep-alive connection, each request asked once first.
4. The same requests in the web app in-process: CPU time per warm request.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

PCGRAPH = [sys.executable, "-P", "-m", "pcgraph"]
GRAPH = "https://w3id.org/pcgraph/graph/benchmark"
BULK_LOAD = """
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[2]) if len(sys.argv) > 2 else ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES,
                to_graph=ox.NamedNode("https://w3id.org/pcgraph/graph/benchmark"))
store.flush() if len(sys.argv) > 2 else None
"""


READ_PATHS = {
    "/healthz": "/healthz",
    "entity page /id/org/RXK": "/id/org/RXK",
    "canned query (JSON)": "/queries/members-of-collaborative.json?collaborative="
                           "id:collaborative/black-country-provider-collaborative",
    "whole-graph canned query (JSON)": "/queries/collaboratives-spanning-icbs.json",
}


def run(command: list[str], env: dict | None = None) -> dict:
    """Wall seconds, CPU seconds and peak MiB of one process; its exit status too."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    error = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "mib": usage.ru_maxrss / 1024,
            "status": os.waitstatus_to_exitcode(status), "stderr": error}


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def row(label: str, figures: dict, base: dict | None = None) -> None:
    ratio = "" if base is None else (f"  {figures['wall'] / base['wall']:5.2f}x wall  {figures['cpu'] / base['cpu']:5.2f}x CPU"
                                     f"  {figures['mib'] / base['mib']:5.2f}x memory")
    print(f"  {label:<44} {figures['wall']:7.2f} s wall {figures['cpu']:7.2f} s CPU {figures['mib']:7.0f} MiB{ratio}",
          flush=True)


def store_copy(template: Path, work: Path, name: str) -> Path:
    target = work / name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(template, target)
    return target


def files(synth: Path, work: Path, template: Path, conforming: Path) -> None:
    print(f"\n1. pcgraph validate FILE against Oxigraph's bulk load ({load()})")
    bulk = run([sys.executable, "-c", BULK_LOAD, str(synth)])
    row("bulk load into memory", bulk)
    checked = run([*PCGRAPH, "validate", str(synth), "--as-of", "2026-04-01", "--format", "json"])
    row(f"pcgraph validate FILE (exit {checked['status']})", checked, bulk)

    print(f"\n2. pcgraph import against Oxigraph's bulk load into the store on disk ({load()})")
    for name, data, gated in (("synthetic graph", synth, False), ("conforming collaboratives", conforming, True)):
        bulk = run([sys.executable, "-c", BULK_LOAD, str(data), str(store_copy(template, work, "bulk"))])
        row(f"bulk load ({name})", bulk)
        if gated:
            whole = run([*PCGRAPH, "validate", "--store", str(work / "bulk"), "--format", "json"])
            row("  then pcgraph validate --store", whole)
            base = {key: bulk[key] + whole[key] for key in ("wall", "cpu")} | {"mib": max(bulk["mib"], whole["mib"])}
            row("  bulk load + validation", base)
        else:
            base = bulk
        command = [*PCGRAPH, "import", "--store", str(store_copy(template, work, "imported")), "--graph", GRAPH,
                   str(data), *([] if gated else ["--no-validate"])]
        imported = run(command)
        label = "pcgraph import (gated)" if gated else "pcgraph import --no-validate"
        row(f"{label} (exit {imported['status']})", imported, base)
        if imported["status"] != 0:
            print(imported["stderr"][-2000:], file=sys.stderr)


def read_path(store_dir: Path, repeat: int) -> None:
    import requests

    from support.processes import ServerProcess

    print(f"\n3. warm requests against /healthz on one server ({load()})")
    paths = READ_PATHS
    with ServerProcess("--store", str(store_dir)) as server, requests.Session() as session:
        medians = {}
        for label, path in paths.items():
            first = time.perf_counter()
            assert session.get(server.url + path, timeout=120).status_code == 200, path
            cold = time.perf_counter() - first
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                session.get(server.url + path, timeout=60)
                samples.append(time.perf_counter() - started)
            medians[label] = statistics.median(samples)
            versus = "" if label == "/healthz" else f"  {medians[label] / medians['/healthz']:5.2f}x /healthz"
            print(f"  {label:<36} first {cold * 1000:8.1f} ms, warm median {medians[label] * 1000:6.2f} ms{versus}",
                  flush=True)


def in_process(store_dir: Path, repeat: int) -> None:
    """CPU time of each warm request in the web app itself (Flask's test client): no network,
    no other process, so the figure moves little with the machine's load."""
    from pcgraph.settings import Settings
    from pcgraph.store.embedded import EmbeddedStore
    from pcgraph.web.app import create_app

    print(f"\n4. the same warm requests in-process, CPU per request ({load()})")
    store = EmbeddedStore.open(store_dir)
    app = create_app(Settings(query_workers=1, sparql_workers=1), store=store)
    client = app.test_client()
    base = None
    for label, path in READ_PATHS.items():
        assert client.get(path).status_code == 200, path
        started = time.process_time()
        for _ in range(repeat):
            client.get(path)
        cpu = (time.process_time() - started) / repeat
        base = base or cpu
        print(f"  {label:<36} {cpu * 1000:6.3f} ms CPU  {cpu / base:5.2f}x /healthz", flush=True)
    for pool in ("queries", "sparql"):
        pools = app.extensions["pcgraph"].get("pools") or {}
        if pool in pools:
            pools[pool].sandbox.close()
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    import pyoxigraph as ox

    from pcgraph.store.embedded import EmbeddedStore

    with tempfile.TemporaryDirectory(prefix="pcgraph-ratios-") as tmp:
        work = Path(tmp)
        synth = work / "synth.nt"
        subprocess.run([*PCGRAPH, "synth", "--scale", str(args.scale), "--seed", "1", "-o", str(synth)],
                       check=True, capture_output=True)
        template = work / "template"
        EmbeddedStore.open(template).close()
        conforming = work / "conforming.nt"
        size = sum(1 for _ in open(synth, "rb"))
        importlib.import_module("import").write_collaboratives(conforming, size)
        print(f"synthetic scale {args.scale}: {size:,} triples; conforming file: "
              f"{sum(1 for _ in open(conforming, 'rb')):,} triples")
        files(synth, work, template, conforming)

        served = store_copy(template, work, "served")
        store = EmbeddedStore.open(served)
        store.oxigraph.bulk_load(path=str(synth), format=ox.RdfFormat.N_TRIPLES,
                                 to_graph=ox.NamedNode("https://w3id.org/pcgraph/graph/synthetic"))
        store.close()
        read_path(served, args.repeat)
        in_process(served, args.repeat * 4)
    print(f"\n{load()}; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
