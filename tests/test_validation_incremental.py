"""An incremental run finds, for its focus nodes, exactly what a full run finds.

The engine's fast paths for focus runs are each checked against the plain shape query:
class closures read once in place of ``rdf:type/rdfs:subClassOf*`` paths, and the
``overlap-duplicate`` accelerator that only looks at pairs with a focus collaborative.
Then whole incremental runs are checked against full runs after the kinds of change an
import makes (memberships added, ended or removed, an organisation closed, a collaborative
copied), on a synthetic nation with planted breaches: same findings on the focus nodes,
and no finding changed anywhere else.
"""

from __future__ import annotations

import datetime
import random

import pyoxigraph as ox
import pytest

from pcgraph.settings import Settings
from pcgraph.validation import affected_focus_nodes, validate
from pcgraph.validation.accelerators import ACCELERATORS
from pcgraph.validation.closures import ClassClosures
from pcgraph.validation.context import RunContext
from pcgraph.validation.loading import load_files
from pcgraph.validation.rules import default_rules
from support.nation import write_nation
from support.paths import TESTS_DIR

ORG = "http://www.w3.org/ns/org#"
PC = "https://w3id.org/pcgraph/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
ID = "https://w3id.org/pcgraph/id/"
CONSTRAINTS = [(rule.id, index, constraint) for rule in default_rules()
               for index, constraint in enumerate(rule.constraints)]


@pytest.fixture(scope="module")
def nation_file(tmp_path_factory):
    return write_nation(tmp_path_factory.mktemp("nation"), scale=1, seed=5)


@pytest.fixture(scope="module")
def fixtures_store():
    return load_files(sorted((TESTS_DIR / "shapes").glob("*.ttl")))


def rows(store: ox.Store, query: str, terms: dict, variables: frozenset) -> set[tuple]:
    substitutions = {ox.Variable(name): terms[name] for name in variables}
    solutions = store.query(query, use_default_graph_as_union=True, substitutions=substitutions)
    names = sorted(v.value for v in solutions.variables if not v.value.startswith("pcgraphClass"))
    return {tuple(str(row[name]) if row[name] is not None else None for name in names) for row in solutions}


@pytest.mark.parametrize("rule_id, index, constraint", CONSTRAINTS, ids=[f"{r}-{i}" for r, i, _ in CONSTRAINTS])
def test_class_closures_give_the_rows_the_subclass_paths_give(fixtures_store, nation_file, rule_id, index, constraint):
    nation = load_files([nation_file[0]])
    for store, day in ((fixtures_store, datetime.date(2021, 1, 1)), (fixtures_store, datetime.date(2026, 6, 1)),
                       (nation, datetime.date.fromisoformat(nation_file[1]["as_of"]))):
        terms = RunContext.create(day, Settings(overlap_jaccard=0.5)).terms()
        rewritten = ClassClosures.of_store(store).rewrite(constraint.query)
        variables = frozenset(constraint.context_variables)
        if rule_id == "overlap-duplicate" and store is nation:
            continue  # the plain query is far too slow at this size; its accelerator is tested below
        assert rows(store, rewritten, terms, variables) == rows(store, constraint.query, terms, variables)


def test_class_closures_replace_every_subclass_path_that_ends_a_triple():
    store = load_files([])
    closures = ClassClosures.of_store(store)
    for _, _, constraint in CONSTRAINTS:
        rewritten = closures.rewrite(constraint.query)
        assert "subClassOf*" not in rewritten and "broader*" not in rewritten
    assert closures.narrower(ox.NamedNode(PC + "Member")) == {
        ox.NamedNode(PC + "Member"), ox.NamedNode(PC + "LeadProvider"), ox.NamedNode(PC + "Host")}
    collaborative = closures.of(ox.NamedNode(PC + "Collaborative"))
    assert ox.NamedNode(PC + "Collaborative") in collaborative
    assert ox.NamedNode(PC + "ProviderCollaborative") in collaborative
    assert ox.NamedNode(PC + "NHSTrust") not in collaborative


def accelerated(store: ox.Store, terms: dict, focus) -> set[tuple]:
    return {(r["this"].value, r["value"].value, r["common"].value, r["combined"].value)
            for r in ACCELERATORS["overlap-duplicate"](store, terms, focus)}


@pytest.mark.parametrize("jaccard", [0.0, 0.3, 0.8, 1.0])
def test_overlap_duplicate_on_focus_collaboratives_gives_their_rows_of_a_full_run(nation_file, jaccard):
    store = load_files([nation_file[0]])
    terms = RunContext.create(datetime.date(2026, 4, 1), Settings(overlap_jaccard=jaccard)).terms()
    everything = accelerated(store, terms, None)
    assert everything or jaccard == 1.0, "the nation should have nearly coinciding collaboratives"
    collaboratives = _iris(store, f"SELECT DISTINCT ?c WHERE {{ ?m <{ORG}organization> ?c }}")
    breaching = sorted({row[0] for row in everything})
    rng = random.Random(jaccard)
    for focus in (set(collaboratives), set(rng.sample(collaboratives, 40)), set(breaching[:3]),
                  {ID + "collaborative/none-such"}):
        assert accelerated(store, terms, focus) == {row for row in everything if row[0] in focus}


# -- whole incremental runs against full runs -------------------------------------------------

def _iris(store: ox.Store, query: str) -> list[str]:
    return sorted(row[0].value for row in store.query(query, use_default_graph_as_union=True))


def _add_memberships(store, rng):
    collaboratives = _iris(store, f"SELECT DISTINCT ?c WHERE {{ ?m <{ORG}organization> ?c }}")
    members = _iris(store, f"SELECT DISTINCT ?o WHERE {{ ?m <{ORG}member> ?o }}")
    quads = []
    for index in range(8):
        m = ox.NamedNode(f"{ID}membership/test-added/{index}")
        quads += [ox.Quad(m, RDF_TYPE, ox.NamedNode(ORG + "Membership")),
                  ox.Quad(m, ox.NamedNode(ORG + "member"), ox.NamedNode(rng.choice(members))),
                  ox.Quad(m, ox.NamedNode(ORG + "organization"), ox.NamedNode(rng.choice(collaboratives)))]
    return quads, []


def _end_memberships(store, rng):
    memberships = _iris(store, f"SELECT ?m WHERE {{ ?m <{ORG}organization> ?c }}")
    return [ox.Quad(ox.NamedNode(m), ox.NamedNode(PC + "endDate"), ox.Literal("2024-01-31", datatype=XSD_DATE))
            for m in rng.sample(memberships, 10)], []


def _close_organisations(store, rng):
    members = _iris(store, f"SELECT DISTINCT ?o WHERE {{ ?m <{ORG}member> ?o FILTER NOT EXISTS {{ ?o <{PC}endDate> ?e }} }}")
    return [ox.Quad(ox.NamedNode(o), ox.NamedNode(PC + "endDate"), ox.Literal("2025-03-31", datatype=XSD_DATE))
            for o in rng.sample(members, 4)], []


def _remove_memberships(store, rng):
    collaboratives = _iris(store, f"SELECT DISTINCT ?c WHERE {{ ?m <{ORG}organization> ?c }}")
    removed = []
    for c in rng.sample(collaboratives, 3):
        for row in store.query(f"SELECT ?m WHERE {{ ?m <{ORG}organization> <{c}> }}", use_default_graph_as_union=True):
            removed += list(store.quads_for_pattern(row["m"], None, None, None))
    return [], removed


def _copy_a_collaborative(store, rng):
    collaboratives = _iris(store, f"SELECT DISTINCT ?c WHERE {{ ?m <{ORG}organization> ?c ; <{ORG}member> ?o }}")
    source = rng.choice(collaboratives)
    copy = ox.NamedNode(f"{ID}collaborative/test-copy")
    quads = [ox.Quad(copy, RDF_TYPE, ox.NamedNode(PC + "ProviderCollaborative"))]
    for index, row in enumerate(store.query(f"SELECT DISTINCT ?o WHERE {{ ?m <{ORG}organization> <{source}> ; <{ORG}member> ?o }}",
                                            use_default_graph_as_union=True)):
        m = ox.NamedNode(f"{ID}membership/test-copy/{index}")
        quads += [ox.Quad(m, RDF_TYPE, ox.NamedNode(ORG + "Membership")),
                  ox.Quad(m, ox.NamedNode(ORG + "member"), row["o"]),
                  ox.Quad(m, ox.NamedNode(ORG + "organization"), copy)]
    return quads, []


CHANGES = [_add_memberships, _end_memberships, _close_organisations, _remove_memberships, _copy_a_collaborative]


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__.strip("_").replace("_", "-"))
def test_an_incremental_run_agrees_with_full_runs_before_and_after_a_change(nation_file, change):
    graph, manifest = nation_file
    day = datetime.date.fromisoformat(manifest["as_of"])
    store = load_files([graph])
    before = validate(store, as_of=day)
    added, removed = change(store, random.Random(change.__name__))
    changed = {t.value for q in added + removed for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    focus = affected_focus_nodes(store, changed) if removed else set()
    for quad in removed:
        store.remove(quad)
    store.extend(added)
    focus |= affected_focus_nodes(store, changed)
    incremental = validate(store, as_of=day, focus=focus)
    after = validate(store, as_of=day)
    assert incremental.keys() == {f.key for f in after.results if f.focus in focus}
    assert after.keys() != before.keys(), "the change should alter some findings"
    assert ({f.key for f in after.results if f.focus not in focus}
            == {f.key for f in before.results if f.focus not in focus}), "a finding changed outside the focus"
