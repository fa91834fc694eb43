"""Crash safety: an import killed with SIGKILL at any point leaves the store readable, with its old content."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from pcgraph.importing import import_data
from pcgraph.store.embedded import EmbeddedStore
from support.stores import content, default_store_copy

pytestmark = pytest.mark.slow


def write_trusts(path, count: int) -> None:
    """An N-Triples file of ``count`` made-up organisations (four triples each)."""
    pc, skos = "https://w3id.org/pcgraph/ontology#", "http://www.w3.org/2004/02/skos/core#"
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            s = f"<https://w3id.org/pcgraph/id/org/example-{i}>"
            out.write(f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{pc}Organisation> .\n"
                      f"{s} <{skos}prefLabel> \"Example organisation {i}\" .\n"
                      f"{s} <{pc}headquarters> \"EX{i % 97} {i % 9}AA\" .\n"
                      f"{s} <{pc}startDate> \"2001-04-01\"^^<http://www.w3.org/2001/XMLSchema#date> .\n")


def store_holding_small_import(tmp_path_factory, tmp_path):
    """A store whose example graph holds 10 organisations (40 triples), and a file of 25,000 more."""
    store_dir = default_store_copy(tmp_path_factory, tmp_path / "store")
    small, large = tmp_path / "small.nt", tmp_path / "large.nt"
    write_trusts(small, 10)
    write_trusts(large, 25_000)
    subprocess.run([sys.executable, "-m", "pcgraph", "import", "--store", str(store_dir), "--graph",
                    "https://w3id.org/pcgraph/graph/example", str(small)], check=True, capture_output=True)
    return store_dir, small, large


def start_import(store_dir, data, *, replace: bool) -> subprocess.Popen:
    command = [sys.executable, "-m", "pcgraph", "-v", "import", "--store", str(store_dir),
               "--graph", "https://w3id.org/pcgraph/graph/example", str(data)] + (["--replace"] if replace else [])
    return subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, "PCGRAPH_STORE": str(store_dir)})


def kill_when(process: subprocess.Popen, marker: str | None, delay: float) -> bool:
    """SIGKILL the process ``delay`` seconds after it logs ``marker`` (or after it starts); True if it was still running."""
    if marker:
        for line in process.stderr:
            if marker in line:
                break
    time.sleep(delay)
    alive = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()
    return alive


# The change is loaded into a checkpoint of the store and checked there before it is swapped in.
@pytest.mark.parametrize("marker, delay, replace", [(None, 1.0, False), ("into a checkpoint", 0.2, False),
                                                    ("into a checkpoint", 0.2, True)],
                         ids=["while-reading", "while-adding", "while-replacing"])
def test_a_killed_import_leaves_the_previous_content(tmp_path_factory, tmp_path, marker, delay, replace):
    store_dir, small, large = store_holding_small_import(tmp_path_factory, tmp_path)
    before = content(store_dir)

    process = start_import(store_dir, large, replace=replace)
    assert kill_when(process, marker, delay), "the import finished before it could be killed; use a larger file"

    assert content(store_dir) == before            # reopens the store: readable, and the old graph intact
    with EmbeddedStore.open(store_dir) as store:   # and writable again, the killed import's scratch cleared
        assert store.count("https://w3id.org/pcgraph/graph/example") == 40
        import_data(store, [small], graph="https://w3id.org/pcgraph/graph/example", replace=True)
    assert not list(store_dir.parent.glob(".pcgraph-gate-*"))


@pytest.mark.parametrize("delay", [0.0, 0.05])
def test_an_import_killed_as_it_swaps_leaves_the_old_content_or_the_new(tmp_path_factory, tmp_path, delay):
    store_dir, small, large = store_holding_small_import(tmp_path_factory, tmp_path)

    kill_when(start_import(store_dir, large, replace=True), "swapping in", delay)

    with EmbeddedStore.open(store_dir) as store:
        assert store.count("https://w3id.org/pcgraph/graph/example") in (40, 100_000)
        import_data(store, [small], graph="https://w3id.org/pcgraph/graph/example", replace=True)
        assert store.count("https://w3id.org/pcgraph/graph/example") == 40
    assert not list(store_dir.parent.glob(".pcgraph-gate-*"))
