"""pcgraph import (which holds the store alone) writes a change into a checkpoint of the store
and swaps the folders in one step, rather than holding the change in one transaction; its
progress bar is drawn only on a terminal."""

from __future__ import annotations

import logging

import pytest

from pcgraph.importing import import_data, pipeline
from pcgraph.store import swap
from pcgraph.store.embedded import EmbeddedStore
from support.stores import default_store_copy

GRAPH = "https://w3id.org/pcgraph/graph/example"
TRUST = ("<https://w3id.org/pcgraph/id/org/example-{i}> <http://www.w3.org/2004/02/skos/core#prefLabel> "
         "\"Example organisation {i}\" .\n")


def test_exchange_swaps_two_folders(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "from-a").touch()
    if not swap.exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("this file system cannot swap folders")
    assert (tmp_path / "b" / "from-a").exists() and not (tmp_path / "a" / "from-a").exists()


@pytest.mark.parametrize("validate", [True, False], ids=["gated", "trusted"])
def test_an_exclusive_import_swaps_in_its_checked_copy(tmp_path_factory, tmp_path, caplog, validate):
    store_dir = default_store_copy(tmp_path_factory, tmp_path / "store")
    data = tmp_path / "trusts.nt"
    data.write_text("".join(TRUST.format(i=i) for i in range(50)), encoding="utf-8")
    if not swap.can_exchange(tmp_path):
        pytest.skip("this file system cannot swap folders")
    with caplog.at_level(logging.INFO, logger="pcgraph.importing.pipeline"), EmbeddedStore.open(store_dir) as store:
        before = store.count()
        report = import_data(store, [data], graph=GRAPH, validate=validate, exclusive=True)
        assert report.added == 50 and store.count(GRAPH) == 50
        assert store.count() > before + 50          # the catalogue entry came with it
        assert "swapping in its checked copy" in caplog.text
        again = import_data(store, [data], graph=GRAPH, replace=True, validate=validate, exclusive=True)
        assert again.added == 50 and store.count(GRAPH) == 50   # the reopened store is written again
    with EmbeddedStore.open(store_dir) as reopened:
        assert reopened.count(GRAPH) == 50
    assert not list(tmp_path.glob(".pcgraph-gate-*"))


def test_where_folders_cannot_be_swapped_the_import_writes_one_transaction(tmp_path_factory, tmp_path, monkeypatch,
                                                                           caplog):
    monkeypatch.setattr(pipeline, "_swappable", lambda store: False)
    store_dir = default_store_copy(tmp_path_factory, tmp_path / "store")
    data = tmp_path / "trusts.nt"
    data.write_text("".join(TRUST.format(i=i) for i in range(5)), encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="pcgraph.importing.pipeline"), EmbeddedStore.open(store_dir) as store:
        import_data(store, [data], graph=GRAPH, exclusive=True)
        assert store.count(GRAPH) == 5 and "in one transaction" in caplog.text


@pytest.mark.parametrize("terminal", [True, False])
def test_the_progress_bar_is_drawn_only_on_a_terminal(tmp_path, monkeypatch, terminal):
    """Into a pipe or a log a bar is noise, and following every read costs CPU time."""
    import sys

    from pcgraph.commands.import_ import _progress

    big = tmp_path / "big.nt"
    big.write_bytes(b"#" * (_progress.THRESHOLD + 1))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: terminal)
    assert _progress((big,), quiet=False).enabled is terminal
