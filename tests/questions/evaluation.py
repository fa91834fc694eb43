"""Reading and scoring the question evaluation set (``evaluation.txt``, gold queries in ``gold/``).

Used by ``tests/test_questions_evaluation.py`` (which asserts the accuracy bars) and by
``benchmarks/questions.py`` (which prints the figures and latency through the HTTP API).

    cases = load()
    report = evaluate(cases, ask, gold_store)   # ask(question) -> the /api/ask JSON
    report.in_scope_accuracy, report.precision, report.wrong_rate, report.refusal_rate

The set is split once and for all into a development part, which the reader may be
tuned against, and a held-out part, which nobody reads failures of: a case's part is
decided by a seeded hash of its question's text (``part_of``), so adding a question
never moves another one, and a new question falls where the hash puts it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
EVALUATION_FILE = HERE / "evaluation.txt"
GOLD_DIR = HERE / "gold"

ID = "https://w3id.org/pcgraph/id/"
BARS = {"in_scope_accuracy": 0.90, "precision": 0.99, "refusal_rate": 0.95}
PARTS = ("development", "held-out")
SPLIT_SEED = "pcgraph-question-split-1"
HELD_OUT_SHARE = 0.3  # of every question, whatever its group


def part_of(question: str) -> str:
    """The part a question belongs to: fixed by a seeded hash of its text (case and spacing aside)."""
    text = " ".join(question.lower().split())
    digest = hashlib.sha256(f"{SPLIT_SEED}\n{text}".encode("utf-8")).digest()
    return "held-out" if int.from_bytes(digest[:4], "big") / 2**32 < HELD_OUT_SHARE else "development"


@dataclass
class Case:
    """One question and what a right answer is."""

    question: str
    expect: str  # values, count, yes, no, empty, gold, reading, clarify, refuse
    argument: str
    group: str
    line: int

    @property
    def scope(self) -> str:
        """in (answerable), ambiguous (should clarify) or out (should refuse)."""
        return {"clarify": "ambiguous", "refuse": "out"}.get(self.expect, "in")

    @property
    def part(self) -> str:
        """development or held-out (see ``part_of``)."""
        return part_of(self.question)


@dataclass
class Outcome:
    case: Case
    status: str
    correct: bool
    got: Any = None
    wanted: Any = None


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def _count(self, predicate) -> int:
        return sum(1 for o in self.outcomes if predicate(o))

    @property
    def in_scope(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.scope == "in"]

    @property
    def in_scope_accuracy(self) -> float:
        cases = self.in_scope
        return sum(o.correct for o in cases) / len(cases) if cases else 1.0

    @property
    def answered(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "answer"]

    @property
    def precision(self) -> float:
        answered = self.answered
        return sum(o.correct for o in answered) / len(answered) if answered else 1.0

    @property
    def wrong_answers(self) -> list[Outcome]:
        return [o for o in self.answered if not o.correct]

    @property
    def wrong_rate(self) -> float:
        return len(self.wrong_answers) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def out_of_scope(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.scope == "out"]

    @property
    def refusal_rate(self) -> float:
        cases = self.out_of_scope
        return sum(o.status == "refuse" for o in cases) / len(cases) if cases else 1.0

    @property
    def ambiguous(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.scope == "ambiguous"]

    @property
    def clarify_rate(self) -> float:
        cases = self.ambiguous
        return sum(o.correct for o in cases) / len(cases) if cases else 1.0

    def figures(self) -> dict[str, float]:
        return {"in_scope_accuracy": self.in_scope_accuracy, "precision": self.precision,
                "wrong_rate": self.wrong_rate, "refusal_rate": self.refusal_rate,
                "clarify_rate": self.clarify_rate}

    def failures(self) -> list[str]:
        lines = []
        for o in self.outcomes:
            if not o.correct:
                lines.append(f"evaluation.txt:{o.case.line}: {o.case.question!r}: expected {o.case.expect} "
                             f"{o.wanted!r}, got {o.status} {o.got!r}")
        return lines


_LINE = re.compile(r"^(?P<question>.+?)\s+\|\s+(?P<expect>values|count|yes|no|empty|gold|reading|clarify|refuse)"
                   r"(?::\s*(?P<argument>.*))?\s*$")


def load(path: Path = EVALUATION_FILE, part: str | None = None) -> list[Case]:
    """Every case in the evaluation file (or in one part of it); a malformed line is an error
    naming its number."""
    if part is not None and part not in PARTS:
        raise ValueError(f"no part {part!r} of the evaluation set; the parts are {', '.join(PARTS)}")
    cases = []
    group = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("## "):
            group = line[3:].strip()
            continue
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            raise ValueError(f"{path.name} line {number}: expected 'question | expectation', got {line!r}")
        cases.append(Case(match["question"], match["expect"], (match["argument"] or "").strip(), group, number))
    return [c for c in cases if part is None or c.part == part]


def _split(argument: str) -> list[str]:
    return [part.strip() for part in argument.split(";") if part.strip()]


def gold_values(case: Case, store, today: dt.date) -> list[Any]:
    """The right answer for a ``gold:`` case, from its gold query run on the store."""
    name, *pairs = case.argument.split()
    params = dict(pair.split("=", 1) for pair in pairs)
    last_year_end = dt.date(today.year - 1, 12, 31).isoformat()
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    params = {k: v.replace("{last_year_end}", last_year_end).replace("{yesterday}", yesterday)
              for k, v in params.items()}
    params.setdefault("date", today.isoformat())
    if name in {"validation", "validation-about"}:
        from pcgraph.validation import validate

        day = dt.date.fromisoformat(params["date"])
        if name == "validation":
            report = validate(store, as_of=day, rules=[params["rule"]])
        else:
            report = validate(store, as_of=day, focus=[f"https://w3id.org/pcgraph/id/org/{params['org']}"])
        return [f.focus_label for f in report.results]
    text = (GOLD_DIR / f"{name}.rq").read_text(encoding="utf-8")
    for key, value in params.items():
        text = text.replace("{" + key + "}", value)
    if re.search(r"\{[a-z_]+\}", text):
        raise ValueError(f"evaluation.txt:{case.line}: gold query {name} has unfilled parameters")
    return [_plain(row["answer"]) for row in store.query(text).rows if "answer" in row]


def reading_of(argument: str) -> tuple[str, dict[str, str]]:
    """The canned query and parameters a ``reading:`` case names (ids as in gold, under id/)."""
    name, *pairs = argument.split()
    params = dict(pair.split("=", 1) for pair in pairs)
    return name, {k: ID + v if not v.startswith("http") and "/" in v else v for k, v in params.items()}


def _plain(term) -> Any:
    value = term.value
    datatype = getattr(term, "datatype", None)
    if datatype is not None and datatype.value.endswith("#integer"):
        return int(value)
    return value


def answer_values(body: dict) -> list[Any]:
    """The key column of an answer: ODS codes (or labels) of entities, numbers, booleans, text."""
    key = body.get("key") or (body.get("columns") or [None])[0]
    out = []
    for row in body.get("rows") or []:
        value = row.get(key)
        if isinstance(value, dict):
            value = value.get("ods_code") or value.get("label")
        if isinstance(value, str) and "; " in value:
            out.extend(value.split("; "))  # a list the query joined into one cell
        elif value is not None:
            out.append(value)
    return out


def score(case: Case, body: dict, store, today: dt.date) -> Outcome:
    status = body.get("status")
    if case.expect == "refuse":
        words = {w.lower() for w in _split(case.argument)}
        unknown = {w.lower() for w in body.get("unknown_words") or []}
        return Outcome(case, status, status == "refuse" and words <= unknown, body.get("unknown_words"),
                       sorted(words))
    if case.expect == "clarify":
        wanted = set(_split(case.argument))
        offered = set()
        for option in body.get("options") or []:
            offered |= {option.get("ods_code"), option.get("label")}
        return Outcome(case, status, status == "clarify" and wanted <= offered,
                       [o.get("ods_code") or o.get("label") for o in body.get("options") or []], sorted(wanted))
    if case.expect == "reading":
        wanted = reading_of(case.argument)
        query = body.get("query") or {}
        got = (query.get("name"), query.get("params")) if status == "answer" else body.get("message")
        return Outcome(case, status, status == "answer" and got == wanted, got, wanted)
    got = answer_values(body) if status == "answer" else body.get("message")
    if case.expect == "gold":
        wanted: Any = sorted(map(str, gold_values(case, store, today)))
        if case.argument.startswith("count"):
            wanted = gold_values(case, store, today)
            return Outcome(case, status, status == "answer" and got == wanted, got, wanted)
        return Outcome(case, status, status == "answer" and set(map(str, got)) == set(wanted), got, wanted)
    if case.expect == "count":
        wanted = [int(case.argument)]
    elif case.expect in {"yes", "no"}:
        wanted = [case.expect == "yes"]
    elif case.expect == "empty":
        wanted = []
    else:
        wanted = _split(case.argument)
    if case.expect == "values":
        ok = status == "answer" and set(map(str, got)) == set(wanted)
    else:
        ok = status == "answer" and got == wanted
    return Outcome(case, status, ok, got, wanted)


def evaluate(cases: list[Case], ask: Callable[[str], dict], store, today: dt.date | None = None) -> Report:
    """Ask every question and score the answers against the gold."""
    today = today or dt.date.today()
    report = Report()
    for case in cases:
        report.outcomes.append(score(case, ask(case.question), store, today))
    return report
