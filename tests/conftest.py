"""Shared fixtures: every test runs in an isolated environment.

No test may read or write the user's own store, whatever fixture scope it uses: before any
test is collected, the session's data, config and cache homes are moved to a temporary
folder (so ``platformdirs`` resolves the default store there), and settings inherited from
the shell (``PCGRAPH_*``: a token, an endpoint, a store) are dropped. A ``pcgraph serve``
the user has running on the default store is therefore never opened by the suite.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_SESSION_HOME: str | None = None


def pytest_configure(config):
    global _SESSION_HOME
    _SESSION_HOME = tempfile.mkdtemp(prefix="pcgraph-tests-")
    for name in list(os.environ):
        if name.startswith("PCGRAPH_"):
            del os.environ[name]
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = os.path.join(_SESSION_HOME, name.lower())
        os.makedirs(folder, exist_ok=True)
        os.environ[name] = folder


def pytest_unconfigure(config):
    if _SESSION_HOME is not None:
        shutil.rmtree(_SESSION_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path_factory):
    """Each test gets its own store folder and inherits no token or endpoint."""
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
