"""The canned query catalogue: every .rq file parses, declares typed parameters, and binds safely."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest

from pcgraph import queries
from pcgraph.errors import InputError, ParameterError
from pcgraph.queries import parse_query_file
from pcgraph.store.embedded import EmbeddedStore

REQUIRED_NAMES = {
    "members-of-collaborative", "collaboratives-of-organisation", "organisations-in-many-collaboratives",
    "collaboratives-spanning-icbs", "collaboratives-spanning-regions", "trusts-in-area",
    "trusts-in-no-collaborative", "delegations-by-icb", "delegations-to-organisation",
    "accountable-for-function", "collaborative-governance", "collaborative-overlap",
    "collaboratives-sharing-members", "organisation-history", "people-in-posts", "collaboratives-in-icb",
}

SAMPLE_VALUES = {"iri": "id:org/RXK", "date": "2024-01-01", "integer": "2", "decimal": "1.5",
                 "string": "text", "boolean": "true"}


def test_the_catalogue_has_every_named_question():
    assert REQUIRED_NAMES <= set(queries.catalog())


@pytest.mark.parametrize("name", sorted(queries.catalog()))
def test_every_query_is_documented(name):
    query = queries.catalog()[name]
    assert query.title and query.description
    assert all(p.description for p in query.parameters), "every parameter says what it is"


@pytest.mark.parametrize("name", sorted(queries.catalog()))
def test_every_parameter_is_projected_so_the_store_can_bind_it(name):
    """Oxigraph refuses a substitution for a variable the SELECT does not project; run each query to prove it."""
    query = queries.catalog()[name]
    store = EmbeddedStore.in_memory()
    raw = {p.name: SAMPLE_VALUES[p.type] for p in query.parameters}
    result = queries.run(store, query, raw)
    assert result.kind in {"select", "ask"}
    if result.kind == "select":
        assert {p.name for p in query.parameters} <= set(result.variables)


def test_values_become_typed_terms():
    query = queries.catalog()["organisations-in-many-collaboratives"]
    bound = query.bind({"min_count": "3", "as_of": "2024-02-29"})
    assert bound["min_count"] == ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert bound["as_of"] == ox.Literal("2024-02-29", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))


def test_defaults_fill_gaps_and_today_means_today():
    query = queries.catalog()["members-of-collaborative"]
    bound = query.bind({"collaborative": "id:collaborative/x"}, today=dt.date(2025, 3, 1))
    assert bound["as_of"].value == "2025-03-01"
    assert bound["collaborative"] == ox.NamedNode("https://w3id.org/pcgraph/id/collaborative/x")


def test_optional_parameters_left_blank_are_not_bound():
    query = queries.catalog()["trusts-in-area"]
    bound = query.bind({"area": "id:org/QUA", "sector": ""})
    assert "sector" not in bound


@pytest.mark.parametrize("name, raw, parameter", [
    ("organisations-in-many-collaboratives", {"min_count": "many"}, "min_count"),
    ("members-of-collaborative", {"collaborative": "id:collaborative/x", "as_of": "31/12/2024"}, "as_of"),
    ("members-of-collaborative", {"collaborative": "not an iri"}, "collaborative"),
    ("members-of-collaborative", {"collaborative": "https://x.org/> } DROP ALL #"}, "collaborative"),
    ("members-of-collaborative", {}, "collaborative"),
    ("members-of-collaborative", {"collaborative": "id:collaborative/x", "colour": "red"}, "colour"),
])
def test_a_bad_value_is_an_error_naming_the_parameter(name, raw, parameter):
    with pytest.raises(ParameterError) as caught:
        queries.catalog()[name].bind(raw)
    assert parameter in caught.value.where


def test_a_bad_header_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("#+ title: T\n#+ description: D\n#+ param: x | colour | required | X\nSELECT ?x WHERE {}\n")
    with pytest.raises(InputError) as caught:
        parse_query_file(path)
    assert caught.value.where == "broken.rq line 3"
    assert "colour" in caught.value.message


def test_a_bad_default_is_caught_when_the_file_is_read(tmp_path):
    path = tmp_path / "bad-default.rq"
    path.write_text("#+ title: T\n#+ description: D\n#+ param: n | integer | default=lots | N\nSELECT ?n WHERE {}\n")
    with pytest.raises(InputError, match="default"):
        parse_query_file(path)


def test_the_catalogue_can_read_another_folder(tmp_path):
    (tmp_path / "hello.rq").write_text("#+ title: Hello\n#+ description: Greets.\nSELECT ?x WHERE {}\n")
    assert list(queries.catalog(tmp_path)) == ["hello"]
