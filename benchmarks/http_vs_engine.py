"""Each canned query through HTTP against the same query straight on pyoxigraph, side by side;
and how each query's cost grows with the data (synthetic graph at scales 1, 10, 100).

    python benchmarks/http_vs_engine.py                    # HTTP vs engine on the reference graph
    python benchmarks/http_vs_engine.py --scales 1 10 100  # plus the scaling table
    python benchmarks/http_vs_engine.py --repeat 30 --scales

HTTP vs engine: a store with the reference graph is built in a temporary folder and served
by ``pcgraph serve`` on a free loopback port; each canned query is asked ``--repeat`` times
as ``GET /api/queries/NAME`` over one keep-alive connection, and the same SPARQL with the
same bound parameters is run as many times on a pyoxigraph store opened read-only on the
same folder (results collected into Python lists). Medians, the ratio and the difference
are printed per query. Parameter values are picked from the data (the first collaborative,
trust, ICB... by IRI), so the same script runs on any graph.

Scaling: for each scale ``pcgraph synth --scale N --seed 1`` is bulk-loaded into an
in-memory store (``--on-disk``: a RocksDB store, which is what the server's query workers
open, as read-only checkpoints, and ``pcgraph query`` reads) beside the ontology (class
hierarchy paths need it), every canned query is timed on the engine, and the growth from
one scale to the next is printed beside the growth of the data. Times are the CPU time of
the evaluating process (least of ``--repeat / 4`` runs, at least 3), so other work on a
shared machine does not pass for a bad plan; the wall-clock median is printed too. Two
baselines are timed the same way: a scan of every membership and a join of memberships to
their members' ICB relations. Their growth is what the engine itself shows for work that
is exactly linear (per-row costs rise a little with the size of the store's indexes), so
a query is flagged only when it grows clearly faster than both the data and the baselines,
or when its answer stays the same size while its cost grows with the data (a lookup that
scans the whole graph).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from pcgraph import paths, queries
from pcgraph.namespaces import PREFIXES

PCGRAPH = [sys.executable, "-P", "-m", "pcgraph"]
PC = "https://w3id.org/pcgraph/ontology#"

# Parameter name -> a query that finds a value in the data (the first by IRI), or a constant.
PICKERS = {
    "collaborative": "SELECT ?x WHERE { ?x a pc:ProviderCollaborative ; ^org:organization ?m } ORDER BY ?x LIMIT 1",
    "other": "SELECT ?x WHERE { ?x a pc:ProviderCollaborative ; ^org:organization ?m } ORDER BY DESC(?x) LIMIT 1",
    "organisation": "SELECT ?x WHERE { ?m org:member ?x . ?x a pc:NHSTrust } ORDER BY ?x LIMIT 1",
    "icb": "SELECT ?x WHERE { ?x a pc:IntegratedCareBoard } ORDER BY ?x LIMIT 1",
    "area": "SELECT ?x WHERE { ?x a pc:IntegratedCareBoard } ORDER BY ?x LIMIT 1",
    "region": "SELECT ?x WHERE { ?x a pc:Region } ORDER BY ?x LIMIT 1",
    "delegator": "SELECT ?x WHERE { ?d pc:delegator ?x } ORDER BY ?x LIMIT 1",
    "delegate": "SELECT ?x WHERE { ?d pc:delegate ?x } ORDER BY ?x LIMIT 1",
    "person": "SELECT ?x WHERE { ?x a foaf:Person } ORDER BY ?x LIMIT 1",
}
CONSTANTS = {"function": f"{PC}SpecialisedMentalHealth", "class": f"{PC}NHSTrust", "model": f"{PC}ModelLeadProvider",
             "vehicle": f"{PC}VehicleJointCommittee", "from": "2015-01-01", "to": "2025-12-31"}
ROLE = {"ask-people-in-role": f"{PC}Chair", "ask-members-with-role": f"{PC}Member"}


def pick_arguments(store: ox.Store) -> dict[str, dict[str, str]]:
    """Values for every required parameter of every canned query, found in ``store``."""
    found: dict[str, str | None] = {}
    for name, sparql in PICKERS.items():
        rows = list(store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True))
        found[name] = rows[0][0].value if rows else None
    arguments = {}
    for query in queries.catalog().values():
        values = {}
        for parameter in query.parameters:
            if not parameter.required:
                continue
            value = ROLE.get(query.name) if parameter.name == "role" else (
                found.get(parameter.name) or CONSTANTS.get(parameter.name))
            if value is None:
                break
            values[parameter.name] = value
        else:
            arguments[query.name] = values
    return arguments


def engine_time(store: ox.Store, query, raw: dict[str, str], repeat: int) -> tuple[float, int]:
    """Median seconds to run and collect the query on pyoxigraph directly, and its row count."""
    wall, _cpu, rows = engine_times(store, query.sparql, query.bind(raw), repeat)
    return wall, rows


def engine_times(store: ox.Store, sparql: str, bindings: dict, repeat: int) -> tuple[float, float, int]:
    """(median wall seconds, least CPU seconds, rows) to run and collect ``sparql`` on pyoxigraph.

    pyoxigraph evaluates in the calling thread, so the process's CPU time is the query's
    cost, unaffected by other jobs competing for the cores (wall time is not).
    """
    substitutions = {ox.Variable(k): v for k, v in bindings.items()}
    walls, cpus, rows = [], [], 0
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True,
                             substitutions=substitutions)
        rows = len([[term for term in solution] for solution in result]) if isinstance(result, ox.QuerySolutions) \
            else (1 if isinstance(result, bool) else len(list(result)))
        cpus.append(time.process_time() - cpu_started)
        walls.append(time.perf_counter() - started)
    return statistics.median(walls), min(cpus), rows


# Work that is exactly linear in the data, timed beside the queries at every scale.
BASELINES = {
    "(baseline) scan of memberships": "SELECT ?m ?o WHERE { ?m org:member ?o }",
    "(baseline) memberships x ICB relations": (
        "SELECT ?c ?icb WHERE { ?m org:organization ?c ; org:member ?o . "
        "?r pc:organisation ?o ; pc:icb ?icb ; pc:relationKind pc:HeadquartersArea }"),
}


def http_time(address: str, name: str, raw: dict[str, str], repeat: int) -> tuple[float, int]:
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    path = f"/api/queries/{name}?" + urllib.parse.urlencode(raw)
    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept": "application/json"})
        response = connection.getresponse()
        body = response.read()
        times.append(time.perf_counter() - started)
        if response.status != 200:
            raise SystemExit(f"{name}: HTTP {response.status}: {body[:300]!r}")
        rows = len(json.loads(body)["rows"])
    connection.close()
    return statistics.median(times), rows


def build_reference_store(directory: Path) -> None:
    subprocess.run([*PCGRAPH, "query", "--store", str(directory), "ASK { ?s ?p ?o }"],
                   check=True, capture_output=True, timeout=600)


def start_server(store: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([*PCGRAPH, "serve", "--port", "0", "--store", str(store)],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                               env={**os.environ, "PCGRAPH_QUERY_TIMEOUT": "120"})
    while True:
        line = process.stderr.readline()
        match = re.search(r"serving on http://([\d.]+:\d+)/", line or "")
        if match:
            threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()
            return process, match.group(1)
        if process.poll() is not None:
            raise SystemExit("pcgraph serve did not start")


def side_by_side(repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="pcgraph-http-vs-engine-") as tmp:
        store_dir = Path(tmp) / "store"
        build_reference_store(store_dir)
        server, address = start_server(store_dir)
        try:
            store = ox.Store.read_only(str(store_dir))
            arguments = pick_arguments(store)
            print(f"HTTP vs engine, reference graph, median of {repeat} runs each (ms)")
            print(f"{'query':<42} {'rows':>5} {'engine':>8} {'HTTP':>8} {'ratio':>6} {'extra':>7}")
            ratios, extras = [], []
            for name in sorted(arguments):
                query = queries.get(name)
                http_time(address, name, arguments[name], 2)       # warm: plans, caches, connection
                raw_s, rows = engine_time(store, query, arguments[name], repeat)
                web_s, web_rows = http_time(address, name, arguments[name], repeat)
                ratios.append(web_s / raw_s)
                extras.append(web_s - raw_s)
                flag = "" if web_rows == rows or web_rows == min(rows, 10_000) else f"  (rows differ: {web_rows})"
                print(f"{name:<42} {rows:>5} {1000 * raw_s:>8.2f} {1000 * web_s:>8.2f} {web_s / raw_s:>6.1f}"
                      f" {1000 * (web_s - raw_s):>7.2f}{flag}")
            print(f"median ratio {statistics.median(ratios):.1f}; median extra {1000 * statistics.median(extras):.2f} ms; "
                  f"max extra {1000 * max(extras):.2f} ms")
        finally:
            server.terminate()
            server.wait(timeout=30)


def scaling(scales: list[int], repeat: int, on_disk: bool = False) -> None:
    results: dict[int, dict[str, tuple[float, float, int]]] = {}
    sizes: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="pcgraph-scaling-") as tmp:
        for scale in scales:
            synth = Path(tmp) / f"synth-{scale}.nt"
            with synth.open("wb") as out:
                subprocess.run([*PCGRAPH, "synth", "--scale", str(scale), "--seed", "1"], check=True, stdout=out,
                               stderr=subprocess.DEVNULL, timeout=1800)
            store = ox.Store(str(Path(tmp) / f"store-{scale}")) if on_disk else ox.Store()
            store.bulk_load(path=str(synth), format=ox.RdfFormat.N_TRIPLES,
                            to_graph=ox.NamedNode("https://w3id.org/pcgraph/graph/synthetic"))
            store.bulk_load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE,
                            to_graph=ox.NamedNode("https://w3id.org/pcgraph/graph/ontology"))
            synth.unlink()
            sizes[scale] = len(store)
            arguments = pick_arguments(store)
            timings = {name: engine_times(store, sparql, {}, repeat) for name, sparql in BASELINES.items()}
            for name in sorted(arguments):
                query = queries.get(name)
                timings[name] = engine_times(store, query.sparql, query.bind(arguments[name]), repeat)
            results[scale] = timings
            print(f"scale {scale}: {sizes[scale]:,} quads, {len(arguments)} queries timed", file=sys.stderr)
            del store
    names = [n for n in BASELINES] + sorted(set.intersection(*(set(r) for r in results.values())) - set(BASELINES))
    data_steps = [sizes[scales[i + 1]] / sizes[scales[i]] for i in range(len(scales) - 1)]
    base_steps = [max(results[scales[i + 1]][b][1] / results[scales[i]][b][1] for b in BASELINES)
                  for i in range(len(scales) - 1)]
    header = " ".join(f"{'s' + str(s) + ' cpu':>9}" for s in scales)
    growth = " ".join(f"{f'x{scales[i]}->{scales[i + 1]}':>9}" for i in range(len(scales) - 1))
    print(f"\nScaling on the synthetic graph (engine only, {'on disk' if on_disk else 'in memory'};"
          f" ms of CPU, least of {repeat};"
          f" wall-clock median at the largest scale)")
    print(f"{'data (quads)':<44} " + " ".join(f"{sizes[s]:>9,}" for s in scales) + " " +
          " ".join(f"{g:>9.1f}" for g in data_steps))
    print(f"{'query':<44} {header} {growth} {'rows':>13} {'wall ms':>8}")
    for name in names:
        cpu = [results[s][name][1] for s in scales]
        rows = [results[s][name][2] for s in scales]
        steps = [cpu[i + 1] / max(cpu[i], 1e-6) for i in range(len(cpu) - 1)]
        flag = ""
        if name not in BASELINES:
            for i, step in enumerate(steps):
                limit = 1.5 * max(data_steps[i], base_steps[i])
                if cpu[i + 1] > 0.005 and step > limit:
                    flag = "  <- grows faster than the data"
                elif cpu[i + 1] > 0.05 and step > 3 and rows[i + 1] <= 2 * max(rows[i], 1):
                    flag = "  <- answer the same size, cost grows with the data"
        print(f"{name:<44} " + " ".join(f"{1000 * t:>9.2f}" for t in cpu) + " "
              + " ".join(f"{g:>9.1f}" for g in steps) + f" {rows[0]:>6}-{rows[-1]:<6}"
              + f" {1000 * results[scales[-1]][name][0]:>8.1f}" + flag)
    print("(baselines: work exactly linear in the data; their growth is the engine's own per-row cost rising "
          "with the store)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--scales", type=int, nargs="*", default=None,
                        help="also time every query on the synthetic graph at these scales (e.g. 1 10 100)")
    parser.add_argument("--skip-http", action="store_true", help="only the scaling table")
    parser.add_argument("--on-disk", action="store_true",
                        help="time the scaling on an on-disk (RocksDB) store, as the server's query workers "
                             "and pcgraph query read it, instead of in memory")
    args = parser.parse_args()
    if not args.skip_http:
        side_by_side(args.repeat)
    if args.scales:
        scaling(args.scales, max(3, args.repeat // 4), args.on_disk)


if __name__ == "__main__":
    main()
