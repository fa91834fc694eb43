"""Load test: many concurrent clients against a real ``pcgraph serve``, on loopback only.

    python benchmarks/load.py                      # reference graph, 32 clients, 60 s
    python benchmarks/load.py --scale 10           # plus the synthetic graph at scale 10
    python benchmarks/load.py --clients 8 --seconds 10 --during-import
    python benchmarks/load.py --scale 10 --rounds 4  # four 60 s rounds: does memory level off?

Before the rounds, each request of the mix is timed alone (``--solo N``), so the
percentiles under load, which are mostly queueing, can be read against what each request
costs by itself.
It builds a store in a temporary folder (the reference graph, plus ``pcgraph synth`` output
bulk-loaded into its own named graph when ``--scale`` is given), starts ``pcgraph serve`` on
a free loopback port, and runs a fixed mix of canned queries, questions, entity pages and
ad-hoc SPARQL from ``--clients`` threads for ``--seconds``, ``--rounds`` times in a row
against the same server. It prints throughput, latency percentiles per kind of request,
errors and the server's CPU time for each round and for the whole run, and memory: the
server process and its query workers (child processes) apart, resident (RSS) and
proportional (PSS, which counts pages the forked workers share once), sampled at the
start, every ``--sample-every`` seconds and at the end of each round. Memory that grows in
the first round and not between later ones is caches filling (the validation report, the
workers' copies of the store), not a leak. With ``--during-import`` one client replaces a named graph over and
over through the authenticated import API while the others read, and every reader checks
it saw the old or the new content of that graph, never a mix.

The run is bounded in time and requests go only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from process_usage import Memory, cpu_seconds, memory  # beside this script

PCGRAPH = [sys.executable, "-P", "-m", "pcgraph"]
TOKEN = "load-test-token"
PROBE_GRAPH = "https://w3id.org/pcgraph/graph/load-test-probe"
PROBE_COLLABORATIVE = "https://w3id.org/pcgraph/id/collaborative/load-test-probe"

# (kind, path) pairs; every client walks this list from a random offset.
MIX: list[tuple[str, str]] = [
    ("canned", "/queries/members-of-collaborative.json?collaborative="
     + urllib.parse.quote("https://w3id.org/pcgraph/id/collaborative/black-country-provider-collaborative")),
    ("canned", "/queries/collaboratives-of-organisation.json?organisation="
     + urllib.parse.quote("https://w3id.org/pcgraph/id/org/RNA")),
    ("canned", "/queries/organisations-in-many-collaboratives.json?min_count=2"),
    ("canned", "/queries/trusts-in-area.json?area=" + urllib.parse.quote("https://w3id.org/pcgraph/id/org/Y60")),
    ("canned", "/queries/trusts-in-no-collaborative.json"),
    ("canned", "/queries/collaboratives-spanning-icbs.json"),
    ("ask", "/api/ask?q=" + urllib.parse.quote("who is in the Black Country Provider Collaborative?")),
    ("ask", "/api/ask?q=" + urllib.parse.quote("which trusts are in more than two collaboratives?")),
    ("ask", "/api/ask?q=" + urllib.parse.quote("how many trusts are in the Midlands?")),
    ("entity", "/id/org/RXK"),
    ("entity", "/id/org/QUA"),
    ("entity", "/id/collaborative/black-country-provider-collaborative"),
    ("sparql", "/sparql?query=" + urllib.parse.quote(
        "PREFIX pc: <https://w3id.org/pcgraph/ontology#> "
        "SELECT ?sector (COUNT(?t) AS ?n) WHERE { ?t pc:sector ?sector } GROUP BY ?sector")),
    ("sparql", "/sparql?query=" + urllib.parse.quote(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?s ?label WHERE { ?s skos:prefLabel ?label FILTER(CONTAINS(LCASE(?label), \"london\")) } LIMIT 50")),
]

PROBE_QUERY = "/sparql?query=" + urllib.parse.quote(
    "PREFIX org: <http://www.w3.org/ns/org#> "
    f"SELECT (COUNT(?m) AS ?n) WHERE {{ GRAPH <{PROBE_GRAPH}> {{ ?m org:organization <{PROBE_COLLABORATIVE}> }} }}")


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_examples: list[str] = field(default_factory=list)
    probe_counts: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    imports: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def merge(self, other: "Tally") -> None:
        for kind, values in other.latencies.items():
            self.latencies[kind].extend(values)
        for kind, count in other.errors.items():
            self.errors[kind] += count
        self.error_examples.extend(other.error_examples[:max(0, 10 - len(self.error_examples))])
        for n, count in other.probe_counts.items():
            self.probe_counts[n] += count
        self.imports += other.imports

    def record(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                if len(self.error_examples) < 10:
                    self.error_examples.append(f"{kind}: {detail}")


def probe_members(size: int) -> str:
    """Turtle for the probe graph: one collaborative with ``size`` memberships."""
    lines = [
        "@prefix org: <http://www.w3.org/ns/org#> .",
        "@prefix pc: <https://w3id.org/pcgraph/ontology#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        f"<{PROBE_COLLABORATIVE}> a pc:Collaborative ; skos:prefLabel \"Load test probe\" ;",
        "    pc:purpose \"Checks that readers never see half an import.\" .",
    ]
    codes = ["RXK", "RNA", "RL4", "RBK", "RQM", "RAS"][:size]
    for code in codes:
        lines.append(
            f"<{PROBE_COLLABORATIVE}/m/{code}> a org:Membership ; org:member <https://w3id.org/pcgraph/id/org/{code}> ;"
            f" org:organization <{PROBE_COLLABORATIVE}> ; pc:role pc:Member .")
    return "\n".join(lines) + "\n"


def solo_latencies(address: str, repeat: int) -> None:
    """Each request of the mix alone, one client, median of ``repeat``: where a request's time goes
    when nothing else runs (under load, the percentiles are mostly queueing)."""
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    print(f"each request alone (one client, median of {repeat}):")
    for kind, path in MIX:
        headers = {"Accept": "application/sparql-results+json" if kind == "sparql" else
                   ("text/html" if kind == "entity" else "application/json")}
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            times.append(time.perf_counter() - started)
        print(f"  {kind:<7} {1000 * statistics.median(times):>8.1f} ms  {response.status}  "
              f"{urllib.parse.unquote(path)[:90]}")
    connection.close()


class MemorySampler(threading.Thread):
    """Samples the server's memory every ``every`` seconds until stopped."""

    def __init__(self, pid: int, since: float, every: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.since, self.every = pid, since, every
        self.samples: list[Memory] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every):
            self.samples.append(memory(self.pid, self.since))


def machine_load() -> str:
    """The 1-minute load average and core count: the machine may be shared with other work."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def build_store(directory: Path, scale: int) -> None:
    """The reference graph in a new store, plus the synthetic graph at ``scale`` if asked."""
    subprocess.run([*PCGRAPH, "query", "--store", str(directory), "ASK { ?s ?p ?o }"],
                   check=True, capture_output=True, timeout=600)
    if scale:
        synth = directory.parent / f"synth-{scale}.nt"
        with synth.open("wb") as out:
            subprocess.run([*PCGRAPH, "synth", "--scale", str(scale), "--seed", "1"], check=True, stdout=out,
                           stderr=subprocess.DEVNULL, timeout=900)
        import pyoxigraph as ox

        store = ox.Store(str(directory))
        store.bulk_load(path=str(synth), format=ox.RdfFormat.N_TRIPLES,
                        to_graph=ox.NamedNode("https://w3id.org/pcgraph/graph/synthetic"))
        store.flush()
        del store


def start_server(store: Path, threads: int) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PCGRAPH_API_TOKEN": TOKEN}
    process = subprocess.Popen([*PCGRAPH, "serve", "--port", "0", "--store", str(store), "--threads", str(threads)],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        match = re.search(r"serving on http://([\d.]+):(\d+)/", line or "")
        if match:
            threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()
            return process, f"{match.group(1)}:{match.group(2)}"
        if process.poll() is not None:
            break
    process.kill()
    raise SystemExit("pcgraph serve did not start")


def client(address: str, stop_at: float, tally: Tally, seed: int, check_probe: bool) -> None:
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    rng = random.Random(seed)
    offset = rng.randrange(len(MIX))
    index = 0
    while time.monotonic() < stop_at:
        kind, path = MIX[(offset + index) % len(MIX)]
        index += 1
        if check_probe and index % 5 == 0:
            kind, path = "probe", PROBE_QUERY
        headers = {"Accept": "application/sparql-results+json" if kind in ("sparql", "probe") else
                   ("text/html" if kind == "entity" else "application/json")}
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            elapsed = time.perf_counter() - started
            ok = response.status == 200
            tally.record(kind, elapsed, ok, f"{response.status} {path[:80]} {body[:160]!r}")
            if ok and kind == "probe":
                value = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
                with tally.lock:
                    tally.probe_counts[value] += 1
        except (OSError, http.client.HTTPException) as exc:
            tally.record(kind, time.perf_counter() - started, False, f"{type(exc).__name__} {path[:80]}")
            connection.close()
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.close()


def importer(address: str, stop_at: float, tally: Tally) -> None:
    """Replace the probe graph again and again (at least once): four members, then two, then four..."""
    host, port = address.split(":")
    size = 4
    first = True
    while first or time.monotonic() < stop_at:
        first = False
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        query = urllib.parse.urlencode({"graph": PROBE_GRAPH, "replace": "true"})
        started = time.perf_counter()
        connection.request("POST", f"/api/import?{query}", body=probe_members(size).encode(),
                           headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
        response = connection.getresponse()
        detail = response.read()[:200]
        tally.record("import", time.perf_counter() - started, response.status == 200, f"{response.status} {detail!r}")
        connection.close()
        with tally.lock:
            tally.imports += 1
        size = 2 if size == 4 else 4


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(tally: Tally, seconds: float, cpu: float) -> None:
    every = [v for values in tally.latencies.values() for v in values]
    total_errors = sum(tally.errors.values())
    print(f"requests: {len(every)} in {seconds:.0f} s = {len(every) / seconds:.1f} req/s; errors: {total_errors}; "
          f"server CPU {cpu:.0f} s ({cpu / seconds:.2f} cores busy, {1000 * cpu / max(len(every), 1):.0f} ms a request)")
    print(f"{'kind':<8} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for kind in sorted(tally.latencies):
        values = tally.latencies[kind]
        print(f"{kind:<8} {len(values):>7} {1000 * statistics.median(values):>8.1f} "
              f"{1000 * percentile(values, 0.95):>8.1f} {1000 * percentile(values, 0.99):>8.1f} {tally.errors[kind]:>7}")
    print(f"{'all':<8} {len(every):>7} {1000 * statistics.median(every):>8.1f} "
          f"{1000 * percentile(every, 0.95):>8.1f} {1000 * percentile(every, 0.99):>8.1f} {total_errors:>7}")
    if tally.imports:
        mixed = {n: c for n, c in tally.probe_counts.items() if n not in (2, 4)}
        print(f"imports during the run: {tally.imports}; probe readings by member count: "
              f"{dict(sorted(tally.probe_counts.items()))}; mixed readings: {sum(mixed.values())}")
    for example in tally.error_examples:
        print(f"  error: {example}")


def report_memory(start: Memory, rounds: list[Memory], samples: list[Memory]) -> None:
    print(f"memory at the start: {start}")
    for number, end in enumerate(rounds, start=1):
        before = rounds[number - 2] if number > 1 else start
        print(f"memory after round {number} ({end.at:.0f} s): {end}; "
              f"RSS {(end.rss - before.rss) / 1024:+.0f} MiB, PSS {(end.pss - before.pss) / 1024:+.0f} MiB "
              f"since {'the start' if number == 1 else f'round {number - 1}'}")
    print("memory samples (s: server + workers RSS MiB, PSS MiB): " + "; ".join(
        f"{m.at:.0f}: {m.server_rss / 1024:.0f}+{m.children_rss / 1024:.0f} ({m.children}), {m.pss / 1024:.0f}"
        for m in samples))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=0, help="add the synthetic graph at this scale (0: reference only)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=8, help="server worker threads")
    parser.add_argument("--during-import", action="store_true", help="replace a graph through the API while reading")
    parser.add_argument("--rounds", type=int, default=1,
                        help="consecutive rounds of --seconds each on the same server (memory between rounds)")
    parser.add_argument("--solo", type=int, default=3, metavar="N",
                        help="first time each request of the mix alone, median of N (0: skip)")
    parser.add_argument("--sample-every", type=float, default=10.0, help="seconds between memory samples")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pcgraph-load-") as tmp:
        store = Path(tmp) / "store"
        print(f"building the store (scale {args.scale})...", file=sys.stderr)
        build_store(store, args.scale)
        server, address = start_server(store, args.threads)
        try:
            if args.during_import:
                setup = Tally()
                importer(address, time.monotonic(), setup)  # one import, so the probe graph exists
                if sum(setup.errors.values()):
                    raise SystemExit(f"the probe graph could not be imported: {setup.error_examples}")
            # Warm up: one pass over the mix, not counted.
            client(address, time.monotonic() + 2, Tally(), 0, False)
            if args.solo:
                solo_latencies(address, args.solo)
            since = time.monotonic()
            start = memory(server.pid, since)
            sampler = MemorySampler(server.pid, since, args.sample_every)
            sampler.start()
            load_start = machine_load()
            print(f"pcgraph serve, scale {args.scale}, {args.clients} clients, {args.threads} server threads, "
                  f"{args.rounds} round(s) of {args.seconds:.0f} s; machine before: {load_start}")
            whole, ends, elapsed_total, cpu_total = Tally(), [], 0.0, 0.0
            for number in range(1, args.rounds + 1):
                tally = Tally()
                cpu_before = cpu_seconds(server.pid)
                stop_at = time.monotonic() + args.seconds
                workers = [threading.Thread(target=client, args=(address, stop_at, tally, number * 1000 + i,
                                                                 args.during_import))
                           for i in range(args.clients)]
                if args.during_import:
                    workers.append(threading.Thread(target=importer, args=(address, stop_at, tally)))
                started = time.monotonic()
                for worker in workers:
                    worker.start()
                for worker in workers:
                    worker.join()
                elapsed = time.monotonic() - started
                cpu = cpu_seconds(server.pid) - cpu_before
                ends.append(memory(server.pid, since))
                print(f"\nround {number} ({machine_load()}):")
                report(tally, elapsed, cpu)
                whole.merge(tally)
                elapsed_total += elapsed
                cpu_total += cpu
            sampler.done.set()
            if args.rounds > 1:
                print(f"\nall {args.rounds} rounds:")
                report(whole, elapsed_total, cpu_total)
            print(f"\nmachine before: {load_start}; after: {machine_load()}")
            report_memory(start, ends, sampler.samples)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
