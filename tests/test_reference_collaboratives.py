"""Collaboratives from web pages: every sourced row is in the reference graph with its page,
and a bad row stops the build naming file, line and column, writing nothing."""

from __future__ import annotations

import csv
import shutil

import pytest

from pcgraph import paths
from pcgraph.errors import InputError
from pcgraph.reference.build import build_reference
from pcgraph.reference.collaboratives import read_memberships, source_iri
from pcgraph.validation.loading import load_files

ID = "https://w3id.org/pcgraph/id/"
PC = "https://w3id.org/pcgraph/ontology#"
COPY = paths.data_dir() / "sources" / "collaboratives" / "collaboratives.csv"
HEADER = COPY.read_text(encoding="utf-8").splitlines()[0]
GOOD = ("test-group,Test group,TG,group,Black Country,,,RXK,,nhs-trust,Sandwell and West Birmingham,member,"
        "2021-04,,,https://example.org/news/1,2022,")


@pytest.fixture(scope="module")
def store():
    return load_files([paths.data_dir() / "reference.trig"])


def ask(store, query: str) -> bool:
    return bool(store.query(query, use_default_graph_as_union=True))


def test_every_row_with_an_ods_code_is_a_membership_citing_its_page(store):
    with COPY.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["member_ods_code"]]
    assert len(rows) > 300
    missing = [r for r in rows if not ask(store, f"""
        ASK {{ ?m <http://www.w3.org/ns/org#member> <{ID}org/{r['member_ods_code']}> ;
                  <http://www.w3.org/ns/org#organization> <{ID}collaborative/{r['collaborative_id']}> ;
                  <http://purl.org/dc/terms/source> <{source_iri(r['source_url'])}> .
              <{source_iri(r['source_url'])}> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <{r['source_url']}> }}""")]
    assert missing == []


def test_the_country_has_ninety_collaboratives_and_140_trusts_with_a_membership(store):
    [row] = store.query(f"""
        SELECT (COUNT(DISTINCT ?c) AS ?collaboratives) (COUNT(DISTINCT ?t) AS ?trusts) WHERE {{
            ?m a <http://www.w3.org/ns/org#Membership> ; <http://www.w3.org/ns/org#organization> ?c ;
               <http://www.w3.org/ns/org#member> ?t . ?t a ?kind
            FILTER (?kind IN (<{PC}NHSTrust>, <{PC}FoundationTrust>, <{PC}CareTrust>)) }}""", use_default_graph_as_union=True)
    assert int(row["collaboratives"].value) >= 90
    assert int(row["trusts"].value) >= 140


def test_dates_keep_the_precision_the_page_gave(store):
    # The 2014 press release says the partnership began about 2012: a year, not 1 January.
    assert ask(store, f"""ASK {{ ?s <{PC}statementOf> <{ID}membership/ashford-and-st-peters-and-royal-surrey-partnership/RTK> ;
        <{PC}statedStart> "2012"^^<http://www.w3.org/2001/XMLSchema#gYear> ; <{PC}dateNote> <{PC}ApproximateDate> }}""")
    assert ask(store, f"""ASK {{ <{ID}membership/ashford-and-st-peters-and-royal-surrey-partnership/RTK>
        <{PC}startDate> "2012-01-01"^^<http://www.w3.org/2001/XMLSchema#date> }}""")


def test_pages_that_differ_each_keep_their_statement(store):
    # Two pages on the Reach Out collaborative give Coventry and Warwickshire Partnership different roles.
    rows = list(store.query(f"""SELECT ?role WHERE {{ ?s <{PC}statementOf> <{ID}membership/reach-out-provider-collaborative/RYG> ;
        <{PC}role> ?role }}""", use_default_graph_as_union=True))
    assert {r["role"].value for r in rows} == {PC + "Member", PC + "Partner"}


def test_non_nhs_members_are_organisations_of_their_kind(store):
    assert ask(store, f"ASK {{ <{ID}org/st-andrews-healthcare> a <{PC}IndependentProvider> }}")
    assert ask(store, f"ASK {{ <{ID}org/essex-county-council> a <{PC}LocalAuthority> }}")
    assert ask(store, f"ASK {{ <{ID}membership/north-east-essex-alliance/QJG> <{PC}role> <{PC}Partner> }}")


def _file(tmp_path, *lines: str):
    path = tmp_path / "collaboratives.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def _known(code: str, kind: str) -> bool:
    return code in {"RXK", "RNA"}


@pytest.mark.parametrize("column, bad, says", [
    ("member_ods_code", "ZZZ9", "member_ods_code: ZZZ9 names no nhs-trust"),
    ("start_date", "2021-13", "start_date: '2021-13' is not a date"),
    ("source_url", "", "source_url: '' is not the address"),
    ("kind", "club", "kind: 'club' is not one of"),
    ("role", "chair", "role: 'chair' is not one of"),
])
def test_a_bad_cell_names_file_line_and_column(tmp_path, column, bad, says):
    names = HEADER.split(",")
    cells = next(csv.reader([GOOD]))
    cells[names.index(column)] = bad
    bad_line = ",".join(cells)
    with pytest.raises(InputError) as caught:
        read_memberships(_file(tmp_path, GOOD, bad_line), tmp_path, _known)
    assert caught.value.where == "collaboratives.csv:3"
    assert says in caught.value.message


def test_a_bad_row_stops_the_build_and_nothing_is_written(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("reference.trig", "*.xlsx"))
    copy = data / "sources" / "collaboratives" / "collaboratives.csv"
    with copy.open("a", encoding="utf-8") as handle:
        handle.write(GOOD.replace("RXK", "ZZZ9") + "\n")
    lines = len(copy.read_text(encoding="utf-8").splitlines())
    with pytest.raises(InputError) as caught:
        build_reference(data)
    assert caught.value.where == f"sources/collaboratives/collaboratives.csv:{lines}"
    assert not (data / "reference.trig").exists()
