"""Validation: pcgraph's governance rules (SHACL shapes in ``shapes/``) run fast on Oxigraph.

    from pcgraph.validation import validate, ValidationReport, Finding, affected_focus_nodes

    report = validate(store, as_of=date(2026, 4, 1))
    report.conforms, report.results, report.to_json(), report.to_turtle()

``validate`` runs each rule's query once over the whole graph (or, with ``focus=``, over
the focus nodes given); ``affected_focus_nodes`` says which nodes a change makes worth
rechecking. ``pcgraph.validation.reference`` runs the same shapes through plain pySHACL,
the reference the fast engine is tested against.
"""

from pcgraph.validation.affected import affected_focus_nodes
from pcgraph.validation.engine import validate
from pcgraph.validation.report import Finding, ValidationReport

__all__ = ["Finding", "ValidationReport", "affected_focus_nodes", "validate"]
