"""``pcgraph validate``: exit codes as a contract, three output formats, errors that say where."""

from __future__ import annotations

import json

import pytest
import rdflib

from pcgraph.namespaces import SH
from support.cli import run_pcgraph
from support.paths import FIXTURES_DIR, TESTS_DIR

SHAPES = TESTS_DIR / "shapes"


def test_a_conforming_file_exits_0():
    result = run_pcgraph("validate", str(SHAPES / "mandate.conforming.ttl"), "--as-of", "2026-06-01",
                         "--rule", "mandate")
    assert result.returncode == 0, result.stderr
    assert "Conforms." in result.stdout


def test_violations_exit_1_and_the_text_groups_them_by_severity_and_rule_with_labels():
    result = run_pcgraph("validate", str(SHAPES / "mandate.violating.ttl"), "--as-of", "2026-06-01")
    assert result.returncode == 1, result.stderr
    text = result.stdout
    assert text.index("Violations") < text.index("Warnings")
    assert "[mandate]: 4" in text
    assert "- Alpha Hospitals" in text and "https://w3id.org/pcgraph/id/org/RAA" not in text
    assert "Source: NHS England, Working together at scale" in text


def test_warnings_alone_still_conform():
    result = run_pcgraph("validate", str(SHAPES / "purpose.violating.ttl"), "--as-of", "2026-06-01",
                         "--rule", "purpose")
    assert result.returncode == 0
    assert "Collaborative with no stated purpose [purpose]: 1" in result.stdout


def test_json_output():
    result = run_pcgraph("validate", str(SHAPES / "lead-provider.violating.ttl"), "--as-of", "2026-06-01",
                         "--format", "json", "--rule", "lead-provider")
    assert result.returncode == 1
    body = json.loads(result.stdout)
    assert body["as_of"] == "2026-06-01" and body["conforms"] is False
    assert body["counts"]["violation"] == 3
    by_focus = {r["focus"].rsplit("/", 1)[-1]: r for r in body["results"]}
    assert by_focus["associate-lead"]["value"] == "https://w3id.org/pcgraph/id/org/RWV"
    assert "(it has 2)" in by_focus["two-leads"]["message"]


def test_turtle_output_is_a_validation_report():
    result = run_pcgraph("validate", str(SHAPES / "delegation-budget.violating.ttl"), "--format", "turtle",
                         "--rule", "delegation-budget")
    assert result.returncode == 0
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    (report,) = graph.subjects(rdflib.RDF.type, SH.ValidationReport)
    (finding,) = graph.objects(report, SH.result)
    assert graph.value(finding, SH.resultSeverity) == SH.Warning
    from pcgraph.validation.rules import default_rules

    budget = next(r for r in default_rules() if r.id == "delegation-budget")
    assert str(graph.value(finding, rdflib.namespace.DCTERMS.source)) == budget.source != ""
    assert graph.value(report, rdflib.URIRef("https://w3id.org/pcgraph/ontology#asOf")) is not None


def test_several_files_are_validated_together():
    result = run_pcgraph("validate", str(SHAPES / "overlap-duplicate.violating.ttl"),
                         str(SHAPES / "membership-dates.violating.ttl"), "--format", "json", "--as-of", "2026-06-01")
    rules = {r["rule"] for r in json.loads(result.stdout)["results"]}
    assert {"overlap-duplicate", "membership-dates"} <= rules


def test_a_syntax_error_names_the_file_line_and_column_and_exits_2(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n')
    result = run_pcgraph("validate", str(bad))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {bad}, line 3, column")
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_missing_file_and_an_unknown_format_exit_2_naming_the_file(tmp_path):
    missing = run_pcgraph("validate", str(tmp_path / "nowhere.ttl"))
    assert missing.returncode == 2 and "nowhere.ttl" in missing.stderr
    odd = tmp_path / "data.xyz"
    odd.write_text("hello")
    unknown = run_pcgraph("validate", str(odd))
    assert unknown.returncode == 2 and "data.xyz" in unknown.stderr and ".xyz" in unknown.stderr


def test_a_bad_date_or_rule_exits_2():
    assert run_pcgraph("validate", str(SHAPES / "purpose.violating.ttl"), "--as-of", "1 April").returncode == 2
    result = run_pcgraph("validate", str(SHAPES / "purpose.violating.ttl"), "--rule", "nonsense")
    assert result.returncode == 2 and "nonsense" in result.stderr


def test_without_files_the_store_is_validated(tmp_path):
    from pcgraph.store.embedded import EmbeddedStore
    from pcgraph.validation.loading import load_files

    path = tmp_path / "store"
    store = EmbeddedStore.open(path, load_defaults=False)
    store.add_to_graph("https://w3id.org/pcgraph/graph/test",
                       load_files([SHAPES / "min-members.violating.ttl"]).quads_for_pattern(None, None, None, None))
    store.close()
    result = run_pcgraph("validate", "--store", str(path), "--format", "json", "--rule", "min-members",
                         "--as-of", "2026-06-01")
    assert result.returncode == 1, result.stderr
    focus = {r["focus"].rsplit("/", 1)[-1] for r in json.loads(result.stdout)["results"]}
    assert focus == {"lonely-pc", "shrunk-group", "complete-single"}


@pytest.mark.parametrize("name, rule", [("schema-org-collaborative.jsonld", "purpose"), ("ods-trusts.csv", None)])
def test_files_are_read_and_mapped_as_pcgraph_import_reads_them(name, rule):
    """Whatever pcgraph import takes (schema.org JSON-LD with its remote context, ODS CSV)
    pcgraph validate takes too, judging the data as it would be imported."""
    result = run_pcgraph("validate", str(FIXTURES_DIR / "import" / name), "--format", "json")
    assert result.returncode == 0, result.stderr
    found = {r["rule"] for r in json.loads(result.stdout)["results"]}
    assert found == ({rule} if rule else set())
