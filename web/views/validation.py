"""``/validation``: what the governance rules find wrong, by rule and severity, with a JSON twin.

Filter by ICB (findings about the ICB, its organisations, their memberships and
collaboratives, and its delegations), by date (``as_of``), rule and severity.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pyoxigraph as ox
from flask import Blueprint, render_template, request

from pcgraph.errors import ParameterError

from .. import entity_data, findings, response_cache
from ..entity_data import select
from ..errors import HTTPError
from ..request_args import as_of_arg, iri_arg

bp = Blueprint("validation", __name__)

SEVERITY_ORDER = {"violation": 0, "warning": 1, "info": 2}
PAGE_WAIT_SECONDS = 8.0

IN_ICB = """
SELECT DISTINCT ?icb ?x WHERE {
  { ?r pc:organisation ?x ; pc:icb ?icb }
  UNION { ?x pc:footprint ?icb }
  UNION { ?x pc:delegator ?icb }
  UNION { ?x pc:delegate ?icb }
  UNION { ?r pc:organisation ?m ; pc:icb ?icb . ?x org:member ?m }
  UNION { ?r pc:organisation ?m ; pc:icb ?icb . ?ms org:member ?m ; org:organization ?x }
  UNION { ?r pc:organisation ?m ; pc:icb ?icb . { ?x pc:delegate ?m } UNION { ?x pc:delegator ?m } }
}"""


def _check_filters(icb: str | None, rule: str, severity: str) -> None:
    """A filter that can match nothing is a mistake to name, not an empty report."""
    from pcgraph.validation.rules import default_rules

    if severity and severity not in SEVERITY_ORDER:
        raise ParameterError(f"expected one of {', '.join(SEVERITY_ORDER)}, got {severity!r}", where="severity")
    known = [r.id for r in default_rules()]
    if rule and rule not in known:
        raise ParameterError(f"there is no rule {rule!r}; the rules are {', '.join(known)}", where="rule")
    if icb and icb not in {row["item"].value for row in entity_data.list_of("icb")}:
        raise ParameterError(f"{icb} is not an ICB in the graph", where="icb")


def _related_to_icb(icb: str) -> set[str]:
    rows = select(IN_ICB, icb=ox.NamedNode(icb))
    return {icb, *(row["x"].value for row in rows if "x" in row)}


def _filtered(wait: float | None = None):
    as_of = as_of_arg()
    icb = iri_arg("icb")
    rule = request.args.get("rule", "").strip()
    severity = request.args.get("severity", "").strip().lower()
    _check_filters(icb, rule, severity)
    # One ICB's findings need only its nodes validated; the whole report is computed once a day.
    selected = findings.for_focus(_related_to_icb(icb), as_of) if icb else findings.report(as_of, wait=wait)
    if selected is None:
        return as_of, icb, rule, severity, None, None
    by_rule_all = Counter(f.rule for f in selected)
    if rule:
        selected = [f for f in selected if f.rule == rule]
    if severity:
        selected = [f for f in selected if f.severity == severity]
    selected = sorted(selected, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.rule, f.focus_label or f.focus))
    return as_of, icb, rule, severity, selected, by_rule_all


@bp.get("/validation.json")
def validation_json():
    as_of, icb, rule, severity, selected, by_rule = _filtered()
    if selected is None:
        raise HTTPError(503, f"validation is not available on this server: {findings.unavailable_reason()}")
    return {
        "ok": True, "as_of": as_of.isoformat(), "filters": {"icb": icb, "rule": rule or None, "severity": severity or None},
        "counts": {"total": len(selected), "by_rule": dict(Counter(f.rule for f in selected)),
                   "by_severity": dict(Counter(f.severity for f in selected))},
        # The web API has always given a missing path or value as "", not null.
        "findings": [{**f.to_json(), "path": f.path or "", "value": f.value or ""} for f in selected],
    }


@bp.get("/validation")
def validation_page():
    if request.accept_mimetypes.provided and request.accept_mimetypes.best_match(
            ["text/html", "application/json"]) == "application/json":
        return validation_json()
    try:
        as_of, icb, rule, severity, selected, by_rule = _filtered(wait=PAGE_WAIT_SECONDS)
    except findings.ReportPending:
        # The first whole-graph run is still going: say so and look again shortly.
        response_cache.not_cacheable()
        return render_template("validation.html", pending=True, as_of=as_of_arg(), icb=None, rule="",
                               severity="", findings=[], groups={}, by_rule=None, severities={},
                               icbs=entity_data.list_of("icb", as_of_arg(), keep=iri_arg("icb")), available=True, unavailable=None,
                               rules={})
    groups: dict[str, list] = defaultdict(list)
    for finding in selected or []:
        groups[finding.rule].append(finding)
    severities = Counter(f.severity for f in selected or [])
    return render_template("validation.html", as_of=as_of, icb=icb, rule=rule, severity=severity,
                           findings=selected, groups=dict(groups), by_rule=by_rule, severities=severities,
                           icbs=entity_data.list_of("icb", as_of, keep=icb), available=selected is not None,
                           unavailable=findings.unavailable_reason(),
                           rules=findings.rules(as_of))
