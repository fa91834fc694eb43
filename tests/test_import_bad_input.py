"""Bad files get a clear error naming the file and line, exit 2, and leave the store exactly as it was."""

from __future__ import annotations

import pytest

from pcgraph.cli import main
from support.paths import FIXTURES_DIR
from support.stores import content, default_store_copy

IMPORTS = FIXTURES_DIR / "import"

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <rdf:Description rdf:about="https://w3id.org/pcgraph/id/org/RXK"><skos:altLabel>&lol9;</skos:altLabel></rdf:Description>
</rdf:RDF>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <rdf:Description rdf:about="https://w3id.org/pcgraph/id/org/RXK"><skos:altLabel>&secret;</skos:altLabel></rdf:Description>
</rdf:RDF>
"""

PLAIN_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY pcid "https://w3id.org/pcgraph/id/"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <rdf:Description rdf:about="&pcid;org/RXK"><skos:altLabel>SWBH</skos:altLabel></rdf:Description>
</rdf:RDF>
"""

ODS_ROW = '"RNA","THE DUDLEY GROUP NHS FOUNDATION TRUST","Y60","QUA","RUSSELLS HALL HOSPITAL","PENSNETT ROAD","","DUDLEY","","DY1 2HQ","19940401","","","","","","","01384 456111","","","","1","","F","","",""\n'

CASES = {
    # name: (file name, bytes, what the error must say)
    "broken turtle": ("broken.ttl", b"@prefix pc: <https://w3id.org/pcgraph/ontology#> .\n\n<https://w3id.org/pcgraph/id/org/RXK> pc:odsCode \"RXK\" .\n<https://w3id.org/pcgraph/id/org/RNA> pc:odsCode \"RNA .\n",
                      ["broken.ttl, line 4", "not valid turtle"]),
    "invalid json-ld": ("broken.jsonld", b'{\n  "@id": "https://w3id.org/pcgraph/id/org/RXK",\n  "http://www.w3.org/2004/02/skos/core#altLabel": "SWBH",,\n}\n',
                        ["broken.jsonld, line 3", "invalid JSON"]),
    "remote json-ld context": ("remote.jsonld", b'{"@context": "https://example.org/context.jsonld", "@id": "https://w3id.org/pcgraph/id/org/RXK", "name": "x"}',
                               ["remote.jsonld", "never fetches", "put the context object itself in the file"]),
    "entity expansion bomb": ("bomb.rdf", BILLION_LAUGHS.encode(), ["bomb.rdf, line", "nested or parameter entity"]),
    "external entity": ("xxe.rdf", EXTERNAL_ENTITY.encode(), ["xxe.rdf, line", "external entity 'secret'"]),
    "csv with a short row": ("short.csv", (ODS_ROW + '"RXK","SANDWELL","Y60"\n').encode(),
                             ["short.csv, line 2", "expected the 27 columns", "found 3"]),
    "csv with a bad date": ("dates.csv", ODS_ROW.replace("19940401", "1994-04-01").encode(),
                            ["dates.csv, line 1", "column 11", "YYYYMMDD"]),
    "latin-1 csv": ("latin1.csv", ODS_ROW.replace("DUDLEY", "DÜDLEY").encode("latin-1"),
                    ["latin1.csv, line 1", "not UTF-8"]),
    "latin-1 turtle": ("latin1.ttl", '<https://w3id.org/pcgraph/id/org/RNA> <http://www.w3.org/2004/02/skos/core#altLabel> "Dudley café" .\n'.encode("latin-1"),
                       ["latin1.ttl, line 1", "UTF-8"]),
    "overlong label": ("long-label.ttl", b"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                       b'<https://w3id.org/pcgraph/id/org/RXK> skos:altLabel "' + b"x" * 10_001 + b'" .\n',
                       ["long-label.ttl, line 2", "<https://w3id.org/pcgraph/id/org/RXK>", "10,001 characters",
                        "limit of 10,000", "PCGRAPH_MAX_LITERAL_CHARS"]),
    "empty file": ("empty.nt", b"", ["empty.nt", "the file is empty"]),
    "no triples": ("comments.ttl", b"# nothing but a comment\n", ["comments.ttl", "holds no triples"]),
    "unknown extension": ("data.xyz", b"x", ["data.xyz", "--format"]),
}


@pytest.fixture
def store_dir(tmp_path_factory, tmp_path):
    return default_store_copy(tmp_path_factory, tmp_path / "store")


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_file_is_refused_with_file_and_line_and_the_store_is_unchanged(case, store_dir, tmp_path, capsys):
    name, data, expected = CASES[case]
    bad = tmp_path / name
    bad.write_bytes(data)
    good = IMPORTS / "collaborative.ttl"
    before = content(store_dir)
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--store", str(store_dir), str(good), str(bad)])   # the good file is not written either
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and "Traceback" not in error
    for text in expected:
        assert text in error
    assert content(store_dir) == before


def test_a_file_over_the_import_limit_is_refused_before_reading(store_dir, tmp_path, capsys):
    huge = tmp_path / "huge.nt"
    with open(huge, "wb") as handle:          # a sparse 2 GB file: no disk space used
        handle.truncate(2 * 1024 ** 3)
    before = content(store_dir)
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--store", str(store_dir), str(huge)])
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert "huge.nt" in error and "2.0 GB" in error and "PCGRAPH_MAX_IMPORT_BYTES" in error
    assert content(store_dir) == before


def test_a_missing_file_is_named(store_dir, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--store", str(store_dir), str(tmp_path / "nowhere.ttl")])
    assert exit_.value.code == 2
    assert "nowhere.ttl: no such file" in capsys.readouterr().err


def test_plain_internal_entities_in_rdf_xml_are_still_read(store_dir, tmp_path, capsys):
    ok = tmp_path / "entities.rdf"
    ok.write_text(PLAIN_ENTITY)
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--store", str(store_dir), str(ok)])
    assert exit_.value.code == 0, capsys.readouterr().err
    assert "1 triple read" in capsys.readouterr().out


def test_the_schema_org_context_is_read_from_the_copy_pcgraph_ships(store_dir, tmp_path, capsys, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("JSON-LD parsing tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--store", str(store_dir), str(IMPORTS / "schema-org-collaborative.jsonld")])
    assert exit_.value.code == 0, capsys.readouterr().err


def test_a_folder_given_as_a_file_is_named_as_a_folder(store_dir, tmp_path, capsys):
    (tmp_path / "exports.ttl").mkdir()
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--store", str(store_dir), str(tmp_path / "exports.ttl")])
    assert exit_.value.code == 2
    assert "exports.ttl: a folder, not a file" in capsys.readouterr().err


def test_an_import_past_its_time_budget_is_refused_and_writes_nothing(store_dir, tmp_path, capsys, monkeypatch):
    many = tmp_path / "many.nt"
    many.write_text("".join(f'<https://w3id.org/pcgraph/id/org/RXK> <http://example.org/p{i}> "{i}" .\n'
                            for i in range(200_000)))
    monkeypatch.setenv("PCGRAPH_IMPORT_TIMEOUT", "0.05")
    before = content(store_dir)
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--store", str(store_dir), str(many)])
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert "many.nt" in error and "time budget of 0.05 s" in error and "PCGRAPH_IMPORT_TIMEOUT" in error
    assert "Traceback" not in error
    assert content(store_dir) == before
