"""Faults: the server killed mid-import, a store on a read-only or full disk, and a remote
endpoint that goes away mid-request. Each ends with a clear error and a store that holds
either the old content or the new, never a mix, and that still validates."""

from __future__ import annotations

import json
import subprocess
import threading
import time

import pytest
import requests

from support.cli import run_pcgraph
from support.oxigraph_server import free_port
from support.processes import OxigraphProcess, ServerProcess
from support.stores import content, default_store_copy

TOKEN = "correct-horse-battery-staple"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GRAPH = "https://w3id.org/pcgraph/graph/example"
PC, SKOS = "https://w3id.org/pcgraph/ontology#", "http://www.w3.org/2004/02/skos/core#"


def trusts(count: int) -> bytes:
    """N-Triples for ``count`` made-up organisations (four triples each)."""
    lines = []
    for i in range(count):
        s = f"<https://w3id.org/pcgraph/id/org/example-{i}>"
        lines += [f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PC}Organisation> .",
                  f'{s} <{SKOS}prefLabel> "Example organisation {i}" .',
                  f'{s} <{PC}headquarters> "EX{i % 97} {i % 9}AA" .',
                  f'{s} <{PC}startDate> "2001-04-01"^^<http://www.w3.org/2001/XMLSchema#date> .']
    return ("\n".join(lines) + "\n").encode()


def graph_size(store_dir) -> int:
    return sum(1 for quad in content(store_dir) if quad.endswith(f" <{GRAPH}>"))


@pytest.fixture
def store_dir(tmp_path_factory, tmp_path):
    """A store with the default data and a small example graph of 10 organisations."""
    folder = default_store_copy(tmp_path_factory, tmp_path / "store")
    small = tmp_path / "small.nt"
    small.write_bytes(trusts(10))
    done = run_pcgraph("import", "--store", str(folder), "--graph", GRAPH, str(small))
    assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.parametrize("replace", [False, True], ids=["add", "replace"])
@pytest.mark.parametrize("delay", [0.5, 2.0])
def test_a_server_killed_during_an_import_restarts_on_the_old_or_the_new_content(store_dir, replace, delay):
    before = content(store_dir)
    assert graph_size(store_dir) == 40
    report_before = run_pcgraph("validate", "--store", str(store_dir))
    body = trusts(15_000)
    outcome: dict = {}

    def upload(url: str) -> None:
        try:
            outcome["response"] = requests.post(f"{url}/api/import", params={"graph": GRAPH, "replace": str(replace).lower()},
                                                data=body, headers={**AUTH, "Content-Type": "application/n-triples"},
                                                timeout=120)
        except requests.ConnectionError as exc:
            outcome["error"] = exc

    with ServerProcess("--store", str(store_dir), env={"PCGRAPH_API_TOKEN": TOKEN}) as server:
        writer = threading.Thread(target=upload, args=(server.url,))
        writer.start()
        time.sleep(delay)
        server.kill()
        writer.join(30)
    assert "error" in outcome, "the import finished before the server was killed; use a larger body"

    new_size = 60_000  # the 10 organisations already there are among the 15,000, so adding makes no more
    unchanged = content(store_dir) == before
    assert unchanged or graph_size(store_dir) == new_size
    # The reference graph has findings of its own (exit 1); the validator runs and, on the old
    # content, says exactly what it said before.
    checked = run_pcgraph("validate", "--store", str(store_dir))
    assert checked.returncode in (0, 1) and "Traceback" not in checked.stderr, checked.stderr
    if unchanged:
        assert (checked.returncode, checked.stdout) == (report_before.returncode, report_before.stdout)
    with ServerProcess("--store", str(store_dir)) as again:
        assert requests.get(f"{again.url}/healthz", timeout=10).json()["ok"] is True


MOUNT_HELP = "needs root and permission to mount a tmpfs (it is how a full or read-only disk is made real)"


def mount_tmpfs(folder, size: str, *options: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *options]), "tmpfs", str(folder)],
                          capture_output=True)
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """A 20 MB filesystem: room for a store, not for a large import."""
    mount = tmp_path / "disk"
    if not mount_tmpfs(mount, "20m"):
        pytest.skip(MOUNT_HELP)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_a_clear_error_and_the_store_keeps_its_content(tmp_path_factory, tmp_path, small_disk):
    store = default_store_copy(tmp_path_factory, small_disk / "store")
    before = content(store)
    big = tmp_path / "big.nt"
    big.write_bytes(trusts(50_000))
    done = run_pcgraph("import", "--store", str(store), "--graph", GRAPH, str(big), timeout=300)
    assert done.returncode == 2, done.stdout + done.stderr
    error = done.stderr.strip().splitlines()[-1]
    assert error.startswith("error: ") and "Traceback" not in done.stderr
    assert "space" in error.lower(), error
    assert content(store) == before
    assert run_pcgraph("validate", "--store", str(store)).returncode in (0, 1)


def test_a_read_only_store_answers_reads_and_refuses_writes_clearly(tmp_path_factory, tmp_path, small_disk):
    store = default_store_copy(tmp_path_factory, small_disk / "store")
    before = content(store)
    if subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True).returncode != 0:
        pytest.skip(MOUNT_HELP)
    small = tmp_path / "small.nt"
    small.write_bytes(trusts(3))
    done = run_pcgraph("import", "--store", str(store), "--graph", GRAPH, str(small))
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("error: ") and "Traceback" not in done.stderr
    assert "read-only" in done.stderr.lower() or "read only" in done.stderr.lower(), done.stderr
    reads = run_pcgraph("query", "--store", str(store),
                        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/pcgraph/ontology#ProviderCollaborative> }")
    assert reads.returncode == 0 and "Traceback" not in reads.stderr, reads.stderr
    subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert content(store) == before


def test_a_remote_endpoint_that_goes_away_is_a_clear_503_and_recovers(tmp_path):
    oxigraph = OxigraphProcess(tmp_path / "remote", free_port())
    oxigraph.start()
    try:
        env = {"PCGRAPH_QUERY_TIMEOUT": "5"}
        with ServerProcess("--endpoint", f"{oxigraph.base}/query", env={**env, "PCGRAPH_UPDATE_ENDPOINT": f"{oxigraph.base}/update"}) as server:
            query = f"{server.url}/api/queries/collaboratives"
            assert requests.get(query, timeout=30).status_code == 200
            oxigraph.kill()
            for url in (query, f"{server.url}/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", f"{server.url}/healthz"):
                gone = requests.get(url, timeout=30)
                assert gone.status_code in (502, 503), (url, gone.status_code, gone.text[:300])
                body = gone.json()
                assert body["ok"] is False and body["status"] == gone.status_code and body["error"]
                assert "Traceback" not in json.dumps(body)
            oxigraph.start()
            back = requests.get(query, timeout=30)
            assert back.status_code == 200 and back.json()["rows"]
    finally:
        oxigraph.kill()


def test_an_export_onto_a_full_disk_is_a_clear_error_and_leaves_no_file(tmp_path_factory, tmp_path):
    store = default_store_copy(tmp_path_factory, tmp_path / "store")
    tiny = tmp_path / "tiny"
    if not mount_tmpfs(tiny, "64k"):
        pytest.skip(MOUNT_HELP)
    try:
        done = run_pcgraph("export", "--store", str(store), "--format", "nquads", "--output", str(tiny / "all.nq"))
        assert done.returncode == 2, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.strip().splitlines()[-1] == f"error: {tiny / 'all.nq'}: cannot write the export: No space left on device"
        assert list(tiny.iterdir()) == []
    finally:
        subprocess.run(["umount", "-l", str(tiny)], check=False)


def test_an_export_into_a_folder_that_is_a_file_names_the_file(tmp_path_factory, tmp_path):
    store = default_store_copy(tmp_path_factory, tmp_path / "store")
    (tmp_path / "notes").write_text("a file, not a folder")
    done = run_pcgraph("export", "--store", str(store), "--format", "turtle", "--output", str(tmp_path / "notes" / "out.ttl"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == f"error: {tmp_path / 'notes' / 'out.ttl'}: cannot write the export: Not a directory"


def test_a_system_error_outside_the_store_is_a_message_naming_the_file(tmp_path):
    (tmp_path / "notes").write_text("a file, not a folder")
    done = run_pcgraph("ontology", "docs", "--output", str(tmp_path / "notes" / "ontology.html"))
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {tmp_path / 'notes' / 'ontology.html'}: Not a directory"
