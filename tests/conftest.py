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


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def remote_engine(request, tmp_path_factory):
    """A real SPARQL engine (Oxigraph server, Virtuoso 7) on free loopback ports, started once
    per session and stopped after; tests that write to it use graphs of their own."""
    from support.engines import remote_engine as start

    with start(request.param, tmp_path_factory.mktemp(f"engine-{request.param}")) as engine:
        yield engine
