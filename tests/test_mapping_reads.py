"""Each mapping says which source terms it reads; one whose terms a file does not use is
skipped, and skipping never changes what an import or ``pcgraph validate FILE`` sees."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pcgraph.importing import mapping
from pcgraph.importing.reading import read_source
from support.fixture_store import FIXTURE
from support.paths import TESTS_DIR

IMPORTS = TESTS_DIR / "fixtures" / "import"
FOREIGN = ["schema-org-collaborative.jsonld", "w3c-org-collaboration.ttl", "ods-trusts.csv", "collaborative.ttl"]


def mapped(path, *, every_mapping: bool, monkeypatch) -> ox.Store:
    read = read_source(path, declared=None, max_bytes=10_000_000)
    with monkeypatch.context() as patch:
        if every_mapping:
            patch.setattr(mapping.Mapping, "applies_to", lambda self, present: True)
        mapping.apply_mappings(read.store)
    return read.store


def canonical(store: ox.Store) -> set[str]:
    """Triples as text, blank nodes named by the triples they are subjects of (enough for these files)."""
    def term(t):
        if isinstance(t, ox.BlankNode):
            return "_:" + "|".join(sorted(f"{q.predicate}={q.object}" for q in
                                          store.quads_for_pattern(t, None, None, None)
                                          if not isinstance(q.object, ox.BlankNode)))
        return str(t)
    return {f"{term(q.subject)} {q.predicate} {term(q.object)}" for q in store.quads_for_pattern(None, None, None, None)}


def test_every_mapping_names_the_source_terms_it_reads():
    for each in mapping.mappings():
        assert each.reads, f"{each.name} has no '# reads:' line"


@pytest.mark.parametrize("name", FOREIGN)
def test_skipping_mappings_gives_what_running_every_mapping_gives(name, monkeypatch):
    skipped = mapped(IMPORTS / name, every_mapping=False, monkeypatch=monkeypatch)
    every = mapped(IMPORTS / name, every_mapping=True, monkeypatch=monkeypatch)
    assert canonical(skipped) == canonical(every)


def test_data_in_pcgraph_terms_skips_the_foreign_vocabularies():
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    native = ox.Store()
    native.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                  for q in store.quads_for_pattern(None, None, None, None))
    present = mapping.Terms(native)
    skipped = {m.name for m in mapping.mappings() if not m.applies_to(present)}
    assert {"05-schema-org-namespace.ru", "10-ods-csv.rq", "30-schema-org-organisations.rq",
            "31-schema-org-memberships.rq", "90-drop-source-terms.ru"} <= skipped
    before = canonical(native)
    for each in mapping.mappings():
        if each.name in skipped:   # a skipped mapping would have changed nothing
            if each.kind == "construct":
                assert all(ox.Quad(t.subject, t.predicate, t.object) in native for t in native.query(each.text))
            else:
                native.update(each.text)
                assert canonical(native) == before, each.name


def test_a_reads_line_with_an_undeclared_prefix_is_refused():
    with pytest.raises(ValueError, match="not declared"):
        mapping._reads("# reads: nowhere:thing\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
