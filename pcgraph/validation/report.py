"""What a validation run found: ``Finding`` rows and the ``ValidationReport`` that holds them.

The report renders three ways: ``to_json()`` (the shape the CLI and the web API print),
``to_turtle()`` (a standard ``sh:ValidationReport``) and, in the CLI, text grouped by
rule and severity.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from pcgraph.namespaces import PC, SH, bind_prefixes
from pcgraph.validation.rules import SEVERITY_IRIS, Rule

SEVERITY_ORDER = ("violation", "warning", "info")


@dataclass(frozen=True)
class Term:
    """An RDF term in a finding: an IRI, or a literal with its datatype or language."""

    value: str
    kind: str = "iri"  # "iri", "literal" or "blank"
    datatype: str | None = None
    language: str | None = None

    def to_rdflib(self) -> rdflib.term.Node:
        if self.kind == "iri":
            return URIRef(self.value)
        if self.kind == "blank":
            return BNode(self.value)
        if self.language:
            return Literal(self.value, lang=self.language)
        return Literal(self.value, datatype=URIRef(self.datatype) if self.datatype else None)


@dataclass(frozen=True)
class Finding:
    """One rule broken by one focus node: what, where, how bad, and why it matters."""

    rule: str
    severity: str
    focus: str
    focus_label: str
    path: str | None
    value: str | None
    message: str
    source: str
    value_term: Term | None = field(default=None, compare=False, repr=False)
    shape: str | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str, str | None, str | None, str]:
        """What makes two findings the same finding, whichever engine produced them."""
        return (self.rule, self.focus, self.path, self.value, self.severity)

    def to_json(self) -> dict:
        return {
            "rule": self.rule, "severity": self.severity, "focus": self.focus,
            "focus_label": self.focus_label, "path": self.path, "value": self.value,
            "message": self.message, "source": self.source,
        }


@dataclass
class ValidationReport:
    """The result of one run: findings sorted by severity, rule and focus label."""

    as_of: datetime.date
    results: list[Finding]
    rules: tuple[Rule, ...] = ()
    duration: float = 0.0

    def __post_init__(self) -> None:
        self.results.sort(key=lambda f: (SEVERITY_ORDER.index(f.severity), f.rule, f.focus_label.lower(),
                                         f.focus, f.value or ""))

    @property
    def conforms(self) -> bool:
        """True when nothing breaks a rule of severity violation (warnings and infos allowed)."""
        return not self.violations

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.results if f.severity == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.results if f.severity == "warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.results if f.severity == "info"]

    @property
    def counts(self) -> dict:
        """Findings by severity, and by rule id (every rule run appears, with 0 when silent)."""
        by_severity = Counter(f.severity for f in self.results)
        by_rule = Counter(f.rule for f in self.results)
        return {
            **{severity: by_severity.get(severity, 0) for severity in SEVERITY_ORDER},
            "total": len(self.results),
            "by_rule": {rule.id: by_rule.get(rule.id, 0) for rule in self.rules} or dict(sorted(by_rule.items())),
        }

    def keys(self) -> set[tuple]:
        """The set of finding keys (rule, focus, path, value, severity)."""
        return {f.key for f in self.results}

    def to_json(self) -> dict:
        return {
            "conforms": self.conforms,
            "as_of": self.as_of.isoformat(),
            "results": [f.to_json() for f in self.results],
            "counts": self.counts,
        }

    def to_graph(self) -> rdflib.Graph:
        """The report as a standard ``sh:ValidationReport`` graph (plus the day judged, and each
        result's pc:ruleId and the dcterms:source of its rule)."""
        graph = rdflib.Graph()
        bind_prefixes(graph)
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        graph.add((report, PC.asOf, Literal(self.as_of.isoformat(), datatype=XSD.date)))
        for finding in self.results:
            node = BNode()
            graph.add((report, SH.result, node))
            graph.add((node, RDF.type, SH.ValidationResult))
            graph.add((node, SH.focusNode, URIRef(finding.focus)))
            graph.add((node, SH.resultSeverity, SEVERITY_IRIS[finding.severity]))
            graph.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
            if finding.shape:
                graph.add((node, SH.sourceShape, URIRef(finding.shape)))
            if finding.path:
                graph.add((node, SH.resultPath, URIRef(finding.path)))
            if finding.value_term is not None:
                graph.add((node, SH.value, finding.value_term.to_rdflib()))
            graph.add((node, SH.resultMessage, Literal(finding.message)))
            graph.add((node, PC.ruleId, Literal(finding.rule)))
            if finding.source:
                graph.add((node, DCTERMS.source, Literal(finding.source)))   # the policy the rule comes from
        return graph

    def to_turtle(self) -> str:
        return self.to_graph().serialize(format="turtle")
