"""pcgraph import: data from other registries lands as pcgraph data, checked, traced, all or nothing."""

from __future__ import annotations

import hashlib

import pytest

from pcgraph.cli import main
from pcgraph.importing import ImportRejected, import_data
from pcgraph.queries.catalog import QUERIES_DIR, load_queries
from pcgraph.store.catalogue import CATALOGUE_GRAPH, sources
from pcgraph.store.embedded import EmbeddedStore
from support.paths import FIXTURES_DIR
from support.stores import content, default_store_copy

IMPORTS = FIXTURES_DIR / "import"
ID = "https://w3id.org/pcgraph/id/"
PC = "https://w3id.org/pcgraph/ontology#"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
QUERIES = load_queries(QUERIES_DIR)


@pytest.fixture
def store_dir(tmp_path_factory, tmp_path):
    """A store folder holding the ontology and the reference graph, as a new store does."""
    return default_store_copy(tmp_path_factory, tmp_path / "store")


@pytest.fixture
def store(store_dir):
    with EmbeddedStore.open(store_dir) as opened:
        yield opened


def canned(store, name: str, **params) -> list[dict]:
    query = QUERIES[name]
    result = store.query(query.sparql, bindings=query.bind(params))
    return [{k: v.value for k, v in row.items()} for row in result.rows]


# -- other vocabularies land as pcgraph data -----------------------------------------------


def test_a_w3c_org_file_lands_as_pcgraph_data_queryable_with_the_canned_queries(store):
    report = import_data(store, [IMPORTS / "w3c-org-collaboration.ttl"])
    collaborative = "https://registry.example.org/collab-bsw-acute-alliance"

    members = canned(store, "members-of-collaborative", collaborative=collaborative, as_of="2025-01-01")
    assert {m["odsCode"] for m in members} == {"RN3", "RNZ", "RD1"}
    assert {m["member"] for m in members} == {ID + "org/RN3", ID + "org/RNZ", ID + "org/RD1"}
    ended = canned(store, "members-of-collaborative", collaborative=collaborative, as_of="2030-06-01")
    assert {m["odsCode"] for m in ended} == {"RN3", "RNZ"}       # RD1's org:memberDuring ended 2030-03-31
    assert report.mapped > 0 and report.graphs == ["https://w3id.org/pcgraph/graph/import-w3c-org-collaboration"]


def test_a_schema_org_json_ld_file_lands_with_roles_and_dates(store):
    import_data(store, [IMPORTS / "schema-org-collaborative.jsonld"])
    collaborative = "https://directory.example.org/collaboratives/south-london-mh"

    members = canned(store, "members-of-collaborative", collaborative=collaborative, as_of="2024-01-01")
    assert {m["odsCode"] for m in members} == {"RPG", "RV5", "RQY"}
    lead = canned(store, "ask-members-with-role", collaborative=collaborative, role=PC + "LeadProvider",
                  as_of="2024-01-01")
    assert [row["member"] for row in lead if "member" in row] == [ID + "org/RV5"]
    assert store.query("ASK { ?s ?p ?o FILTER(STRSTARTS(STR(?p), 'http://schema.org/')) }").boolean is False


def test_two_iris_with_one_ods_code_become_the_canonical_organisation(store):
    import_data(store, [IMPORTS / "schema-org-collaborative.jsonld"])
    same = store.query(f"SELECT ?original WHERE {{ <{ID}org/RV5> <{OWL_SAME_AS}> ?original }}")
    assert [row["original"].value for row in same.rows] == ["https://directory.example.org/orgs/slam"]
    assert store.query("ASK { <https://directory.example.org/orgs/slam> ?p ?o }").boolean is False
    # the reference graph's facts about RV5 and the imported ones meet on one node
    labels = store.query(f"SELECT ?l WHERE {{ <{ID}org/RV5> skos:altLabel ?l }}")
    assert "SLaM" in {row["l"].value for row in labels.rows}


def test_an_ods_extract_lands_as_organisations_with_readable_names(store):
    import_data(store, [IMPORTS / "ods-trusts.csv"], graph="https://w3id.org/pcgraph/graph/example-ods")
    rows = store.query(f"""SELECT ?type ?label ?end ?region WHERE {{ GRAPH <https://w3id.org/pcgraph/graph/example-ods> {{
        <{ID}org/RY9> a ?type ; skos:prefLabel ?label ; pc:endDate ?end ; pc:region ?region }} }}""").rows
    assert {(r["type"].value, r["label"].value, r["end"].value, r["region"].value) for r in rows} == {
        (PC + "NHSTrust", "Hounslow and Richmond Community Healthcare NHS Trust", "2024-10-31", ID + "org/Y56")}
    care = store.query(f"ASK {{ <{ID}org/TAJ> a pc:CareTrust, pc:FoundationTrust }}")
    assert care.boolean is True


# -- provenance ----------------------------------------------------------------------------


def test_each_import_is_recorded_with_file_checksum_format_count_and_who(store, monkeypatch):
    from pcgraph.settings import Settings

    monkeypatch.setenv("PCGRAPH_USER", "data-team")
    path = IMPORTS / "collaborative.ttl"
    import_data(store, [path], settings=Settings.from_env())
    graph = "https://w3id.org/pcgraph/graph/import-collaborative"
    entry = next(s for s in sources(store) if s["graph"] == graph)
    assert entry == {"graph": graph, "source": "urn:pcgraph:file:collaborative.ttl", "format": "text/turtle",
                     "triples": str(store.count(graph)), "modified": entry["modified"], "who": "data-team"}
    checksum = store.query(f"""SELECT ?v WHERE {{ GRAPH <{CATALOGUE_GRAPH}> {{
        <{graph}> prov:wasGeneratedBy/prov:used/<http://spdx.org/rdf/terms#checksum>/<http://spdx.org/rdf/terms#checksumValue> ?v }} }}""")
    assert checksum.rows[0]["v"].value == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_public_catalogue_holds_no_folder_and_no_login_name(store, tmp_path):
    import getpass

    folder = tmp_path / "board-papers"
    folder.mkdir()
    draft = folder / "board-minutes-draft.ttl"
    draft.write_bytes((IMPORTS / "collaborative.ttl").read_bytes())
    import_data(store, [draft])
    catalogue = "\n".join(str(q) for q in store.quads(CATALOGUE_GRAPH))
    assert "urn:pcgraph:file:board-minutes-draft.ttl" in catalogue
    assert str(folder) not in catalogue and "file:///" not in catalogue, catalogue
    assert f'"{getpass.getuser()}"' not in catalogue and f"#user-{getpass.getuser()}" not in catalogue
    entry = next(s for s in sources(store) if s["graph"].endswith("import-board-minutes-draft"))
    assert "who" not in entry


def test_the_reference_graphs_are_catalogued_as_sources(store):
    catalogued = {s["graph"] for s in sources(store)}
    assert "https://w3id.org/pcgraph/graph/ontology" in catalogued
    assert set(store.graphs()) - {CATALOGUE_GRAPH} <= catalogued


def test_replace_swaps_a_graph_and_its_catalogue_entry(store):
    graph = "https://w3id.org/pcgraph/graph/example"
    import_data(store, [IMPORTS / "collaborative.ttl"], graph=graph)
    import_data(store, [IMPORTS / "ods-trusts.csv"], graph=graph, replace=True)
    assert store.query(f"ASK {{ GRAPH <{graph}> {{ ?m a org:Membership }} }}").boolean is False
    assert store.query(f"ASK {{ GRAPH <{graph}> {{ <{ID}org/RY9> ?p ?o }} }}").boolean is True
    loads = store.query(f"SELECT ?load WHERE {{ GRAPH <{CATALOGUE_GRAPH}> {{ <{graph}> prov:wasGeneratedBy ?load }} }}")
    assert len(loads.rows) == 1
    assert next(s for s in sources(store) if s["graph"] == graph)["format"] == "text/csv"


# -- the gate --------------------------------------------------------------------------------


def test_a_violation_rejects_the_whole_import_and_names_rule_node_and_line(store, store_dir):
    before = content(store)
    with pytest.raises(ImportRejected) as caught:
        import_data(store, [IMPORTS / "collaborative.ttl", IMPORTS / "membership-dates-wrong.ttl"])
    finding = next(f for f in caught.value.findings if f["rule"] == "membership-dates")
    assert finding["focus"] == ID + "membership/example-dated-collaborative/RNA"
    assert finding["file"].endswith("membership-dates-wrong.ttl") and finding["line"] == 11
    assert content(store) == before


def test_findings_the_store_already_had_do_not_block_an_import(store):
    # the reference data breaks some rules itself; importing unrelated, valid data still works
    report = import_data(store, [IMPORTS / "collaborative.ttl"])
    assert report.validated and report.added == 48


def test_the_cli_exits_1_on_a_rejected_import_and_writes_nothing(store_dir, capsys):
    before = content(store_dir)
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--store", str(store_dir), str(IMPORTS / "membership-dates-wrong.ttl")])
    assert exit_.value.code == 1
    error = capsys.readouterr().err
    assert "membership-dates" in error and "membership-dates-wrong.ttl, line 11" in error
    assert content(store_dir) == before


def test_the_cli_prints_a_summary_line(store_dir, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--store", str(store_dir), str(IMPORTS / "collaborative.ttl")])
    assert exit_.value.code == 0
    assert "48 triples read, 0 mapped, 48 added, 0 rejected" in capsys.readouterr().out


def test_import_through_the_api_takes_bytes_without_a_file(store):
    from pcgraph.importing import Upload

    data = (IMPORTS / "collaborative.ttl").read_bytes()
    report = import_data(store, [Upload("upload.ttl", data)], graph="https://w3id.org/pcgraph/graph/uploaded")
    assert report.added == 48
    entry = next(s for s in sources(store) if s["graph"] == "https://w3id.org/pcgraph/graph/uploaded")
    assert entry["source"] == "urn:pcgraph:upload:upload.ttl"


def test_a_graph_the_store_keeps_for_itself_cannot_be_imported_into(store):
    from pcgraph.errors import InputError

    with pytest.raises(InputError, match="cannot be imported into"):
        import_data(store, [IMPORTS / "collaborative.ttl"], graph=CATALOGUE_GRAPH)


def test_blank_nodes_from_two_files_never_merge(store):
    graph = "https://w3id.org/pcgraph/graph/example"
    import_data(store, [IMPORTS / "roundtrip.trig", IMPORTS / "roundtrip.trig"], graph=graph)
    sources_ = store.query(f"SELECT DISTINCT ?b WHERE {{ GRAPH <{graph}> {{ ?b a foaf:Document }} }}")
    assert len(sources_.rows) == 2


def test_adding_to_a_graph_keeps_its_blank_nodes_as_they_were(store):
    """Data added to a graph joins what is there: the graph's own blank nodes are not copied anew
    (checked on a small store, validated in memory, and a large one, validated on a checkpoint)."""
    from pcgraph.importing import Upload

    graph = "https://w3id.org/pcgraph/graph/example"
    card = b'<https://example.org/p/1> <https://example.org/card> [ <https://example.org/fn> "Jane Doe" ] .'
    name = b'<https://example.org/p/1> <https://example.org/name> "Jane Doe" .'
    for target in (EmbeddedStore.in_memory(), store):
        import_data(target, [Upload("card.ttl", card)], graph=graph)
        import_data(target, [Upload("name.ttl", name)], graph=graph)
        assert target.count(graph) == 3


def test_a_bad_as_of_date_is_named(store_dir, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--store", str(store_dir), "--as-of", "1 April", str(IMPORTS / "collaborative.ttl")])
    assert exit_.value.code == 2
    assert "--as-of: expected a date written YYYY-MM-DD" in capsys.readouterr().err


def test_dropping_a_graph_drops_its_catalogue_entry(store):
    graph = "https://w3id.org/pcgraph/graph/example"
    import_data(store, [IMPORTS / "collaborative.ttl"], graph=graph)
    store.drop_graph(graph)
    assert graph not in store.graphs()
    assert store.query(f"ASK {{ GRAPH <{CATALOGUE_GRAPH}> {{ <{graph}> ?p ?o }} }}").boolean is False
    assert store.query(f"ASK {{ GRAPH <{CATALOGUE_GRAPH}> {{ ?load prov:used ?file . ?file dcterms:title 'collaborative.ttl' }} }}").boolean is False


def test_a_rejected_import_still_ends_with_the_summary_line(store):
    with pytest.raises(ImportRejected) as caught:
        import_data(store, [IMPORTS / "membership-dates-wrong.ttl"])
    assert str(caught.value).splitlines()[-1].startswith("14 triples read, 0 mapped, 0 added, 14 rejected")


def test_imports_on_many_threads_each_see_the_one_before(store, tmp_path):
    import threading

    # each half alone is fine; together the membership ends before it starts
    membership = f"<{ID}membership/example-acute-collaborative/RL4-2024>"
    start = tmp_path / "start.ttl"
    start.write_text(f"""{membership} a <http://www.w3.org/ns/org#Membership> ;
        <http://www.w3.org/ns/org#member> <{ID}org/RL4> ;
        <http://www.w3.org/ns/org#organization> <{ID}collaborative/example-acute-collaborative> ;
        <{PC}role> <{PC}Member> ; <{PC}startDate> "2024-04-01"^^<http://www.w3.org/2001/XMLSchema#date> .""")
    end = tmp_path / "end.ttl"
    end.write_text(f"""{membership} <{PC}endDate> "2023-03-31"^^<http://www.w3.org/2001/XMLSchema#date> .""")
    import_data(store, [IMPORTS / "collaborative.ttl"])
    outcomes: list[str] = []

    def run(path):
        try:
            import_data(store, [path])
            outcomes.append("imported")
        except ImportRejected as rejected:
            outcomes.append(rejected.findings[0]["rule"])

    threads = [threading.Thread(target=run, args=(path,)) for path in (start, end)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["imported", "membership-dates"]


def test_the_real_ods_trust_extract_imports_cleanly_over_the_reference_graph(store):
    from pcgraph import paths

    extract = paths.data_dir() / "sources" / "ods" / "etr_2026-07.csv"
    report = import_data(store, [extract], graph="https://w3id.org/pcgraph/graph/example-ods")
    rows = sum(1 for line in extract.read_text(encoding="utf-8").splitlines() if line.strip())
    trusts = store.query("""SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {
        GRAPH <https://w3id.org/pcgraph/graph/example-ods> { ?o pc:odsCode ?code } }""")
    assert int(trusts.rows[0]["n"].value) == rows
    assert report.validated


def test_the_format_can_be_named_when_the_extension_does_not_say(store_dir, tmp_path, capsys):
    import json

    data = tmp_path / "collaborative.txt"
    data.write_bytes((IMPORTS / "collaborative.ttl").read_bytes())
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--store", str(store_dir), "--format", "ttl", "--json", str(data)])
    assert exit_.value.code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["added"] == 48 and report["sources"][0]["format"] == "turtle"


def test_a_store_file_compacted_away_while_the_store_is_sized_does_not_fail_the_import(store, monkeypatch):
    """The open store's background compaction may delete a file between listing the folder and
    reading its size; the import must go on (this once failed with FileNotFoundError)."""
    import os

    doomed = store.path / "compacted-away.sst"
    doomed.write_bytes(b"x" * 3000)
    stale = list(os.scandir(store.path))          # listed while the file was there
    doomed.unlink()
    scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path=".": iter(stale) if str(path) == str(store.path) else scandir(path))
    report = import_data(store, [IMPORTS / "collaborative.ttl"], graph="https://w3id.org/pcgraph/graph/example")
    assert report.added == 48


def test_a_rejection_counts_rules_apart_from_findings():
    from pcgraph.importing.pipeline import _rejection_message

    one_rule_twice = [{"rule": "delegation-cycle", "focus": f"x{i}", "focus_label": f"X{i}", "message": "m"} for i in (1, 2)]
    assert _rejection_message(one_rule_twice).startswith("the import breaks 1 rule (2 findings) and was not written:")
    two_rules = one_rule_twice[:1] + [{"rule": "purpose", "focus": "y", "focus_label": "Y", "message": "m"}]
    assert _rejection_message(two_rules).startswith("the import breaks 2 rules and was not written:")


def test_a_dry_run_validates_against_the_store_and_writes_nothing(store_dir, capsys):
    before = content(store_dir)
    with pytest.raises(SystemExit) as good:
        main(["import", "--store", str(store_dir), "--dry-run", str(IMPORTS / "collaborative.ttl")])
    assert good.value.code == 0
    assert "48 would be added" in capsys.readouterr().out and content(store_dir) == before
    with pytest.raises(SystemExit) as bad:
        main(["import", "--store", str(store_dir), "--dry-run", "--json",
              str(IMPORTS / "collaborative.ttl"), str(IMPORTS / "membership-dates-wrong.ttl")])
    assert bad.value.code == 1
    assert '"rule": "membership-dates"' in capsys.readouterr().out and content(store_dir) == before


def test_two_of_pcgraphs_own_organisations_claiming_one_code_are_reported_not_merged(store):
    # org:Organization (a W3C ORG term) makes the mappings, identity by ODS code among them, run.
    data = b"""@prefix pc: <https://w3id.org/pcgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/pcgraph/id/org/ZZ001> a pc:NHSTrust, org:Organization ; skos:prefLabel "First trust" ; pc:odsCode "ZZ002" .
<https://w3id.org/pcgraph/id/org/ZZ002> a pc:NHSTrust, org:Organization ; skos:prefLabel "Second trust" ; pc:odsCode "ZZ002" .
"""
    from pcgraph.importing import Upload

    with pytest.raises(ImportRejected) as caught:
        import_data(store, [Upload("clash.ttl", data)], graph="https://w3id.org/pcgraph/graph/example")
    assert {(f["rule"], f["focus"]) for f in caught.value.findings} >= {("ods-code", ID + "org/ZZ001")}
    import_data(store, [Upload("clash.ttl", data)], graph="https://w3id.org/pcgraph/graph/example", validate=False)
    labels = store.query("""SELECT ?o ?l WHERE { GRAPH <https://w3id.org/pcgraph/graph/example> {
        ?o skos:prefLabel ?l } } ORDER BY ?o""").rows
    assert [(r["o"].value, r["l"].value) for r in labels] == [(ID + "org/ZZ001", "First trust"),
                                                              (ID + "org/ZZ002", "Second trust")]
