"""SPARQL 1.1 results CSV, as both ``pcgraph query --format csv`` and ``/sparql`` write it."""

from __future__ import annotations

import pyoxigraph as ox

from pcgraph.store.base import QueryResult
from pcgraph.store.sparql_csv import result_to_csv


def test_values_are_plain_blank_nodes_keep_their_prefix_and_unbound_is_empty():
    result = QueryResult("select", variables=["s", "label", "missing"], rows=[
        {"s": ox.NamedNode("https://w3id.org/pcgraph/id/org/RXK"), "label": ox.Literal('Sandwell, "West"')},
        {"s": ox.BlankNode("b0")},
    ])
    assert result_to_csv(result) == (
        "s,label,missing\r\n"
        'https://w3id.org/pcgraph/id/org/RXK,"Sandwell, ""West""",\r\n'
        "_:b0,,\r\n"
    )


def test_ask_is_a_boolean_column():
    assert result_to_csv(QueryResult("ask", boolean=False)) == "boolean\r\nfalse\r\n"
