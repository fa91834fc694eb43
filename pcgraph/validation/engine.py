"""The fast engine: each rule's SPARQL runs once, set-at-a-time, on Oxigraph.

pySHACL, the reference engine, evaluates a node shape's ``sh:select`` once per focus
node with ``$this`` pre-bound. The shapes here are written so the same text, with
``$this`` unbound, returns every violating focus node in one query. So a full run is one
target query and one constraint query per rule, and the results are the same set a plain
pySHACL run gives (``tests/test_validation_engines.py`` compares the two).

An incremental run (``focus=``) adds ``VALUES ?this { ... }`` at the top of each query,
so Oxigraph only looks at the focus nodes given. SHACL forbids VALUES in a constraint's
text, so the shapes never carry one and the engine's is the only one. With every focus
node bound up front, a class test (``rdf:type/rdfs:subClassOf*``) is cheaper as a type
lookup against the class's subclasses, read once per run (``closures.py``); a full run
keeps the path, which Oxigraph then walks from the class.

Rules run side by side on a few threads (``WORKERS``): pyoxigraph evaluates without
holding the GIL, so on two cores an incremental run takes about half as long.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Callable, Iterable

import pyoxigraph as ox

from pcgraph.errors import InputError
from pcgraph.settings import Settings
from pcgraph.validation.accelerators import ACCELERATORS
from pcgraph.validation.closures import ClassClosures
from pcgraph.validation.context import RunContext
from pcgraph.validation.labels import labels_for
from pcgraph.validation.report import Finding, Term, ValidationReport
from pcgraph.validation.rules import Constraint, Rule, Target, default_rules, select_rules

log = logging.getLogger(__name__)

_TARGET_PATTERNS = {
    "class": "?this <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/"
             "<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {term} .",
    "subjectsOf": "?this {term} [] .",
    "objectsOf": "[] {term} ?this .",
}
_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
_MESSAGE_VARIABLE = re.compile(r"\{[?$](\w+)\}")
# Above this many focus IRIs an incremental run costs more than a full one.
_MAX_VALUES = 5000
# Rules run side by side on this many threads (see run_rules).
WORKERS = max(1, min(4, os.cpu_count() or 1))

OnRule = Callable[[Rule, int, int], None]


def oxigraph_store(data) -> ox.Store:
    """The pyoxigraph store behind ``data`` (an ``EmbeddedStore`` or a ``pyoxigraph.Store``; a
    remote store's graphs are pulled into a local copy, once per data generation)."""
    if isinstance(data, ox.Store):
        return data
    if hasattr(data, "local_copy"):
        data = data.local_copy()
    inner = getattr(data, "oxigraph", None)
    if isinstance(inner, ox.Store):
        return inner
    raise InputError(f"cannot validate a {type(data).__name__}: validation needs an embedded "
                     "(Oxigraph) store or a pyoxigraph.Store", where="data")


def _values_clause(nodes: Iterable[ox.NamedNode]) -> str:
    return "VALUES ?this { " + " ".join(sorted(str(n) for n in nodes if isinstance(n, ox.NamedNode))) + " }"


def _with_values(query: str, values: str) -> str:
    match = _WHERE.search(query)
    if match is None:
        raise ValueError("a rule query has no WHERE clause")
    return query[:match.end()] + "\n    " + values + query[match.end():]


def _term(node) -> Term:
    if isinstance(node, ox.NamedNode):
        return Term(node.value)
    if isinstance(node, ox.BlankNode):
        return Term(node.value, "blank")
    return Term(node.value, "literal", datatype=node.datatype.value if node.datatype else None,
                language=node.language)


class _Focus:
    """What an incremental run reads about its focus nodes once, for every rule: their
    classes (so each rule's class targets are found without a query per target), the
    class closures, and the VALUES clause for each set of targets (rules share them)."""

    def __init__(self, store: ox.Store, iris: set[str]):
        self.store = store
        self.nodes = {ox.NamedNode(iri) for iri in iris}
        self.values = _values_clause(self.nodes)
        self.types: dict = {}
        self.closures: ClassClosures | None = None
        self._clauses: dict[frozenset, str] = {}

    def read_classes(self) -> float:
        """Read the focus nodes' classes and the class closures; the seconds it took."""
        started = time.perf_counter()
        query = "SELECT ?this ?type WHERE { " + self.values + " ?this a ?type }"
        for row in self.store.query(query, use_default_graph_as_union=True):
            self.types.setdefault(row["this"], set()).add(row["type"])
        self.closures = ClassClosures.of_store(self.store)
        return time.perf_counter() - started

    def instances_of(self, cls: str) -> set:
        closure = self.closures.of(ox.NamedNode(cls))
        return {node for node, types in self.types.items() if types & closure}

    def values_for(self, targets: set) -> str:
        key = frozenset(targets)
        if key not in self._clauses:
            self._clauses[key] = _values_clause(targets)
        return self._clauses[key]

    def prepare(self, rule: Rule, targets: set) -> None:
        """Fill the caches a rule will read, before its thread starts."""
        self.values_for(targets)
        for constraint in rule.constraints:
            self.query(constraint.query)

    def query(self, text: str) -> str:
        """A rule's query with its class paths read from the closures (``closures.py``)."""
        return self.closures.rewrite(text)


def _target_nodes(store: ox.Store, target: Target, focus: _Focus | None = None) -> set:
    if target.kind == "node":
        node = ox.NamedNode(target.term)
        return {node} if focus is None or node in focus.nodes else set()
    if target.kind == "class" and focus is not None:
        return focus.instances_of(target.term)
    pattern = _TARGET_PATTERNS[target.kind].format(term=str(ox.NamedNode(target.term)))
    query = "SELECT DISTINCT ?this WHERE { " + (focus.values if focus else "") + " " + pattern + " }"
    return {row["this"] for row in store.query(query, use_default_graph_as_union=True)}


def _message(template: str, row) -> str:
    def substitute(match: re.Match) -> str:
        term = _get(row, match.group(1))
        return match.group(0) if term is None else term.value

    return _MESSAGE_VARIABLE.sub(substitute, template)


def _solutions(store: ox.Store, rule: Rule, constraint: Constraint, context: dict[str, ox.Literal],
               targets: set, focus: _Focus | None) -> Iterable:
    accelerator = ACCELERATORS.get(rule.id)
    if accelerator is not None and len(rule.constraints) == 1:
        rule_focus = None if focus is None else {t.value for t in targets if isinstance(t, ox.NamedNode)}
        return accelerator(store, context, rule_focus)
    query = constraint.query
    if focus is not None:
        # An incremental run asks each rule only about the focus nodes it targets.
        query = _with_values(focus.query(query), focus.values_for(targets))
    substitutions = {ox.Variable(name): context[name] for name in constraint.context_variables}
    return store.query(query, use_default_graph_as_union=True, substitutions=substitutions)


def _run_constraint(store: ox.Store, rule: Rule, constraint: Constraint, targets: set,
                    context: dict[str, ox.Literal], focus: _Focus | None = None) -> list[tuple]:
    found = []
    for row in _solutions(store, rule, constraint, context, targets, focus):
        this = row["this"]
        if this is None or this not in targets:
            continue
        value = _get(row, "value") or this
        found.append((this, _get(row, "path"), value, _message(constraint.message, row)))
    return found


def _get(row, name: str):
    """A variable's value in a solution (pyoxigraph's or an accelerator's dict), or None."""
    if isinstance(row, dict):
        return row.get(name)
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


def _rule_rows(store: ox.Store, rule: Rule, targets: set, terms: dict[str, ox.Literal],
               focus: _Focus | None) -> tuple[list[tuple], float]:
    """One rule's findings (this, path, value, message), each once, and the seconds taken."""
    started = time.perf_counter()
    rows: list[tuple] = []
    seen = set()
    if targets:
        for constraint in rule.constraints:
            for row in _run_constraint(store, rule, constraint, targets, terms, focus):
                if row[:3] not in seen:
                    seen.add(row[:3])
                    rows.append(row)
    return rows, time.perf_counter() - started


def run_rules(store: ox.Store, rules: tuple[Rule, ...], context: RunContext,
              focus: set[str] | None = None, on_rule: OnRule | None = None) -> list[Finding]:
    """Run ``rules`` over ``store`` (all focus nodes, or only those in ``focus``).

    The rules are independent, so they run on a few threads: Oxigraph evaluates a query
    without holding the GIL, and two rules' queries proceed at once on two cores. The
    findings come back in rule order whatever order the rules finish in.
    """
    terms = context.terms()
    focus_nodes = _Focus(store, focus) if focus is not None else None
    wanted = sorted({target for rule in rules for target in rule.targets}, key=lambda t: (t.kind, t.term))
    results: dict[str, list[tuple]] = {}
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="pcgraph-validate") as pool:
        # An incremental run reads its focus nodes' classes while the other targets are looked up.
        by_class = [t for t in wanted if t.kind == "class"] if focus_nodes is not None else []
        classes = pool.submit(focus_nodes.read_classes) if focus_nodes is not None else None
        others = [t for t in wanted if t not in by_class]
        found = dict(zip(others, pool.map(lambda target: _target_nodes(store, target, focus_nodes), others)))
        if classes is not None:
            log.debug("focus: %d node(s), their classes read in %.1f ms", len(focus_nodes.nodes),
                      1000 * classes.result())
            found.update((target, focus_nodes.instances_of(target.term)) for target in by_class)
        # The accelerated rules are the longest: start them first so the others fill in beside them.
        ordered = sorted(rules, key=lambda rule: rule.id not in ACCELERATORS)
        futures = {}
        for rule in ordered:
            targets = set().union(*(found[target] for target in rule.targets))
            if focus_nodes is not None and targets:
                focus_nodes.prepare(rule, targets)
            futures[pool.submit(_rule_rows, store, rule, targets, terms, focus_nodes)] = rule
        for index, future in enumerate(as_completed(futures)):
            rule = futures[future]
            rows, seconds = future.result()
            results[rule.id] = rows
            log.debug("rule %s: %d finding(s) in %.1f ms", rule.id, len(rows), 1000 * seconds)
            if on_rule is not None:
                on_rule(rule, index + 1, len(rules))
    raw = [(rule, row) for rule in rules for row in results[rule.id]]
    focus_iris = {this.value for _, (this, *_rest) in raw if isinstance(this, ox.NamedNode)}
    labels = labels_for(store, focus_iris) if focus_iris else {}
    findings = []
    for rule, (this, path, value, message) in raw:
        value_term = _term(value)
        findings.append(Finding(
            rule=rule.id,
            severity=rule.severity,
            focus=this.value,
            focus_label=labels.get(this.value, this.value),
            path=path.value if path is not None else None,
            value=value_term.value,
            message=message,
            source=rule.source,
            value_term=value_term,
            shape=rule.shape,
        ))
    return findings


def validate(data, *, as_of: datetime.date | None = None, focus: Iterable[str] | None = None,
             settings: Settings | None = None, rules: Iterable[str] | None = None,
             on_rule: OnRule | None = None) -> ValidationReport:
    """Check ``data`` against pcgraph's rules, as of ``as_of`` (default today).

    ``data`` is an ``EmbeddedStore`` or a ``pyoxigraph.Store``; the union of its default
    graph and all named graphs is validated (the ontology must be in it, as it is in a
    real store's ``graph/ontology``). ``focus`` restricts the run to those IRIs (see
    ``affected_focus_nodes`` for what a change must recheck); ``rules`` to those rule ids.
    """
    started = time.perf_counter()
    store = oxigraph_store(data)
    context = RunContext.create(as_of, settings)
    chosen = select_rules(default_rules(), rules)
    focus_set = None if focus is None else {str(iri) for iri in focus}
    if focus_set is not None and len(focus_set) > _MAX_VALUES:
        findings = [f for f in run_rules(store, chosen, context, None, on_rule) if f.focus in focus_set]
    elif focus_set is not None and not focus_set:
        findings = []
    else:
        findings = run_rules(store, chosen, context, focus_set, on_rule)
    duration = time.perf_counter() - started
    log.info("validated %d rule(s) as of %s: %d finding(s) in %.1f ms", len(chosen), context.as_of,
             len(findings), 1000 * duration)
    return ValidationReport(as_of=context.as_of, results=findings, rules=chosen, duration=duration)
