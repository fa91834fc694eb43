"""The reference graph states the real NHS: checked against the source files, through the real store.

Each test opens the store `pcgraph serve` would open (the ontology plus
data/reference.trig) and asks it in SPARQL; expected answers come from the CSV files
under data/sources/, never from the graph itself.
"""

from __future__ import annotations

import csv
import re
from datetime import date

import pyoxigraph as ox
import pytest

from pcgraph import paths
from pcgraph.namespaces import sparql_prologue
from pcgraph.settings import Settings
from pcgraph.store import open_store
from support.paths import FIXTURES_DIR

XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
ID = "https://w3id.org/pcgraph/id/"
SOURCES = paths.data_dir() / "sources"


def active(node: str, tag: str = "") -> str:
    """SPARQL filters: ``node`` is active on ?day (no start after it, no end before it)."""
    return f"""
  FILTER NOT EXISTS {{ {node} pc:startDate ?start{tag} FILTER(?start{tag} > ?day) }}
  FILTER NOT EXISTS {{ {node} pc:endDate ?end{tag} FILTER(?end{tag} < ?day) }}
"""


# "Members of ?collaborative as of ?day": the membership and the member are both active.
MEMBERS_AS_OF = """
SELECT ?member WHERE {
  ?membership a org:Membership ; org:organization ?collaborative ; org:member ?member .
""" + active("?membership", "1") + active("?member", "2") + "}"


def day(text: str) -> ox.Literal:
    return ox.Literal(text, datatype=XSD_DATE)


def node(key: str) -> ox.NamedNode:
    return ox.NamedNode(ID + key)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = open_store(Settings(store=tmp_path_factory.mktemp("reference-store")))
    yield store
    store.close()


def select(store, query: str, **bindings) -> list[dict]:
    """Rows of a SELECT, with ``bindings`` substituted as RDF terms (never formatted in).

    pyoxigraph substitutes only projected variables, so the bound ones are projected too
    and dropped from the rows returned.
    """
    if bindings:
        query = re.sub(r"SELECT( DISTINCT)?", lambda m: m.group(0) + "".join(f" ?{v}" for v in bindings), query, count=1)
    result = store.query(sparql_prologue() + query, bindings=bindings)
    return [{k: v.value for k, v in row.items() if k not in bindings} for row in result.rows]


def ods_rows(name: str) -> list[list[str]]:
    with (SOURCES / "ods" / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def cc0_rows(name: str) -> list[dict[str, str]]:
    with (SOURCES / "community_cc0" / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def active_trust_codes(store, on: str) -> set[str]:
    rows = select(store, """
        SELECT DISTINCT ?code WHERE {
          ?trust a/rdfs:subClassOf* pc:NHSTrust ; pc:odsCode ?code .
        """ + active("?trust") + "}", day=day(on))
    return {r["code"] for r in rows}


def active_icb_codes(store, on: str) -> set[str]:
    rows = select(store, """
        SELECT DISTINCT ?code WHERE { ?icb a pc:IntegratedCareBoard ; pc:odsCode ?code .
        """ + active("?icb") + "}", day=day(on))
    return {r["code"] for r in rows}


def members(store, collaborative: str, on: str) -> set[str]:
    rows = select(store, MEMBERS_AS_OF, collaborative=node(f"collaborative/{collaborative}"), day=day(on))
    return {r["member"].removeprefix(ID + "org/") for r in rows}


def test_open_english_trusts_today_are_those_of_the_ods_files(store):
    today = date.today().strftime("%Y%m%d")
    current = {c["ods_code"] for c in cc0_rows("trusts_2026-08-22.csv")}
    expected = {r[0] for r in ods_rows("etr_2026-07.csv") if r[23] != "W" and (not r[11] or r[11] >= today)}
    expected |= {r[0] for r in ods_rows("ect_2023.csv") if r[0] in current}  # care trusts not in etr
    assert active_trust_codes(store, date.today().isoformat()) == expected
    assert len(expected) == len(current)  # the ODS and CC0 lists agree on how many trusts there are


def test_closed_and_welsh_trusts(store):
    everything = active_trust_codes(store, "1900-01-01") | active_trust_codes(store, date.today().isoformat())
    rows = select(store, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a/rdfs:subClassOf* pc:NHSTrust }")
    english = {r[0] for r in ods_rows("etr_2025-12.csv") + ods_rows("etr_2026-07.csv") if r[23] != "W"}
    english |= {r[0] for r in ods_rows("ect_2023.csv")}
    assert int(rows[0]["n"]) == len(english)
    assert not {"RQF", "RT4", "RYT"} & everything  # Velindre, Welsh Ambulance, Public Health Wales


def test_42_icbs_until_31_march_2026_and_36_from_1_april(store):
    with (SOURCES / "ons" / "icb_names_codes_dec2024.csv").open(encoding="utf-8-sig") as handle:
        before = {r["ICB24CDH"] for r in csv.DictReader(handle)}
    after = {r["ods_code"] for r in cc0_rows("icbs_2026-08-22.csv")}
    assert active_icb_codes(store, "2026-03-31") == before and len(before) == 42
    assert active_icb_codes(store, "2026-04-01") == after and len(after) == 36
    assert active_icb_codes(store, "2022-06-30") == set()  # ICBs became statutory on 1 July 2022
    new = after - before
    hq_codes = {r[3] for r in ods_rows("etr_2026-07.csv")}
    assert new <= hq_codes  # every new ICB code is one ODS uses


def test_the_april_2026_reorganisation_is_a_set_of_dated_events(store):
    rows = select(store, """
        SELECT ?old ?type ?new WHERE {
          ?event pc:partOfReorganisation id:reorganisation/icb-2026-04 ; pc:date ?d ; pc:changeType ?type ;
                 org:originalOrganization/pc:odsCode ?old ; org:resultingOrganization/pc:odsCode ?new .
          FILTER(?d = "2026-04-01"^^xsd:date) }""".replace("id:reorganisation/icb-2026-04",
                                                           f"<{ID}reorganisation/icb-2026-04>"))
    changes = {(r["old"], r["type"].rsplit("#", 1)[1], r["new"]) for r in rows}
    abolished = {old for r in cc0_rows("icbs_2026-08-22.csv") for old in r["predecessor_codes"].split(";") if old}
    assert {old for old, _, _ in changes} >= abolished
    assert ("QNQ", "BoundaryTransfer", "QRL") in changes  # the Frimley transfer the CC0 list omits
    assert ("QNQ", "Split", "S0E4D") in changes and ("QNQ", "Split", "S9B9J") in changes
    assert ("QJG", "Split", "D7T5G") in changes and ("QJG", "Split", "T6Y0W") in changes
    for old in abolished:
        assert old in active_icb_codes(store, "2026-03-31") - active_icb_codes(store, "2026-04-01")


def test_black_country_provider_collaborative_members(store):
    assert members(store, "black-country-provider-collaborative", date.today().isoformat()) == {
        "RXK", "RNA", "RL4", "RBK"}
    hosts = select(store, """SELECT ?code WHERE { ?m org:organization ?c ; pc:role pc:Host ;
                             org:member/pc:odsCode ?code }""",
                   c=node("collaborative/black-country-provider-collaborative"))
    assert [r["code"] for r in hosts] == ["RNA"]
    assert members(store, "black-country-provider-collaborative", "2020-08-31") == set()


def headquarters_icb(store, trust: str, on: str) -> set[str]:
    rows = select(store, """
        SELECT ?code WHERE { ?r a pc:ICBRelation ; pc:organisation ?t ; pc:relationKind pc:HeadquartersArea ;
                             pc:icb/pc:odsCode ?code .
        """ + active("?r") + "}", t=node(f"org/{trust}"), day=day(on))
    return {r["code"] for r in rows}


def test_headquarters_icb_of_rna_before_and_after_april_2026(store):
    before = {r[0]: r[3] for r in ods_rows("etr_2025-12.csv")}
    after = {r[0]: r[3] for r in ods_rows("etr_2026-07.csv")}
    assert headquarters_icb(store, "RNA", "2026-03-31") == {before["RNA"]} == {"QUA"}
    assert headquarters_icb(store, "RNA", "2026-04-01") == {after["RNA"]}


def test_headquarters_icb_follows_the_extract_of_each_period(store):
    before = {r[0]: r[3] for r in ods_rows("etr_2025-12.csv")}
    after = {r[0]: r[3] for r in ods_rows("etr_2026-07.csv")}
    moved = [code for code in sorted(set(before) & set(after)) if before[code] != after[code]
             and code in active_trust_codes(store, "2026-04-01")]
    assert "RQW" in moved  # Princess Alexandra: Herts and West Essex, then Essex
    for code in moved:
        assert headquarters_icb(store, code, "2026-03-31") == {before[code]}, code
        assert headquarters_icb(store, code, "2026-04-01") == {after[code]}, code


def test_three_icb_relations_are_kept_apart(store):
    rows = select(store, """SELECT ?kind ?code WHERE { ?r pc:organisation ?t ; pc:relationKind ?kind ;
                            pc:icb/pc:odsCode ?code }""", t=node("org/RXK"))
    kinds = {(r["kind"].rsplit("#", 1)[1], r["code"]) for r in rows}
    assert {("ConstitutionPartner", "QUA"), ("ConstitutionPartner", "QHL")} <= kinds
    assert ("HeadquartersArea", "QUA") in kinds
    assert len([k for k, _ in kinds if k == "PrincipalICB"]) == 1


def test_ry9_closed_on_31_october_2024_and_rax_took_it_over(store):
    ry9 = next(r for r in ods_rows("etr_2026-07.csv") if r[0] == "RY9")
    rows = select(store, """SELECT ?end ?type ?date ?successor WHERE {
        ?t pc:endDate ?end . ?e org:originalOrganization ?t ; pc:changeType ?type ; pc:date ?date ;
        org:resultingOrganization/pc:odsCode ?successor }""", t=node("org/RY9"))
    assert rows == [{"end": "2024-10-31", "type": "https://w3id.org/pcgraph/ontology#Acquisition",
                     "date": "2024-10-31", "successor": "RAX"}]
    assert ry9[11] == "20241031"
    assert "RY9" in active_trust_codes(store, "2024-10-31")
    assert "RY9" not in active_trust_codes(store, "2024-11-01")


def test_members_as_of_a_date_drop_a_membership_after_it_ends(store):
    collaborative = "north-west-london-community-provider-collaborative"
    assert members(store, collaborative, "2024-10-31") == {"RV3", "RYX", "RY9", "RKL"}
    assert members(store, collaborative, "2024-11-01") == {"RV3", "RYX", "RKL"}
    assert members(store, "south-east-sector-health-care-partnership", "2026-03-31") == set()
    assert members(store, "south-east-sector-health-care-partnership", "2026-04-01") == {"RMP", "RWJ"}


def test_members_as_of_a_date_drop_an_organisation_after_it_closes(tmp_path):
    with open_store(Settings(store=tmp_path / "store")) as store:
        fixture = FIXTURES_DIR / "reference" / "member-whose-trust-closed.trig"
        store.apply(add=list(ox.parse(path=str(fixture), format=ox.RdfFormat.TRIG)))
        assert members(store, "test-fixture-collaborative", "2024-10-31") == {"RY9", "RAX"}
        assert members(store, "test-fixture-collaborative", "2024-11-01") == {"RAX"}


def test_labels_are_readable_with_acronyms_as_alternatives(store):
    rows = select(store, "SELECT ?t (COUNT(DISTINCT ?l) AS ?n) WHERE { ?t pc:odsCode ?c ; skos:prefLabel ?l } "
                         "GROUP BY ?t HAVING (COUNT(DISTINCT ?l) != 1)")
    assert rows == []  # exactly one preferred label per organisation
    label = select(store, "SELECT ?l WHERE { ?t skos:prefLabel ?l }", t=node("org/RNA"))
    assert [r["l"] for r in label] == ["The Dudley Group NHS Foundation Trust"]
    shouting = select(store, "SELECT ?l WHERE { ?t pc:odsCode ?c ; skos:prefLabel ?l FILTER(?l = UCASE(?l)) }")
    assert shouting == []
    for code, acronym in (("RL4", "RWT"), ("RV5", "SLaM"), ("R1L", "EPUT")):
        alts = {r["l"] for r in select(store, "SELECT ?l WHERE { ?t skos:altLabel ?l }", t=node(f"org/{code}"))}
        assert acronym in alts
    wyaat = select(store, "SELECT ?l WHERE { ?c skos:altLabel ?l }",
                   c=node("collaborative/west-yorkshire-association-of-acute-trusts"))
    assert "WYAAT" in {r["l"] for r in wyaat}


def test_sector_comes_from_the_benchmarking_group(store):
    expected = {"Acute and Acute & Community Trusts": "Acute", "Community Trusts": "Community",
                "Acute Specialist Trusts": "Specialist", "Ambulance Trusts": "Ambulance",
                "Online / Digital": "Online"}
    for row in cc0_rows("trusts_2026-08-22.csv"):
        got = select(store, "SELECT ?s ?g WHERE { ?t pc:sector ?s ; pc:benchmarkingGroup ?g }",
                     t=node(f"org/{row['ods_code']}"))
        assert [r["g"] for r in got] == [row["type"]]
        assert got[0]["s"].rsplit("#", 1)[1] == expected.get(row["type"], "MentalHealth")


def test_every_fact_bearing_node_cites_a_described_source():
    # Read the file itself: the store adds its own load catalogue beside these graphs.
    graph = ox.Store()
    graph.bulk_load(path=str(paths.data_dir() / "reference.trig"), format=ox.RdfFormat.TRIG)

    def ask(query: str) -> list:
        return list(graph.query(sparql_prologue() + query, use_default_graph_as_union=True))

    unsourced = ask("""SELECT ?n WHERE {
        VALUES ?k { org:Membership org:ChangeEvent pc:ICBRelation pc:Delegation pc:Accountability org:Post
                    pc:Committee pc:JointCommittee pc:ProviderCollaborative pc:ProviderGroup pc:IntegratedCareBoard
                    pc:NHSTrust pc:FoundationTrust pc:CareTrust pc:Region pc:SubICBLocation pc:Person }
        GRAPH ?g { ?n a ?k } FILTER NOT EXISTS { GRAPH ?g { ?n dcterms:source ?s } } }""")
    assert unsourced == []
    undescribed = ask("SELECT DISTINCT ?s WHERE { ?n dcterms:source ?s FILTER NOT EXISTS { ?s dcterms:title ?t } }")
    assert undescribed == []
    blank = ask("SELECT ?s WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }")
    assert blank == []


def test_dates_are_xsd_dates_in_order(store):
    wrong_type = select(store, """SELECT ?n WHERE { ?n pc:startDate|pc:endDate|pc:date ?d
                                  FILTER(DATATYPE(?d) != xsd:date) }""")
    assert wrong_type == []
    backwards = select(store, "SELECT ?n WHERE { ?n pc:startDate ?s ; pc:endDate ?e FILTER(?e < ?s) }")
    assert backwards == []


@pytest.mark.parametrize("on", ["2026-03-31", "2026-04-01", "2026-11-22"])
def test_trusts_in_no_collaborative_show_the_icb_of_that_day(store, on):
    """Across the April 2026 mergers, a trust's ICB is the one its headquarters were in on the day."""
    from pcgraph.queries.catalog import QUERIES_DIR, load_queries

    query = load_queries(QUERIES_DIR)["trusts-in-no-collaborative"]
    rows = store.query(query.sparql, bindings=query.bind({"as_of": on})).rows
    assert len(rows) > 20
    for row in rows:
        code = row["odsCode"].value
        expected = {r["label"] for r in select(store, """
            SELECT ?label WHERE { ?r a pc:ICBRelation ; pc:organisation ?t ; pc:relationKind pc:HeadquartersArea ;
                                     pc:icb/skos:prefLabel ?label .
            """ + active("?r") + "}", t=node(f"org/{code}"), day=day(on))}
        shown = set(row["icbs"].value.split("; ")) if row["icbs"].value else set()
        assert shown == expected, code
