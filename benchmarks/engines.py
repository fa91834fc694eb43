"""Pages and questions on the embedded store beside the same on remote SPARQL engines, side by side.

    python benchmarks/engines.py                   # Oxigraph server and Virtuoso, 10 runs each
    python benchmarks/engines.py --engines virtuoso --repeat 20

Each engine is started on a temporary folder and free loopback ports (as the suite starts
them, ``tests/support/engines.py``) and given pcgraph's default data by ``open_store``, as a
new user's first ``pcgraph serve --endpoint URL`` does. Two apps are built in this process:
one on an embedded store in a temporary folder (its queries in worker processes, as
``pcgraph serve`` runs them) and one on the engine. Every page is asked once on each to
warm up (the validation report is computed then), then ``--repeat`` times in turn, the
embedded app and the remote one alternately, so load on a shared machine falls on both.
Medians and the ratio remote/embedded are printed per page.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

PAGES = ["/", "/id/org/RXK", "/id/org/QUA", "/id/collaborative/black-country-provider-collaborative",
         "/queries/delegations-by-icb?icb=id:org/QUA", "/queries/trusts-in-no-collaborative", "/matrix",
         "/validation", "/api/ask?q=Who+is+in+the+Black+Country+Provider+Collaborative%3F",
         "/api/ask?q=what+has+NHS+Black+Country+ICB+delegated%2C+and+to+whom%3F"]


def timed(client, path: str) -> float:
    started = time.perf_counter()
    answer = client.get(path)
    elapsed = time.perf_counter() - started
    if answer.status_code != 200:
        raise SystemExit(f"{path}: {answer.status_code} {answer.get_data(as_text=True)[:300]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["oxigraph", "virtuoso"])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    from pcgraph.settings import Settings
    from pcgraph.store import open_store
    from pcgraph.web.app import create_app
    from support.engines import remote_engine

    folder = Path(tempfile.mkdtemp(prefix="pcgraph-engines-"))
    local = create_app(Settings(store=folder / "store")).test_client()
    for name in args.engines:
        with remote_engine(name, folder / name) as engine:
            started = time.perf_counter()
            open_store(Settings(endpoint=engine.query_url, update_endpoint=engine.update_url))
            print(f"\n{name}: default data loaded in {time.perf_counter() - started:.1f} s")
            far = create_app(Settings(endpoint=engine.query_url, update_endpoint=engine.update_url)).test_client()
            for path in PAGES:
                timed(local, path), timed(far, path)
            print(f"{'page':<72} {'embedded ms':>11} {name + ' ms':>13} {'ratio':>6}")
            ratios = []
            for path in PAGES:
                mine, theirs = [], []
                for _ in range(args.repeat):
                    mine.append(timed(local, path))
                    theirs.append(timed(far, path))
                a, b = statistics.median(mine) * 1000, statistics.median(theirs) * 1000
                ratios.append(b / a)
                print(f"{path[:72]:<72} {a:>11.1f} {b:>13.1f} {b / a:>6.1f}")
            print(f"{'geometric mean of the ratios':<72} {'':>11} {'':>13} "
                  f"{statistics.geometric_mean(ratios):>6.1f}")


if __name__ == "__main__":
    main()
