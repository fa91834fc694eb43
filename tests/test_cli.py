"""The ``pcgraph`` command: one group, one version, clean errors."""

from __future__ import annotations

import os

import pcgraph
from pcgraph.cli import COMMANDS
from support.cli import run_pcgraph as run


def test_version_comes_from_the_package():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"pcgraph, version {pcgraph.__version__}"


def test_help_lists_every_verb_that_exists():
    result = run("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert f"  {name} " in result.stdout


def test_every_listed_verb_has_working_help():
    for name in COMMANDS:
        result = run(name, "--help")
        assert result.returncode == 0, (name, result.stderr)
        assert "Usage:" in result.stdout


def test_an_unknown_verb_is_a_usage_error_not_a_traceback():
    result = run("frobnicate")
    assert result.returncode == 2
    assert "No such command" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_setting_names_the_variable():
    env = {**os.environ, "PCGRAPH_MAX_ROWS": "lots"}
    result = run("serve", "--port", "0", env=env, timeout=60)
    assert result.returncode == 2
    assert "PCGRAPH_MAX_ROWS" in result.stderr
    assert "Traceback" not in result.stderr


def test_ontology_check_reports_consistency():
    result = run("ontology", "check")
    assert result.returncode == 0, result.stderr
    assert "consistent" in result.stdout
