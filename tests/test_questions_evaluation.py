"""The question evaluation set (``tests/questions/evaluation.txt``) meets the accuracy bars
on the reference graph: in-scope exact match >= 90%, precision on answered >= 99%,
correct refusals >= 95%. Latency is measured by ``benchmarks/questions.py``, not here.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pcgraph.questions import QuestionService
from pcgraph.questions.reasons import MESSAGES
from pcgraph.settings import Settings
from pcgraph.store import open_store
from questions.evaluation import BARS, evaluate, load


@pytest.fixture(scope="module")
def reference_store(tmp_path_factory):
    with open_store(Settings(store=tmp_path_factory.mktemp("reference-store"))) as store:
        yield store


def test_the_evaluation_set_is_big_and_varied():
    cases = load()
    assert len(cases) >= 200
    out = sum(c.scope == "out" for c in cases)
    assert out / len(cases) >= 0.20
    assert sum(c.scope == "ambiguous" for c in cases) >= 8
    assert len({c.question.lower() for c in cases}) == len(cases), "a question is in the set twice"


def test_the_evaluation_set_meets_the_bars(reference_store):
    service = QuestionService(reference_store)
    report = evaluate(load(), lambda q: service.answer(q).to_json(), reference_store, dt.date.today())
    figures = report.figures()
    failures = "\n".join(report.failures())
    for name, bar in BARS.items():
        assert figures[name] >= bar, f"{name} {figures[name]:.3f} is under {bar}:\n{failures}"


def test_the_questions_a_refusal_tells_the_asker_to_ask_are_answered(reference_store):
    service = QuestionService(reference_store)
    examples = sorted({q for text in MESSAGES.values() for q in re.findall(r"“([^”]+)”", text)})
    assert len(examples) >= 10
    unanswered = [q for q in examples if service.answer(q).status != "answer"]
    assert not unanswered
