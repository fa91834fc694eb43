"""Web service latency and throughput: pages, canned queries and SPARQL over HTTP, beside the store.

Starts ``pcgraph serve`` on a new store (the reference graph, loaded fresh) on a free
loopback port, then for each request prints the median and 95th-percentile latency, and
for the canned query also the same query run directly on an embedded store in this
process, so the web layer's cost shows as a ratio. Then it runs concurrent clients
against one canned query to show throughput with waitress's threads, and finally prints
the memory of the server and its query workers: resident (RSS, counting pages the
processes share once per process) and proportional (PSS, each shared page split between
the processes that share it, so the sum is what the service really costs).

    python benchmarks/web.py [--repeat 30] [--clients 8] [--synthetic 10]

``--synthetic N`` adds the synthetic graph at scale N beside the reference graph (in the
served store and the direct one alike), to see the same pages on a national-size graph.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from support.processes import ServerProcess  # noqa: E402
from process_usage import memory  # noqa: E402

from pcgraph import queries  # noqa: E402
from pcgraph.store.defaults import load_default_data  # noqa: E402
from pcgraph.store.embedded import EmbeddedStore  # noqa: E402

BCPC = "id:collaborative/black-country-provider-collaborative"
REQUESTS = [
    ("home page", "/", "text/html"),
    ("collaborative page", "/id/collaborative/black-country-provider-collaborative", "text/html"),
    ("organisation page", "/id/org/RXK", "text/html"),
    ("entity as Turtle", "/id/org/RXK", "text/turtle"),
    ("who sits where", "/matrix", "text/html"),
    ("validation page (warm)", "/validation", "text/html"),
    ("canned query JSON", f"/queries/members-of-collaborative.json?collaborative={BCPC}", "application/json"),
    ("SPARQL select", "/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%3Fs%20a%20pc%3ANHSTrust%7D",
     "application/sparql-results+json"),
    ("coverage picture", "/coverage", "text/html"),
]


def timings(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(0.95 * (len(ordered) - 1))] * 1000


def add_synthetic(store_dir: Path, direct_store: EmbeddedStore, scale: int) -> None:
    """The synthetic graph at ``scale`` in the served store (made here) and in the direct one."""
    synth = subprocess.run([sys.executable, "-P", "-m", "pcgraph", "synth", "--scale", str(scale), "--seed", "1"],
                           check=True, capture_output=True, timeout=1800).stdout
    graph = ox.NamedNode("https://w3id.org/pcgraph/graph/synthetic")
    served = EmbeddedStore.open(store_dir)
    for store in (served, direct_store):
        store.oxigraph.bulk_load(synth, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    served.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--synthetic", type=int, default=None, metavar="SCALE",
                        help="add the synthetic graph at this scale beside the reference graph")
    args = parser.parse_args()

    direct_store = EmbeddedStore.in_memory()
    load_default_data(direct_store)

    with tempfile.TemporaryDirectory() as folder:
        store_dir = Path(folder) / "store"
        if args.synthetic:
            add_synthetic(store_dir, direct_store, args.synthetic)
        direct = timings(lambda: queries.run(direct_store, "members-of-collaborative", {"collaborative": BCPC}),
                         args.repeat)
        with ServerProcess("--store", str(store_dir), timeout=120) as server:
            base = server.url
            session = requests.Session()
            session.get(f"{base}/validation", timeout=300)  # wait for the whole report once
            print(f"{'request':28} {'median ms':>10} {'p95 ms':>8}")
            for name, path, accept in REQUESTS:
                def fetch(path=path, accept=accept):
                    response = session.get(base + path, headers={"Accept": accept}, timeout=60)
                    response.raise_for_status()
                fetch()
                median, p95 = summary(timings(fetch, args.repeat))
                print(f"{name:28} {median:10.1f} {p95:8.1f}")
                if name == "canned query JSON":
                    direct_median, _ = summary(direct)
                    print(f"{'  same query, store direct':28} {direct_median:10.1f}        "
                          f"(web/direct {median / direct_median:.1f}x)")

            url = base + REQUESTS[6][1]
            total = args.clients * args.repeat

            def one(_):
                requests.get(url, timeout=60).raise_for_status()

            started = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                list(pool.map(one, range(total)))
            elapsed = time.perf_counter() - started
            single = summary(timings(lambda: one(0), args.repeat))[0] / 1000
            print(f"\n{args.clients} concurrent clients, {total} canned-query requests: "
                  f"{total / elapsed:.0f} requests/s ({1 / single:.0f} requests/s one at a time, "
                  f"{(total / elapsed) * single:.1f}x)")
            print(f"\nmemory of the server and its query workers: {memory(server.process.pid, 0.0)}")


if __name__ == "__main__":
    main()
