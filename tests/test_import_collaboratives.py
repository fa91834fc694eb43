"""pcgraph import reads a collaboratives CSV (the columns of data/sources/collaboratives/)
with no code: the same reader and mapping as the reference build, validated by the gate;
a bad cell is refused naming file, line and column, and nothing is written."""

from __future__ import annotations

import csv
import io

import pytest

from pcgraph.cli import main
from pcgraph.store.embedded import EmbeddedStore
from support.paths import FIXTURES_DIR
from support.stores import content, default_store_copy

GOOD = FIXTURES_DIR / "import" / "dorset-alliance.csv"
ID = "https://w3id.org/pcgraph/id/"
PC = "https://w3id.org/pcgraph/ontology#"


@pytest.fixture
def store_dir(tmp_path_factory, tmp_path):
    return default_store_copy(tmp_path_factory, tmp_path / "store")


def test_a_collaboratives_csv_imports_members_roles_pages_and_dates(store_dir, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--store", str(store_dir), str(GOOD)])
    assert exit_.value.code in (0, None), capsys.readouterr().err
    with EmbeddedStore.open(store_dir, load_defaults=False) as store:
        rows = store.query(f"""
            SELECT ?member ?role ?page ?day WHERE {{
                ?m <http://www.w3.org/ns/org#organization> <{ID}collaborative/dorset-acute-alliance> ;
                   <http://www.w3.org/ns/org#member> ?member ; <{PC}role> ?role ;
                   <http://purl.org/dc/terms/source> ?source .
                ?source <http://www.w3.org/2000/01/rdf-schema#seeAlso> ?page ; <http://purl.org/dc/terms/date> ?day }}""").rows
        found = {(r["member"].value.rsplit("/", 1)[1], r["role"].value.rsplit("#", 1)[1]) for r in rows}
        assert found == {("RBD", "Member"), ("R0D", "LeadProvider"), ("R0D", "Member"), ("dorset-council", "Partner")}
        assert {r["page"].value for r in rows} == {"https://example.org/dorset-alliance"}
        assert {r["day"].value for r in rows} == {"2025-02"}
        assert store.query(f"ASK {{ <{ID}org/dorset-council> a <{PC}LocalAuthority> }}").boolean


def _with(column: str, value: str) -> str:
    lines = GOOD.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = next(csv.reader([lines[2]]))
    cells[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return "\n".join([lines[0], lines[1], out.getvalue().rstrip("\n"), lines[3]]) + "\n"


@pytest.mark.parametrize("column, value, says", [
    ("member_ods_code", "ZZ9", "ZZ9 names no nhs-trust known to the graph"),
    ("start_date", "2024-02-30", "'2024-02-30' is not a date"),
    ("source_url", "", "is not the address"),
    ("kind", "club", "'club' is not one of"),
    ("role", "chair", "'chair' is not one of"),
])
def test_a_bad_cell_is_refused_naming_file_line_and_column_and_nothing_is_written(
        store_dir, tmp_path, capsys, column, value, says):
    bad = tmp_path / "members.csv"
    bad.write_text(_with(column, value), encoding="utf-8")
    before = content(store_dir)
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--store", str(store_dir), str(GOOD), str(bad)])
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith(f"error: members.csv:3: column {column}") and says in error
    assert "Traceback" not in error
    assert content(store_dir) == before


def test_the_web_api_takes_the_same_csv_and_refuses_a_bad_cell_with_400(tmp_path):
    from pcgraph.settings import Settings
    from pcgraph.web.app import create_app
    from support.fixture_store import fixture_store

    client = create_app(Settings(api_token="secret"), store=fixture_store()).test_client()
    auth = {"Authorization": "Bearer secret"}
    # The fixture graph holds RXK, RNA and RL4 (not the Dorset trusts): a file naming them imports.
    good = _with("member_ods_code", "RXK").replace(",RBD,", ",RNA,")
    lines = good.splitlines()
    lines[2] = lines[2].replace(",2024-05,", ",2024-13,")
    bad = ("\n".join(lines) + "\n").encode("utf-8")
    refused = client.post("/api/import", data={"file": (io.BytesIO(bad), "members.csv")}, headers=auth)
    assert refused.status_code == 400
    assert refused.get_json()["error"].startswith("members.csv:3: column start_date")
    loaded = client.post("/api/import", data={"file": (io.BytesIO(good.encode("utf-8")), "members.csv")}, headers=auth)
    assert loaded.status_code == 200, loaded.get_json()
    assert loaded.get_json()["report"]["sources"][0]["format"] == "collaboratives-csv"
