"""The reference engine: the same shapes run by plain pySHACL, one focus node at a time.

Used by the tests (the fast engine must give the same findings) and by the benchmark.
Too slow for national-scale graphs; that is why ``pcgraph.validation.engine`` exists.
"""

from __future__ import annotations

import datetime

import pyoxigraph as ox
import rdflib

from pcgraph.namespaces import SH
from pcgraph.settings import Settings
from pcgraph.validation.context import RunContext
from pcgraph.validation.rules import SEVERITIES, load_shapes_graph, rule_of


def rdflib_graph(store: ox.Store, context: RunContext | None = None) -> rdflib.Graph:
    """The union of every graph in ``store`` as one rdflib graph, plus the run's context node."""
    quads = list(store.quads_for_pattern(None, None, None, None))
    if context is not None:
        quads += context.quads()
    lines = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    graph = rdflib.Graph()
    graph.parse(data=lines, format="nt")
    return graph


def pyshacl_keys(data_graph: rdflib.Graph, shapes_graph: rdflib.Graph | None = None) -> set[tuple]:
    """Run plain pySHACL and return its findings as (rule, focus, path, value, severity) keys."""
    import pyshacl

    shapes_graph = shapes_graph if shapes_graph is not None else load_shapes_graph()
    _, report, _ = pyshacl.validate(data_graph, shacl_graph=shapes_graph, inference="none",
                                    advanced=False, allow_warnings=True, inplace=True)
    keys = set()
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        rule = rule_of(shapes_graph, shape)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        keys.add((
            str(rule),
            str(report.value(result, SH.focusNode)),
            str(path) if path is not None else None,
            str(value) if value is not None else None,
            SEVERITIES[report.value(result, SH.resultSeverity)],
        ))
    return keys


def reference_keys(store: ox.Store, *, as_of: datetime.date | None = None,
                   settings: Settings | None = None) -> set[tuple]:
    """What plain pySHACL finds in ``store`` with the same as-of day and settings."""
    context = RunContext.create(as_of, settings)
    return pyshacl_keys(rdflib_graph(store, context))
