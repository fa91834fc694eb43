"""Shared fixtures: every test runs in an isolated environment."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path_factory):
    """No test touches the user's real store or inherits a token or endpoint."""
    for name in list(os.environ):
        if name.startswith("PCGRAPH_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PCGRAPH_STORE", str(tmp_path_factory.mktemp("store")))
