"""``pcgraph synth``: a synthetic national graph, deterministic, in the ontology's terms,
with exactly the rule breaches its manifest lists."""

from __future__ import annotations

import io
import json
import os
import re
from collections import Counter, defaultdict
from itertools import combinations

import pyoxigraph as ox
import pytest
import rdflib

from pcgraph.namespaces import PREFIXES
from pcgraph.paths import ontology_dir
from pcgraph.synth import PLANTED_PER_NATION, PlantingError, generate
from pcgraph.synth.generate import build_nation, check
from pcgraph.synth.nation import Codes
from support.cli import run_pcgraph

ID = "https://w3id.org/pcgraph/id/"
PC = PREFIXES["pc"]
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
AS_OF = '"2026-11-22"^^xsd:date'   # any day on or after the manifest's as_of


def text_of(scale: int, seed: int, *, turtle: bool = False) -> str:
    out = io.StringIO()
    generate(scale, seed, out, turtle=turtle)
    return out.getvalue()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Scale 2, seed 5, written by the command as a user runs it."""
    folder = tmp_path_factory.mktemp("synth")
    graph, manifest = folder / "graph.nt", folder / "manifest.json"
    result = run_pcgraph("synth", "--scale", "2", "--seed", "5", "-o", str(graph), "--manifest", str(manifest))
    assert result.returncode == 0, result.stderr
    store = ox.Store()
    store.load(path=str(graph), format=ox.RdfFormat.N_TRIPLES)
    return {"graph": graph, "manifest": json.loads(manifest.read_text()), "store": store, "stderr": result.stderr}


def select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(term.value for term in row) for row in store.query(PROLOGUE + query)]


def planted(manifest: dict, rule: str) -> tuple[set[str], set[str]]:
    """(focus nodes, focus and related nodes) of one rule's planted breaches."""
    entries = [b for b in manifest["breaches"] if b["rule"] == rule]
    return {b["focus"] for b in entries}, {n for b in entries for n in (b["focus"], *b["related"])}


# -- determinism and shape ----------------------------------------------------------------


def test_same_scale_and_seed_give_the_same_bytes():
    assert text_of(2, 11) == text_of(2, 11)
    assert text_of(2, 11, turtle=True) == text_of(2, 11, turtle=True)


def test_another_seed_gives_another_graph():
    assert text_of(1, 1) != text_of(1, 2)


def test_the_command_writes_the_same_bytes_to_a_file_and_to_standard_output(run):
    # Another process with another string-hash seed: nothing may depend on set order.
    result = run_pcgraph("synth", "--scale", "2", "--seed", "5", "-q", env={**os.environ, "PYTHONHASHSEED": "123"})
    assert result.returncode == 0
    assert result.stdout == run["graph"].read_text(encoding="utf-8")


def test_turtle_and_n_triples_hold_the_same_triples():
    nt, ttl = ox.Store(), ox.Store()
    nt.load(text_of(1, 3), format=ox.RdfFormat.N_TRIPLES)
    ttl.load(text_of(1, 3, turtle=True), format=ox.RdfFormat.TURTLE)
    assert len(nt) > 10_000
    assert set(nt) == set(ttl)


def test_counts_grow_in_step_with_the_scale():
    def counts(scale: int) -> tuple[int, Counter]:
        result = generate(scale, 9, io.StringIO())
        return result.triples, result.entities

    one, entities_one = counts(1)
    four, entities_four = counts(4)
    assert 3.7 < four / one < 4.3
    for kind in ("trusts (open)", "trusts (closed)", "ICBs", "regions", "sub-ICB locations"):
        assert entities_four[kind] == 4 * entities_one[kind], kind
    assert 3.5 < entities_four["collaboratives"] / entities_one["collaboratives"] < 4.5


def test_one_nation_is_shaped_like_the_nhs_in_england(run):
    store = run["store"]
    per_nation = lambda query: int(select(store, query)[0][0]) / 2  # noqa: E731
    assert per_nation("SELECT (COUNT(*) AS ?n) { ?r a pc:Region }") == 7
    assert per_nation("SELECT (COUNT(*) AS ?n) { ?i a pc:IntegratedCareBoard FILTER NOT EXISTS "
                      "{ ?i pc:startDate ?s FILTER (?s > '2026-03-31'^^xsd:date) } }") == 42
    assert per_nation("SELECT (COUNT(*) AS ?n) { ?i a pc:IntegratedCareBoard FILTER NOT EXISTS "
                      "{ ?i pc:endDate ?e } }") == 36
    sectors = dict(select(store, "SELECT ?s (COUNT(*) AS ?n) { ?t pc:sector ?s FILTER NOT EXISTS { ?t pc:endDate ?e } }"
                                 " GROUP BY ?s"))
    total = sum(int(n) for n in sectors.values())
    assert 190 <= total / 2 <= 210
    assert 0.55 < int(sectors[PC + "Acute"]) / total < 0.65
    assert 0.20 < int(sectors[PC + "MentalHealth"]) / total < 0.26
    # Every open trust is in one to four collaboratives, except where a breach was planted.
    held = dict(select(store, """SELECT ?t (COUNT(DISTINCT ?c) AS ?n) {
        ?t pc:sector ?s FILTER NOT EXISTS { ?t pc:endDate ?e }
        OPTIONAL { ?m org:member ?t ; org:organization ?c FILTER NOT EXISTS { ?m pc:endDate ?me } }
    } GROUP BY ?t"""))
    spread = Counter(int(n) for n in held.values())
    assert set(spread) <= {0, 1, 2, 3, 4, 5, 6}
    assert spread[2] + spread[3] > spread[1] > 0


# -- the ontology's terms and IRI policy ------------------------------------------------------


def declared_terms() -> set[str]:
    graph = rdflib.Graph()
    graph.parse(ontology_dir() / "pcgraph.ttl")
    graph.parse(ontology_dir() / "imports" / "org.ttl")
    return {str(s) for s in graph.subjects() if isinstance(s, rdflib.URIRef)}


def test_every_class_property_and_code_used_is_declared(run):
    declared = declared_terms()
    standard = tuple(PREFIXES[p] for p in ("rdf", "rdfs", "skos", "dcterms", "foaf", "xsd"))
    store = run["store"]
    used = {p for (p,) in select(store, "SELECT DISTINCT ?p { ?s ?p ?o }")}
    used |= {c for (c,) in select(store, "SELECT DISTINCT ?c { ?s a ?c }")}
    used |= {o for (o,) in select(store, "SELECT DISTINCT ?o { ?s ?p ?o "
                                         "FILTER (isIRI(?o) && !STRSTARTS(STR(?o), STR(id:))) }")}
    unknown = {term for term in used if term not in declared and not term.startswith(standard)}
    assert not unknown
    assert PC + "Delegation" in used and "http://www.w3.org/ns/org#Membership" in used


def test_every_resource_follows_the_iri_policy_and_is_marked_synthetic(run):
    kinds = {"org", "collaborative", "membership", "committee", "delegation", "accountability",
             "reporting-line", "icb-relation", "event", "reorganisation", "source"}
    synthetic_org = re.compile(r"org/(S[A-Z][0-9A-Z]{3}|synth-\d+-[a-z0-9-]+)")
    for (subject,) in select(run["store"], "SELECT DISTINCT ?s { ?s ?p ?o }"):
        assert subject.startswith(ID), subject
        path = subject.removeprefix(ID)
        kind, _, key = path.partition("/")
        assert kind in kinds, subject
        if kind == "org":
            assert synthetic_org.fullmatch(path), subject
        elif kind == "icb-relation":
            assert re.fullmatch(r"(S[A-Z][0-9A-Z]{3}|synth-[a-z0-9-]+)/(hq|partner|principal)/S[A-Z][0-9A-Z]{3}", key)
        else:
            assert key.startswith("synth"), subject


def test_synthetic_ods_codes_cannot_be_real_ones(run):
    codes = {c for (c,) in select(run["store"], "SELECT ?c { ?o pc:odsCode ?c }")}
    real = re.compile(r"[RT][0-9A-Z]{2}([0-9A-Z]{2})?|[A-Z0-9][0-9][A-Z][0-9][A-Z]|Q[0-9A-Z]{2}|Y[0-9]{2}")
    assert codes and not any(real.fullmatch(code) for code in codes)


# -- the manifest ---------------------------------------------------------------------


def test_the_manifest_lists_every_rule_with_its_planted_count(run):
    manifest = run["manifest"]
    assert (manifest["scale"], manifest["seed"], manifest["format"]) == (2, 5, "nt")
    assert manifest["triples"] == len(run["store"])
    counts = Counter(b["rule"] for b in manifest["breaches"])
    assert set(manifest["rules"]) == set(PLANTED_PER_NATION)
    for rule, entry in manifest["rules"].items():
        assert entry["planted"] == counts[rule] == 2 * PLANTED_PER_NATION[rule], rule
        assert 0 < entry["share"] <= 0.2
    assert "delegation-footprint" in run["stderr"] and f"{len(run['store']):,} triples" in run["stderr"]


def test_every_planted_node_is_in_the_graph(run):
    subjects = {s for (s,) in select(run["store"], "SELECT DISTINCT ?s { ?s a ?c }")}
    for breach in run["manifest"]["breaches"]:
        assert breach["focus"] in subjects, breach
        assert set(breach["related"]) <= subjects, breach
        assert breach["note"]


# Each rule read directly off the RDF, in SPARQL, on a day after the manifest's as_of:
# what it finds must be exactly what the manifest planted.
RULE_QUERIES = {
    "mandate": f"""SELECT ?t {{
        ?t pc:sector ?s FILTER (?s IN (pc:Acute, pc:MentalHealth, pc:Specialist))
        FILTER NOT EXISTS {{ ?t pc:endDate ?e }}
        FILTER NOT EXISTS {{ ?m org:member ?t ; org:organization ?c . ?c a pc:ProviderCollaborative .
                            FILTER NOT EXISTS {{ ?m pc:endDate ?me FILTER (?me < {AS_OF}) }}
                            FILTER NOT EXISTS {{ ?m pc:startDate ?ms FILTER (?ms > {AS_OF}) }} }} }}""",
    "overlap-count": f"""SELECT ?o {{ ?m org:member ?o ; org:organization ?c
        FILTER NOT EXISTS {{ ?m pc:endDate ?me FILTER (?me < {AS_OF}) }}
        FILTER NOT EXISTS {{ ?m pc:startDate ?ms FILTER (?ms > {AS_OF}) }} }}
        GROUP BY ?o HAVING (COUNT(DISTINCT ?c) > 4)""",
    "accountability-missing": """SELECT ?d { ?d a pc:Delegation FILTER NOT EXISTS { ?d pc:accountableBody ?b }
        FILTER NOT EXISTS { ?a pc:forDelegation ?d ; pc:accountableBody ?b } }""",
    "accountability-multiple": """SELECT ?d { ?d a pc:Delegation
        { ?d pc:accountableBody ?b } UNION { ?a pc:forDelegation ?d ; pc:accountableBody ?b } }
        GROUP BY ?d HAVING (COUNT(DISTINCT ?b) > 1)""",
    "delegation-budget": """SELECT ?d { ?d a pc:Delegation FILTER NOT EXISTS { ?d pc:budget ?b }
        FILTER NOT EXISTS { ?d pc:resource ?r } }""",
    "delegation-cycle": "SELECT DISTINCT ?d { ?d pc:subDelegationOf+ ?d }",
    "membership-dates": "SELECT ?m { ?m pc:startDate ?s ; pc:endDate ?e FILTER (?s > ?e) }",
    "purpose": """SELECT ?c { ?c pc:scale ?scale FILTER NOT EXISTS { ?c pc:purpose ?p }
        FILTER NOT EXISTS { ?c pc:objective ?o } }""",
    "representation": f"""SELECT ?c {{ ?c a pc:ProviderCollaborative ; pc:scale pc:SystemWide
        FILTER NOT EXISTS {{ ?m org:organization ?c ; org:member ?o . ?o pc:sector ?s
                            FILTER (?s IN (pc:MentalHealth, pc:Community))
                            FILTER NOT EXISTS {{ ?m pc:endDate ?me FILTER (?me < {AS_OF}) }} }} }}""",
    "ods-code": """SELECT DISTINCT ?o { ?o pc:odsCode ?c
        FILTER (!REGEX(?c, "^([A-Z0-9]{3}|[A-Z0-9]{5})$") || EXISTS { ?other pc:odsCode ?c FILTER (?other != ?o) }) }""",
    "dual-reporting": f"""SELECT DISTINCT ?b {{
        ?l1 pc:reportingBody ?b ; pc:reportsTo ?t1 . ?l2 pc:reportingBody ?b ; pc:reportsTo ?t2 FILTER (?t1 != ?t2)
        FILTER NOT EXISTS {{ ?l1 pc:endDate ?e1 FILTER (?e1 < {AS_OF}) }}
        FILTER NOT EXISTS {{ ?l2 pc:endDate ?e2 FILTER (?e2 < {AS_OF}) }}
        FILTER NOT EXISTS {{ ?p pc:reportingBody ?b ; pc:primaryLine true }} }}""",
}


@pytest.mark.parametrize("rule", sorted(RULE_QUERIES))
def test_a_rule_read_off_the_graph_finds_exactly_the_planted_breaches(run, rule):
    found = {row[0] for row in select(run["store"], RULE_QUERIES[rule])}
    focus, allowed = planted(run["manifest"], rule)
    assert focus <= found
    assert found <= allowed


def test_only_the_planted_pairs_of_collaboratives_nearly_coincide(run):
    rows = select(run["store"], f"""SELECT ?c ?o {{ ?m org:organization ?c ; org:member ?o
        FILTER NOT EXISTS {{ ?m pc:endDate ?e FILTER (?e < {AS_OF}) }}
        FILTER NOT EXISTS {{ ?m pc:startDate ?s FILTER (?s > {AS_OF}) }} }}""")
    members = defaultdict(set)
    for collab, org in rows:
        members[collab].add(org)
    close = {c for a, b in combinations(members, 2) if len(members[a] & members[b]) >= 0.8 * len(members[a] | members[b])
             for c in (a, b)}
    focus, allowed = planted(run["manifest"], "overlap-duplicate")
    assert focus <= close <= allowed


def test_every_icb_area_has_its_membership_lists_stated_complete(run):
    """The generator writes every membership it makes, and says so, so the mandate is judged everywhere."""
    areas = {a for (a,) in select(run["store"], "SELECT ?a { ?a a pc:IntegratedCareBoard }")}
    stated = select(run["store"], "SELECT ?source ?a { ?source pc:membershipsCompleteFor ?a }")
    assert areas and {a for _, a in stated} == areas
    assert {source for source, _ in stated} == {ID + "source/synth"}


# Seed 123 plants mandate breaches in ICB areas where no provider collaborative is recorded
# with that footprint: they are found because the areas' membership lists are stated complete.
UNCOVERED_MANDATE = f"""SELECT ?t {{
    ?hq pc:organisation ?t ; pc:relationKind pc:HeadquartersArea ; pc:icb ?area .
    FILTER NOT EXISTS {{ ?hq pc:endDate ?e FILTER (?e < {AS_OF}) }}
    FILTER NOT EXISTS {{ ?c a pc:ProviderCollaborative ; pc:footprint ?area }} }}"""


def test_pcgraph_validate_reports_exactly_the_planted_breaches(tmp_path):
    graph, manifest = tmp_path / "graph.nt", tmp_path / "manifest.json"
    made = run_pcgraph("synth", "--seed", "123", "-o", str(graph), "--manifest", str(manifest), "-q")
    assert made.returncode == 0, made.stderr
    store = ox.Store()
    store.load(path=str(graph), format=ox.RdfFormat.N_TRIPLES)
    uncovered = {t for (t,) in select(store, UNCOVERED_MANDATE)}
    assert planted(json.loads(manifest.read_text(encoding="utf-8")), "mandate")[0] & uncovered
    result = run_pcgraph("validate", str(graph), "--as-of", "2026-11-22", "--format", "json", timeout=300)
    assert result.returncode == 1, result.stderr
    found = defaultdict(set)
    for finding in json.loads(result.stdout)["results"]:
        found[finding["rule"]].add(finding["focus"])
    expected = json.loads(manifest.read_text(encoding="utf-8"))
    for rule in expected["rules"]:
        focus, allowed = planted(expected, rule)
        assert focus <= found[rule] <= allowed, rule


def test_the_self_check_stops_a_nation_whose_findings_differ_from_its_manifest():
    nation, breaches = build_nation(0, 4, Codes())
    check(nation, breaches)
    with pytest.raises(PlantingError, match="purpose"):
        check(nation, [b for b in breaches if b.rule != "purpose"])
    collab = next(c for c in nation.collaboratives.values() if c.purpose)
    collab.purpose, collab.objectives = None, []
    with pytest.raises(PlantingError, match="unplanted findings"):
        check(nation, breaches)


# -- the command ------------------------------------------------------------------------


def test_a_ttl_output_is_written_as_turtle(tmp_path):
    target = tmp_path / "graph.ttl"
    result = run_pcgraph("synth", "--seed", "3", "-o", str(target), "-q")
    assert result.returncode == 0 and result.stderr == ""
    assert target.read_text(encoding="utf-8").startswith("@prefix pc:")
    ox.Store().load(path=str(target), format=ox.RdfFormat.TURTLE)


@pytest.mark.parametrize("args, message", [
    (["--scale", "0"], "error: --scale: must be at least 1, got 0"),
    (["--scale", "lots"], "error: --scale: expected a whole number, got 'lots'"),
    (["--scale", "5000"], "error: --scale: must be at most 1000"),
    (["--seed", "-1"], "error: --seed: must be at least 0, got -1"),
])
def test_a_bad_parameter_is_a_clear_error(args, message):
    result = run_pcgraph("synth", *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_an_unwritable_output_is_a_clear_error_and_nothing_is_left_behind(tmp_path):
    result = run_pcgraph("synth", "-o", str(tmp_path / "missing" / "graph.nt"))
    assert result.returncode == 2
    assert "error: --output: cannot write" in result.stderr and "does not exist" in result.stderr
    result = run_pcgraph("synth", "-o", str(tmp_path))
    assert result.returncode == 2 and "is a folder" in result.stderr
    graph = tmp_path / "graph.nt"
    result = run_pcgraph("synth", "-o", str(graph), "--manifest", str(tmp_path / "no" / "m.json"))
    assert result.returncode == 2 and "error: --manifest:" in result.stderr
    assert list(tmp_path.iterdir()) == []
