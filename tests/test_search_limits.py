"""Search cannot be made to work without bound: ``q`` is capped at 400 characters (a 400
naming it, as ``/api/ask``), and while eight clients send the worst searches they can,
``/healthz`` answers within a second on a real server."""

from __future__ import annotations

import random
import string
import threading
import time

import pytest
import requests

from support.server import running_server


def scrambled(length: int, seed: int) -> str:
    """Letters and spaces at random: nothing matches exactly, so every name is compared fuzzily."""
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_lowercase + " ") for _ in range(length))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # A new store holds the reference graph: hundreds of names to compare each search with.
    store = tmp_path_factory.mktemp("search-limits") / "store"
    with running_server("--store", str(store), "--threads", "8") as base:
        yield base


@pytest.mark.parametrize("path", ["/api/search", "/search"])
def test_q_over_400_characters_is_a_400_naming_it(server, path):
    answer = requests.get(f"{server}{path}", params={"q": scrambled(401, 1)}, timeout=30)
    assert answer.status_code == 400
    body = answer.json()
    assert body["parameter"] == "q" and "400 characters" in body["error"]
    assert requests.get(f"{server}{path}", params={"q": scrambled(400, 1)}, timeout=30).status_code == 200


@pytest.mark.parametrize("length", [400, 60_000])
def test_healthz_answers_within_a_second_while_eight_worst_case_searches_run(server, length):
    stop = threading.Event()
    statuses: list[int] = []

    def search(seed: int) -> None:
        path = "/api/search" if seed % 2 else "/search"
        while not stop.is_set():
            statuses.append(requests.get(f"{server}{path}", params={"q": scrambled(length, seed)}, timeout=120).status_code)

    clients = [threading.Thread(target=search, args=(seed,)) for seed in range(8)]
    for client in clients:
        client.start()
    try:
        time.sleep(0.5)
        slowest = 0.0
        for _ in range(5):
            started = time.monotonic()
            assert requests.get(f"{server}/healthz", timeout=30).status_code == 200
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(0.2)
    finally:
        stop.set()
        for client in clients:
            client.join()
    assert slowest < 1.0
    assert statuses and set(statuses) == ({200} if length <= 400 else {400})
