"""The rules: SHACL node shapes read from ``shapes/``, each with its stable rule id.

pcgraph's shapes are SHACL-SPARQL node shapes whose ``sh:select`` queries are written
set-at-a-time: run with ``$this`` unbound, a query returns every focus node that breaks
the rule. pySHACL runs the same text once per focus node with ``$this`` pre-bound; the
engine here runs it once per rule on Oxigraph. This module turns the shapes graph into
plain objects the engine can run without touching rdflib again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, RDFS

from pcgraph import paths
from pcgraph.errors import InputError
from pcgraph.namespaces import PC, SH

SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
SEVERITY_IRIS = {name: iri for iri, name in SEVERITIES.items()}

# Variables a query may project to receive the run's settings (see shapes/vocabulary.ttl).
CONTEXT_VARIABLES = ("asOf", "overlapMax", "overlapJaccard")


@dataclass(frozen=True)
class Target:
    """One SHACL target declaration: ``kind`` is class, subjectsOf, objectsOf or node."""

    kind: str
    term: str  # an IRI


@dataclass(frozen=True)
class Constraint:
    """One ``sh:sparql`` constraint: its query (prefixes applied) and message template."""

    query: str
    message: str
    projected: frozenset[str]
    node: rdflib.term.Node

    @property
    def context_variables(self) -> tuple[str, ...]:
        """The run settings this query asks for (they must be projected to be bound)."""
        return tuple(name for name in CONTEXT_VARIABLES if name in self.projected)


@dataclass(frozen=True)
class Rule:
    """A governance rule: one node shape with a ``pc:ruleId``."""

    id: str
    title: str
    severity: str
    source: str
    shape: str
    targets: tuple[Target, ...]
    constraints: tuple[Constraint, ...]


def projected_variables(query: str) -> frozenset[str]:
    """The variable names a SELECT query projects (plain variables and ``AS ?name``)."""
    match = re.search(r"\bSELECT\b(.*?)\bWHERE\b", query, re.S | re.I)
    if not match:
        raise ValueError("not a SELECT ... WHERE query")
    clause = re.sub(r"^\s*(DISTINCT|REDUCED)\b", "", match.group(1).strip(), flags=re.I)
    names: set[str] = set()
    depth = 0
    token = ""
    for char in clause + " ":
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                alias = re.search(r"\bAS\s+[?$](\w+)\s*$", token, re.I)
                if alias:
                    names.add(alias.group(1))
                token = ""
                continue
        if depth:
            token += char
        else:
            token = ""
    outside = re.sub(r"\([^()]*(?:\([^()]*\)[^()]*)*\)", " ", clause)
    names.update(re.findall(r"[?$](\w+)", outside))
    return frozenset(names)


def _prefix_lines(graph: rdflib.Graph, constraint: rdflib.term.Node) -> str:
    lines = []
    for declarer in graph.objects(constraint, SH.prefixes):
        for declaration in graph.objects(declarer, SH.declare):
            prefix = graph.value(declaration, SH.prefix)
            namespace = graph.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


# Core SHACL constraints of a property shape, as set-at-a-time SPARQL filters on ?value
# (the engine runs these; a plain SHACL engine runs the property shape itself).
_CORE_TESTS = {
    SH.datatype: lambda term: f"!isLiteral(?value) || DATATYPE(?value) != {term}",
}


def _core_constraints(graph: rdflib.Graph, shape: rdflib.term.Node) -> list[Constraint]:
    """The engine's query for each core constraint of ``shape``'s property shapes."""
    found = []
    for prop in graph.objects(shape, SH.property):
        path = graph.value(prop, SH.path)
        if not isinstance(path, rdflib.URIRef):
            raise InputError(f"property shape {prop} of {shape}: only a single property is supported as sh:path",
                             where="shapes")
        message = graph.value(prop, SH.message) or graph.value(shape, SH.message) or ""
        for predicate, test in _CORE_TESTS.items():
            for term in graph.objects(prop, predicate):
                query = (f"SELECT $this ?value ?path WHERE {{\n    $this {path.n3()} ?value .\n"
                         f"    BIND ({path.n3()} AS ?path)\n    FILTER ({test(term.n3())})\n}}")
                found.append(Constraint(query, str(message), projected_variables(query), prop))
        unsupported = {p for p in graph.predicates(prop) if p.startswith(str(SH))} - {
            SH.path, SH.message, *_CORE_TESTS}
        if unsupported:
            raise InputError(f"property shape of {shape}: {', '.join(sorted(unsupported))} not supported "
                             "by pcgraph's engine", where="shapes")
    return found


def rule_of(graph: rdflib.Graph, shape: rdflib.term.Node) -> str | None:
    """The rule id of a node shape, or of the node shape a property shape belongs to."""
    rule = graph.value(shape, PC.ruleId)
    if rule is None:
        parent = graph.value(None, SH.property, shape)
        rule = graph.value(parent, PC.ruleId) if parent is not None else None
    return None if rule is None else str(rule)


# "Active on a day" (ontology/README.md: no start or a start on or before the day, and no
# end or an end on or after it), written once. A shape's query says ACTIVE(?x); the shapes
# graph is expanded when it loads, so every engine, pySHACL included, reads plain SPARQL.
# As a statement (FILTER ACTIVE(?x)) it becomes two one-triple anti-joins, the form
# Oxigraph runs fastest; inside an expression, their conjunction.
_ACTIVE_STATEMENT = re.compile(r"\bFILTER ACTIVE\(([?$])(\w+)\)")
_ACTIVE_EXPRESSION = re.compile(r"\bACTIVE\(([?$])(\w+)\)")


def _not_started(sigil: str, name: str) -> str:
    return f"NOT EXISTS {{ {sigil}{name} pc:startDate ?{name}Start FILTER (?{name}Start > ?asOf) }}"


def _not_ended(sigil: str, name: str) -> str:
    return f"NOT EXISTS {{ {sigil}{name} pc:endDate ?{name}End FILTER (?{name}End < ?asOf) }}"


def expand_macros(query: str) -> str:
    """``query`` with every ``ACTIVE(?x)`` written out in plain SPARQL."""
    def statement(match: re.Match) -> str:
        sigil, name = match.groups()
        return f"FILTER {_not_started(sigil, name)} FILTER {_not_ended(sigil, name)}"

    def expression(match: re.Match) -> str:
        sigil, name = match.groups()
        return f"({_not_started(sigil, name)} && {_not_ended(sigil, name)})"

    return _ACTIVE_EXPRESSION.sub(expression, _ACTIVE_STATEMENT.sub(statement, query))


def load_shapes_graph(directory: Path | None = None) -> rdflib.Graph:
    """Every ``*.ttl`` file in the shapes folder, parsed into one graph, macros expanded."""
    directory = directory or paths.shapes_dir()
    graph = rdflib.Graph()
    for path in sorted(directory.glob("*.ttl")):
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
            raise InputError(f"cannot parse the shapes: {exc}", where=str(path)) from None
    for node, text in list(graph.subject_objects(SH.select)):
        expanded = expand_macros(str(text))
        if expanded != str(text):
            graph.set((node, SH.select, rdflib.Literal(expanded)))
    return graph


def rules_from_graph(graph: rdflib.Graph) -> tuple[Rule, ...]:
    """The rules in a shapes graph, in rule-id order."""
    rules = []
    for shape in set(graph.subjects(PC.ruleId, None)):
        rule_id = str(graph.value(shape, PC.ruleId))
        severity = SEVERITIES.get(graph.value(shape, SH.severity), "violation")
        targets = []
        for predicate, kind in ((SH.targetClass, "class"), (SH.targetSubjectsOf, "subjectsOf"),
                                (SH.targetObjectsOf, "objectsOf"), (SH.targetNode, "node")):
            targets.extend(Target(kind, str(term)) for term in graph.objects(shape, predicate))
        constraints = []
        for node in graph.objects(shape, SH.sparql):
            select = str(graph.value(node, SH.select))
            message = graph.value(node, SH.message) or graph.value(shape, SH.message) or ""
            query = _prefix_lines(graph, node) + "\n" + select
            constraints.append(Constraint(query, str(message), projected_variables(select), node))
        constraints.extend(_core_constraints(graph, shape))
        sources = sorted(str(s) for s in graph.objects(shape, DCTERMS.source))
        rules.append(Rule(
            id=rule_id,
            title=str(graph.value(shape, RDFS.label) or rule_id),
            severity=severity,
            source="; ".join(sources),
            shape=str(shape),
            targets=tuple(sorted(targets, key=lambda t: (t.kind, t.term))),
            constraints=tuple(sorted(constraints, key=lambda c: c.query)),
        ))
    return tuple(sorted(rules, key=lambda r: r.id))


@cache
def default_rules() -> tuple[Rule, ...]:
    """The rules in pcgraph's own ``shapes/`` folder (read once per process)."""
    return rules_from_graph(load_shapes_graph())


def select_rules(rules: tuple[Rule, ...], wanted) -> tuple[Rule, ...]:
    """The rules whose ids are in ``wanted`` (all when None); unknown ids are an input error."""
    if wanted is None:
        return rules
    wanted = list(wanted)
    known = {r.id for r in rules}
    unknown = sorted(set(wanted) - known)
    if unknown:
        raise InputError(f"unknown rule id(s): {', '.join(unknown)}; known rules: {', '.join(sorted(known))}",
                         where="rules")
    return tuple(r for r in rules if r.id in set(wanted))

