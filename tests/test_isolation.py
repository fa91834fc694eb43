"""The suite never reaches the user's own store, even from fixtures wider than one test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support.cli import run_pcgraph


@pytest.fixture(scope="module")
def default_store_seen_by_a_module_fixture() -> Path:
    # Module fixtures run before the per-test PCGRAPH_STORE is set: the session's
    # moved data home is all that keeps them off the user's folder.
    assert "PCGRAPH_STORE" not in os.environ
    from pcgraph.settings import _default_store
    return _default_store()


def test_a_wide_fixture_resolves_the_default_store_inside_the_session_home(default_store_seen_by_a_module_fixture):
    home = Path(os.environ["XDG_DATA_HOME"])
    assert default_store_seen_by_a_module_fixture.is_relative_to(home)
    assert not default_store_seen_by_a_module_fixture.is_relative_to(Path.home() / ".local")


def test_a_subprocess_without_store_settings_uses_the_session_home(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PCGRAPH_STORE"}
    done = run_pcgraph("query", "SELECT (1 AS ?one) WHERE {}", "--format", "csv", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert any(Path(os.environ["XDG_DATA_HOME"]).rglob("store"))
