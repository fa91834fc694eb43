"""`pcgraph build-reference`: deterministic, up to date, and loud about bad input."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pcgraph import paths
from pcgraph.errors import InputError
from pcgraph.reference import build_reference
from support.cli import run_pcgraph
from support.paths import FIXTURES_DIR

DATA = paths.data_dir()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/sources and data/curated to break."""
    for folder in ("sources", "curated"):
        shutil.copytree(DATA / folder, tmp_path / folder)
    return tmp_path


def replace_line(path: Path, number: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def test_the_committed_reference_graph_is_up_to_date():
    text, _ = build_reference(DATA)
    assert (DATA / "reference.trig").read_text(encoding="utf-8") == text, (
        "data/reference.trig is stale: run `pcgraph build-reference`")


def test_the_same_sources_give_the_same_bytes(data_copy, tmp_path):
    first, second = tmp_path / "first.trig", tmp_path / "second.trig"
    for output in (first, second):
        result = run_pcgraph("build-reference", "--data", str(data_copy), "--output", str(output))
        assert result.returncode == 0, result.stderr
    assert first.read_bytes() == second.read_bytes() == (DATA / "reference.trig").read_bytes()


def test_the_build_reports_what_it_read_built_and_skipped(data_copy, tmp_path):
    result = run_pcgraph("build-reference", "--data", str(data_copy), "--output", str(tmp_path / "out.trig"))
    assert result.returncode == 0, result.stderr
    assert "   274  sources/ods/etr_2026-07.csv" in result.stdout
    assert "pc:IntegratedCareBoard" in result.stdout
    assert "sources/ods/etr_2026-07.csv: trust in Wales (ODS country W)" in result.stdout
    assert "graph/collaboratives" in result.stdout


def test_check_passes_on_a_fresh_build_and_fails_on_a_stale_file(data_copy):
    output = data_copy / "reference.trig"
    assert run_pcgraph("build-reference", "--data", str(data_copy)).returncode == 0
    fresh = run_pcgraph("build-reference", "--data", str(data_copy), "--check")
    assert fresh.returncode == 0 and "up to date" in fresh.stdout
    output.write_text(output.read_text(encoding="utf-8") + "\n# edited by hand\n", encoding="utf-8")
    stale = run_pcgraph("build-reference", "--data", str(data_copy), "--check")
    assert stale.returncode == 1
    assert "out of date" in stale.stderr


def assert_fails_cleanly(data_copy: Path, where: str, reason: str) -> None:
    output = data_copy / "out" / "reference.trig"
    result = run_pcgraph("build-reference", "--data", str(data_copy), "--output", str(output))
    assert result.returncode == 2, result.stdout
    assert result.stderr.startswith(f"error: {where}: ")
    assert reason in result.stderr
    assert "Traceback" not in result.stderr
    assert not output.parent.exists() or list(output.parent.iterdir()) == []  # no partial file


def test_a_malformed_ods_date_names_file_and_line(data_copy):
    replace_line(data_copy / "sources/ods/etr_2026-07.csv", 3, '"20171001"', '"2017-10-01"')
    assert_fails_cleanly(data_copy, "sources/ods/etr_2026-07.csv:3", "not a date in the form YYYYMMDD")


def test_a_short_ods_row_names_file_and_line(data_copy):
    replace_line(data_copy / "sources/ods/etr_2025-12.csv", 10, ',"","",""\n', "\n")
    assert_fails_cleanly(data_copy, "sources/ods/etr_2025-12.csv:10", "expected 27 columns")


def test_an_unknown_benchmarking_group_names_file_and_line(data_copy):
    replace_line(data_copy / "sources/community_cc0/trusts_2026-08-22.csv", 4, "Community Trusts", "Circus Trusts")
    assert_fails_cleanly(data_copy, "sources/community_cc0/trusts_2026-08-22.csv:4", "unknown benchmarking group")


def test_a_merger_date_that_disagrees_with_ods_fails(data_copy):
    path = data_copy / "sources/community_cc0/trusts_2026-08-22.csv"
    number = next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                  if line.startswith("RAX,"))
    replace_line(path, number, "2024-11-01", "2024-12-01")
    assert_fails_cleanly(data_copy, f"sources/community_cc0/trusts_2026-08-22.csv:{number}",
                         "not the day after RY9's ODS close date 2024-10-31")


def test_a_curated_fact_with_an_unknown_ods_code_fails(data_copy):
    shutil.copy(FIXTURES_DIR / "reference" / "unknown-ods-code.ttl", data_copy / "curated")
    assert_fails_cleanly(data_copy, "curated/unknown-ods-code.ttl:7", "ODS code RZZ99 is not in the ODS")


def test_a_curated_fact_without_a_source_fails(data_copy):
    shutil.copy(FIXTURES_DIR / "reference" / "fact-without-source.ttl", data_copy / "curated")
    assert_fails_cleanly(data_copy, "curated/fact-without-source.ttl:5", "has no dcterms:source")


def test_a_missing_source_file_is_named(data_copy):
    (data_copy / "sources/ods/ect_2023.csv").unlink()
    with pytest.raises(InputError, match="source file is missing") as caught:
        build_reference(data_copy)
    assert caught.value.where == "sources/ods/ect_2023.csv"


def test_the_data_readme_lists_every_named_graph_with_its_size():
    _, report = build_reference(DATA)
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Named graphs", 1)[1].split("\n## ", 1)[0]
    listed = {m.group(1): int(m.group(2)) for m in re.finditer(r"^\| `([a-z0-9-]+)` \|.*\| (\d+) \|$", table, re.M)}
    assert listed == report.graphs
