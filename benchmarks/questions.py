"""Questions in plain English: accuracy on the evaluation set and latency through the HTTP API.

    python benchmarks/questions.py                 # the whole evaluation set, once
    python benchmarks/questions.py --repeat 3      # ask each question three times (latency only)
    python benchmarks/questions.py --misses development   # list the misses of the development part

Starts ``pcgraph serve`` on a free loopback port with a new store in a temporary folder
(so the reference graph is loaded fresh), asks every question of
``tests/questions/evaluation.txt`` through ``GET /api/ask``, scores the answers against
the gold (gold queries run on an in-memory copy of the same default data), and prints:
in-scope exact-match accuracy, precision on answered questions, wrong-answer rate,
correct-refusal rate, clarify rate, and latency percentiles measured over HTTP and, side
by side, in-process (the same service without the web layer). Accuracy is printed for
the development part and the held-out part apart (``tests/questions/evaluation.py``
explains the split); misses are listed only for the part named by ``--misses``. Bars: in-scope >= 90%,
precision >= 99%, correct refusals >= 95%, p95 over HTTP <= 150 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _evaluation_module():
    """The evaluation helpers in tests/questions/ (this script shares its name with that folder)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("question_evaluation", ROOT / "tests" / "questions" / "evaluation.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_evaluation = _evaluation_module()
BARS, PARTS, evaluate, load = _evaluation.BARS, _evaluation.PARTS, _evaluation.evaluate, _evaluation.load

P95_BAR_MS = 150.0


def start_server(store_dir: str) -> tuple[subprocess.Popen, str, int]:
    env = {**os.environ, "PCGRAPH_STORE": store_dir}
    command = [sys.executable, "-m", "pcgraph", "serve", "--host", "127.0.0.1", "--port", "0"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        match = re.search(r"serving on http://([\d.]+):(\d+)/", line or "")
        if match:
            return process, match.group(1), int(match.group(2))
        if not line and process.poll() is not None:
            break
    process.kill()
    raise SystemExit("pcgraph serve did not start")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="ask each question this many times (latency)")
    parser.add_argument("--misses", choices=PARTS, help="list the questions of this part answered wrongly")
    args = parser.parse_args()

    from pcgraph.questions import QuestionService
    from pcgraph.store.defaults import load_default_data
    from pcgraph.store.embedded import EmbeddedStore

    cases = load()
    gold_store = EmbeddedStore.in_memory()
    load_default_data(gold_store)

    with tempfile.TemporaryDirectory(prefix="pcgraph-questions-") as store_dir:
        process, host, port = start_server(store_dir)
        try:
            connection = http.client.HTTPConnection(host, port, timeout=30)

            def http_ask(question: str) -> tuple[dict, float]:
                path = "/api/ask?" + urllib.parse.urlencode({"q": question})
                started = time.perf_counter()
                connection.request("GET", path, headers={"Accept": "application/json"})
                response = connection.getresponse()
                body = response.read()
                elapsed = time.perf_counter() - started
                if response.status != 200:
                    raise SystemExit(f"{question!r}: HTTP {response.status}: {body[:200]!r}")
                return json.loads(body), elapsed

            _, cold = http_ask("who is in the Black Country Provider Collaborative?")  # builds the name index
            http_times: list[float] = []
            answers: dict[str, dict] = {}
            for _ in range(args.repeat):
                for case in cases:
                    body, elapsed = http_ask(case.question)
                    http_times.append(elapsed)
                    answers.setdefault(case.question, body)
        finally:
            process.terminate()
            process.wait(timeout=10)

    service = QuestionService(gold_store)
    service.answer("who is in the Black Country Provider Collaborative?")
    local_times = []
    for case in cases:
        started = time.perf_counter()
        service.answer(case.question)
        local_times.append(time.perf_counter() - started)

    ok = True
    for part in PARTS:
        report = evaluate([c for c in cases if c.part == part], lambda q: answers[q], gold_store, dt.date.today())
        figures = report.figures()
        scoped = [o.case for o in report.outcomes]
        print(f"{part}: {len(scoped)} questions ("
              f"{', '.join(f'{sum(c.scope == g for c in scoped)} {g}' for g in ('in', 'out', 'ambiguous'))}; "
              f"{len(report.answered)} answered)")
        print(f"  in-scope exact match:   {figures['in_scope_accuracy']:.1%}   (bar {BARS['in_scope_accuracy']:.0%})")
        print(f"  precision on answered:  {figures['precision']:.1%}   (bar {BARS['precision']:.0%})")
        print(f"  wrong-answer rate:      {figures['wrong_rate']:.1%}   ({len(report.wrong_answers)} wrong answers)")
        print(f"  correct refusals:       {figures['refusal_rate']:.1%}   (bar {BARS['refusal_rate']:.0%})")
        print(f"  clarify on ambiguous:   {figures['clarify_rate']:.1%}")
        ok = ok and all(figures[name] >= bar for name, bar in BARS.items())
        if part == args.misses:
            for line in report.failures():
                print("  miss:", line)
    ms = [t * 1000 for t in http_times]
    local = [t * 1000 for t in local_times]
    print(f"latency over HTTP (ms): p50 {statistics.median(ms):.1f}  p95 {percentile(ms, .95):.1f}  "
          f"max {max(ms):.1f}  (bar p95 <= {P95_BAR_MS:.0f}; first question, building the name index: "
          f"{cold * 1000:.0f})")
    print(f"latency in-process (ms): p50 {statistics.median(local):.1f}  p95 {percentile(local, .95):.1f}  "
          f"max {max(local):.1f}   HTTP/in-process p95 ratio {percentile(ms, .95) / percentile(local, .95):.2f}")
    ok = ok and percentile(ms, .95) <= P95_BAR_MS
    print("bars met" if ok else "BARS NOT MET")


if __name__ == "__main__":
    main()
