"""Questions in plain English, answered from the graph through canned queries.

    answer(question, store, *, as_of=None, settings=None) -> Answer
    Answer.to_json() -> {"status": "answer" | "clarify" | "refuse", ...}

A question is taken apart (dates, counts, names of things, the remaining words), checked
against every kind of question pcgraph knows (``pcgraph.questions.kinds``), and answered
only when exactly one reading explains every word. Otherwise it asks which thing was
meant (``clarify``) or says what it did not understand (``refuse``), with questions it
can answer. A wrong answer that looks right is the worst outcome, so near misses are
never answered.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import OrderedDict
from datetime import date

from pcgraph import queries
from pcgraph.questions.answer import Answer, query_url, render_rows
from pcgraph.questions.findings import VALIDATION, run_findings
from pcgraph.questions.grammar import HARMLESS, KNOWN_WORDS, Attempt, Reading, try_kind
from pcgraph.questions.kinds import KIND_WORDS, KINDS
from pcgraph.questions.lexicon import Entity, Lexicon, fingerprint
from pcgraph.questions.linker import Mention, resolve_fuzzy
from pcgraph.questions.parse import NEGATIONS, Parse, parse
from pcgraph.questions.relations import RELATION_WORDS
from pcgraph.questions.reasons import FALLBACK, GENERIC, Reason, message as reason_message, shown as shown_reason
from pcgraph.questions.suggestions import about, name_for, suggest
from pcgraph.questions.text import fold
from pcgraph.settings import Settings

__all__ = ["Answer", "QuestionService", "answer", "service_for"]

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 400
RECHECK_SECONDS = 1.0
RESULT_CACHE_SIZE = 256  # canned query results kept per generation of the data (web app only)
VOCABULARY: frozenset[str] = KIND_WORDS | HARMLESS | RELATION_WORDS
class QuestionService:
    """Answers questions against one store, keeping the graph's names ready between questions."""

    def __init__(self, store, settings: Settings | None = None):
        self.store = store
        self.settings = settings or Settings()
        self._lexicon: Lexicon | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._local = threading.local()
        self._results: OrderedDict = OrderedDict()

    def lexicon(self) -> Lexicon:
        """The names in the graph, rebuilt when a fingerprint of them changes.

        The fingerprint (a count of names and codes) is checked at most once every
        ``RECHECK_SECONDS``, so an organisation imported a moment ago is askable within
        that time; ``refresh()`` makes it askable at once.
        """
        now = time.monotonic()
        with self._lock:
            if self._lexicon is not None and now - self._checked < RECHECK_SECONDS:
                return self._lexicon
            current = fingerprint(self.store)
            if self._lexicon is None or self._lexicon.fingerprint != current:
                self._lexicon = Lexicon.from_store(self.store)
            self._checked = now
            return self._lexicon

    def refresh(self) -> None:
        with self._lock:
            self._lexicon = None

    def answer(self, question: str, *, as_of: date | None = None, today: date | None = None,
               generation: int | None = None) -> Answer:
        """Answer one question. ``generation`` is a number the caller changes whenever the
        data changes (the web app's write counter); given it, results of the same canned
        query with the same parameters are reused until it changes."""
        started = time.monotonic()
        question = (question or "").strip()
        today = today or date.today()
        self._local.generation = generation  # per thread: the web app answers on several threads
        result = self._answer(question, as_of or today, today)
        log.info("question %r: %s%s in %.0f ms", question[:80], result.status,
                 f" ({result.query['name']})" if result.query else "", (time.monotonic() - started) * 1000)
        return result

    def _answer(self, question: str, default_as_of: date, today: date, nested: bool = False) -> Answer:
        if not question:
            return self._refuse(question, None, [], "Ask a question, such as one of these.")
        if len(question) > MAX_QUESTION_CHARS:
            return self._refuse(question, None, [], f"That question is too long (more than {MAX_QUESTION_CHARS} "
                                                    "characters); ask one thing at a time.")
        lexicon = self.lexicon()
        p = parse(question, lexicon, set(VOCABULARY), today, KNOWN_WORDS)
        if p.date_error:
            return self._refuse(question, p, [], f"I could not read the date: {p.date_error}.")
        if p.when is not None and p.when.first > today:
            # The graph records what was and is, not plans: an answer about a later day would be a guess.
            return self._refuse(question, p, [], f"That asks about {p.when.text}, which has not come yet. "
                                                 "I can answer about today and the past.")
        attempts = [try_kind(kind, p, today, default_as_of) for kind in KINDS]
        readings = [r for a in attempts for r in a.readings]
        ambiguous = [(a, amb) for a in attempts for amb in a.ambiguous]
        if any(a.reason == Reason.AMBIGUOUS_NUMBER for a in attempts):
            return self._clarify_number(question, p)
        best_reading = max((r.specificity for r in readings), default=-1)
        best_ambiguous = max((a.kind and len(a.kind.cues) + len(amb[2]) + 1 for a, amb in ambiguous), default=-1)
        if ambiguous and best_ambiguous >= best_reading:
            return self._clarify_entities(question, p, ambiguous, lexicon)
        if not readings and not ambiguous and _only_a_name(p):
            return self._only_a_name(question, p, lexicon)
        if readings:
            top = [r for r in readings if r.specificity == best_reading]
            distinct = {r.signature: r for r in top}
            if len(distinct) > 1:
                return self._clarify_readings(question, p, list(distinct.values()))
            loose = next((m for m in top[0].mentions.values() if m.loose and len(_families(m.candidates)) > 1), None)
            if loose is not None and not nested:
                return self._clarify_families(question, p, loose, lexicon, default_as_of, today)
            closed = self._closed_before(top[0], p)
            if closed is not None and not nested:
                return self._clarify_closed(question, closed)
            return self._run(question, p, top[0], lexicon)
        return self._refuse_with_reasons(question, p, attempts, lexicon)

    # --- answering ---------------------------------------------------------------------

    def _cached(self, reading: Reading, compute):
        """``compute()``, or its earlier result for the same query and parameters in this generation."""
        generation = getattr(self._local, "generation", None)
        if generation is None:
            return compute()
        key = (generation, reading.query, tuple(sorted(reading.params.items())))
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        value = compute()
        with self._lock:
            self._results[key] = value
            while len(self._results) > RESULT_CACHE_SIZE:
                self._results.popitem(last=False)
        return value

    def _run(self, question: str, p: Parse, reading: Reading, lexicon: Lexicon) -> Answer:
        if reading.query == VALIDATION:
            return self._run_findings(question, reading, p)
        canned = queries.get(reading.query)
        result = self._cached(reading, lambda: queries.run(self.store, canned, reading.params, self.settings))
        columns = reading.columns or [v for v in result.variables if v not in reading.params]
        columns, rows = render_rows(result, columns, lexicon)
        as_of = reading.params.get("as_of")
        return Answer(
            status="answer", question=question, interpretation=_with_corrections(reading.interpretation, p),
            query={"name": reading.query, "title": canned.title, "params": reading.params,
                   "url": query_url(reading.query, reading.params)},
            sparql=canned.sparql, columns=columns, rows=rows, key=reading.key if reading.key in columns else None,
            answer_type=reading.answer, as_of=as_of, truncated=result.truncated, kind=reading.kind,
            message=_summary(reading, rows),
        )

    def _run_findings(self, question: str, reading: Reading, p: Parse) -> Answer:
        from urllib.parse import urlencode

        columns, rows, sparql = self._cached(reading, lambda: run_findings(self.store, reading, self.settings))
        link = {"as_of": reading.params["as_of"]}
        if "rules" in reading.params and "," not in reading.params["rules"]:
            link["rule"] = reading.params["rules"]
        url = (f"/validation?{urlencode(link)}" if "focus" not in reading.params
               else reading.params["focus"])
        return Answer(
            status="answer", question=question, interpretation=_with_corrections(reading.interpretation, p),
            query={"name": VALIDATION, "title": "Validation findings", "params": reading.params, "url": url},
            sparql=sparql, columns=columns, rows=rows, key="focus", answer_type="list",
            as_of=reading.params["as_of"], kind=reading.kind, message=_summary(reading, rows),
        )

    def _readable(self, question: str) -> bool:
        """Does this question have exactly one clear reading? (Checked without running it.)"""
        today = date.today()
        p = parse(question, self.lexicon(), set(VOCABULARY), today, KNOWN_WORDS)
        attempts = [try_kind(kind, p, today, today) for kind in KINDS]
        readings = [r for a in attempts for r in a.readings]
        if not readings or any(a.ambiguous for a in attempts):
            return False
        best = max(r.specificity for r in readings)
        top = {r.signature for r in readings if r.specificity == best}
        return len(top) == 1

    # --- asking back -------------------------------------------------------------------

    def _clarify_entities(self, question: str, p: Parse, ambiguous, lexicon: Lexicon) -> Answer:
        mention: Mention = ambiguous[0][1][0]
        candidates: dict[str, Entity] = {}
        for _, (m, entities, _) in ambiguous:
            if m.start == mention.start:
                for e in entities:
                    candidates.setdefault(e.iri, e)
        options = []
        bare = _only_a_name(p)
        for entity in sorted(candidates.values(), key=lambda e: e.label):
            rewritten = _replace(question, p, mention, name_for(entity, lexicon))
            if bare and not self._readable(rewritten):
                rewritten = self._question_about(entity, lexicon, p.today)
            options.append({"label": entity.display, "iri": entity.iri, "ods_code": entity.ods_code,
                            "kind": _kind_word(entity), "question": rewritten})
        what = "fuzzy" if mention.fuzzy else "exact"
        message = (f"“{mention.text}” could mean more than one thing. Which did you mean?" if what == "exact"
                   else f"I am not sure what “{mention.text}” is. Did you mean one of these?")
        return Answer(status="clarify", question=question, options=options, message=message)

    def _clarify_families(self, question: str, p: Parse, mention: Mention, lexicon: Lexicon,
                          default_as_of: date, today: date) -> Answer:
        """A loosely named thing that could be of different kinds ("Black Country": the ICB
        or the collaborative): ask, offering for each a question that works for it."""
        options = []
        for entity in sorted(mention.candidates, key=lambda e: e.label):
            rewritten = _replace(question, p, mention, name_for(entity, lexicon))
            if self._answer(rewritten, default_as_of, today, nested=True).status != "answer":
                rewritten = _FAMILY_QUESTIONS[_families([entity]).pop()].format(name_for(entity, lexicon))
            options.append({"label": entity.display, "iri": entity.iri, "ods_code": entity.ods_code,
                            "kind": _kind_word(entity), "question": rewritten})
        return Answer(status="clarify", question=question, options=options,
                      message=f"“{mention.text}” could mean more than one thing. Which did you mean?")

    def _only_a_name(self, question: str, p: Parse, lexicon: Lexicon) -> Answer:
        """A question that is only a name ("Leeds", "tell me about Black Country"): not a
        question, but a place to start. One thing so named: its page and questions about it.
        Several: which one, each with a question about it."""
        mention = p.mentions[0]
        alone = all(i in mention.indexes or t.norm in {"the", "a", "an"} for i, t in enumerate(p.tokens))
        candidates = resolve_fuzzy(mention.candidates, mention.scores) if mention.fuzzy else mention.candidates
        if len(candidates) == 1 and not mention.fuzzy:
            entity = candidates[0]
            kind = _kind_word(entity) or "thing"
            message = (f"“{mention.text}” is the name of {_a(kind)} {kind}, not a question. "
                       "Ask something about it, such as one of these." if alone else
                       f"I found the name of {_a(kind)} {kind}, “{mention.text}”, but no question about it "
                       "that I can answer. Try one of these.")
            return Answer(status="refuse", question=question, named=_named(p), message=message,
                          suggestions=about(entity, lexicon, self._readable, today=p.today)
                          or suggest(p, lexicon, self._readable))
        options = [{"label": e.display, "iri": e.iri, "ods_code": e.ods_code, "kind": _kind_word(e),
                    "question": self._question_about(e, lexicon, p.today)}
                   for e in sorted(candidates, key=lambda e: e.label)]
        if mention.fuzzy:
            message = (f"I do not know the name “{mention.text}”, and I found no question about it. "
                       + ("Did you mean this?" if len(options) == 1 else "Did you mean one of these?"))
        else:
            message = ((f"“{mention.text}” is a name, not a question, and it fits more than one thing." if alone
                        else f"I found a name, “{mention.text}”, but no question about it that I can answer, "
                             "and the name fits more than one thing.")
                       + " Which did you mean? Each comes with a question you can ask about it.")
        return Answer(status="clarify", question=question, options=options, message=message)

    def _question_about(self, entity: Entity, lexicon: Lexicon, today: date) -> str:
        """One question that can be answered about this thing alone."""
        found = about(entity, lexicon, self._readable, limit=1, today=today)
        return found[0] if found else _FAMILY_QUESTIONS[_families([entity]).pop()].format(name_for(entity, lexicon))

    @staticmethod
    def _closed_before(reading: Reading, p: Parse) -> Entity | None:
        """A thing the question names that no longer existed on the day asked about (when no day was said)."""
        as_of = reading.params.get("as_of")
        if as_of is None or p.when is not None:
            return None
        return next((e for e in reading.entities.values() if e.end_date and e.end_date < as_of), None)

    def _clarify_closed(self, question: str, entity: Entity) -> Answer:
        """Asked today about something that has closed: as it was on its last day, or today?"""
        from pcgraph.questions.dates import format_day

        last = date.fromisoformat(entity.end_date)
        stripped = question.rstrip(" ?")
        options = [
            {"label": f"As it was on {format_day(last)}, its last day", "iri": entity.iri,
             "ods_code": entity.ods_code, "kind": _kind_word(entity),
             "question": f"{stripped} on {format_day(last)}?"},
            {"label": "Today", "iri": entity.iri, "ods_code": entity.ods_code, "kind": _kind_word(entity),
             "question": f"{stripped} today?"},
        ]
        return Answer(status="clarify", question=question, options=options,
                      message=f"{entity.display} no longer exists: its last day was {format_day(last)}. "
                              "Did you mean as it was then?")

    def _clarify_readings(self, question: str, p: Parse, readings: list[Reading]) -> Answer:
        options = []
        for r in sorted(readings, key=lambda r: r.canonical):
            entity = next(iter(r.entities.values()), None)
            options.append({"label": r.interpretation, "question": r.canonical,
                            "iri": entity.iri if entity else None,
                            "ods_code": entity.ods_code if entity else None,
                            "kind": _kind_word(entity) if entity else None})
        return Answer(status="clarify", question=question, options=options,
                      message="I can read that in more than one way. Which did you mean?")

    def _clarify_number(self, question: str, p: Parse) -> Answer:
        c = p.comparison
        options = []
        for phrase, label in ((f"exactly {c.n}", f"exactly {c.n}"), (f"at least {c.n}", f"{c.n} or more")):
            token_index = next(i for i, t in enumerate(p.tokens) if t.raw == c.text)
            options.append({"label": label, "question": _replace_tokens(question, p, token_index, token_index + 1,
                                                                        phrase)})
        return Answer(status="clarify", question=question, options=options,
                      message=f"Do you mean exactly {c.n}, or {c.n} or more?")

    # --- declining ---------------------------------------------------------------------

    def _refuse_with_reasons(self, question: str, p: Parse, attempts: list[Attempt], lexicon: Lexicon) -> Answer:
        near = [a for a in attempts if a.fits and a.leftover]
        reasons = [a.reason for a in attempts if a.reason and a.fits and not a.leftover
                   and a.reason != Reason.AMBIGUOUS_NUMBER]
        unknown_stems: set[str] = set()
        said = shown_reason(reasons)
        if said is not None and said not in FALLBACK:
            pass  # a kind explains every word and says why it cannot answer: no word went unexplained
        elif near:
            fewest = min(len(a.leftover) for a in near)
            for a in near:
                if len(a.leftover) == fewest:
                    unknown_stems |= a.leftover
        else:
            unknown_stems = p.stems - VOCABULARY
        unknown = p.raw_words(unknown_stems)
        if p.negated and not unknown:
            unknown = [t.raw for t in p.tokens if t.norm in NEGATIONS]
        if unknown:
            message = "I did not understand " + ", ".join(f"“{w}”" for w in unknown) + \
                      " here, so I cannot answer without guessing."
        elif said is not None:
            message = reason_message(said)
        elif not p.mentions and not p.stems:
            message = "I could not find a question there."
        else:
            message = GENERIC
        return self._refuse(question, p, unknown, message, lexicon=lexicon)

    def _refuse(self, question: str, p: Parse | None, unknown: list[str], message: str, *,
                lexicon: Lexicon | None = None) -> Answer:
        lexicon = lexicon or self.lexicon()
        return Answer(status="refuse", question=question, unknown_words=unknown,
                      suggestions=suggest(p, lexicon, self._readable), named=_named(p), message=message)


def _named(p: Parse | None) -> list[dict]:
    """The things a declined question named without doubt (one candidate each), so the
    asker can go to their pages: a bare name is not a question, but it is a place to start."""
    out: list[dict] = []
    for mention in (p.mentions if p is not None else []):
        if len(mention.candidates) == 1 and not mention.fuzzy:
            entity = mention.candidates[0]
            if all(n["iri"] != entity.iri for n in out):
                out.append({"iri": entity.iri, "label": entity.label, "ods_code": entity.ods_code})
    return out


_FAMILY_QUESTIONS = {"collaborative": "Who are the members of {}?", "area": "Which trusts are in {}?",
                     "organisation": "Which collaboratives is {} in?", "function": "Who is accountable for {}?",
                     "person": "What posts does {} hold?",
                     "sector": "Which {} trusts are in no provider collaborative?"}


def _only_a_name(p: Parse) -> bool:
    """Does the question name one thing and say nothing else (beyond words that change nothing)?"""
    return (len(p.mentions) == 1 and not p.counting and p.comparison is None and not p.negated
            and (p.when is None or p.when.is_now) and not (p.stems - HARMLESS))


def _a(words: str) -> str:
    """The article for a kind of thing: "an NHS trust", "a collaborative"."""
    return "an" if words[:1].lower() in "aeiou" or words.startswith("NHS") else "a"


def _families(entities) -> set[str]:
    """Broad kinds of thing, for telling a collaborative from an area from an organisation."""
    out = set()
    for e in entities:
        if e.kinds & {"collaborative", "committee"}:
            out.add("collaborative")
        elif e.kinds & {"icb", "region"}:
            out.add("area")
        elif "organisation" in e.kinds:
            out.add("organisation")
        elif "function" in e.kinds:
            out.add("function")
        elif "person" in e.kinds:
            out.add("person")
        else:
            out.add("sector")
    return out


def _with_corrections(text: str, p: Parse) -> str:
    """The interpretation, saying which misspelt words and names were read as what."""
    notes = [f"“{typed}” as “{fixed}”" for typed, fixed in p.corrections]
    notes += [f"“{m.text}” as {m.candidates[0].label}" for m in p.mentions if m.fuzzy and m.candidates]
    return text + (" (Reading " + "; ".join(notes) + ".)" if notes else "")


def _summary(reading: Reading, rows: list[dict]) -> str:
    if reading.answer == "boolean" and rows:
        return "Yes." if rows[0].get(reading.key) else "No."
    if reading.answer == "count" and rows:
        return f"{rows[0].get(reading.key)}."
    if not rows:
        return "Nothing in the graph matches."
    return f"{len(rows)} result{'s' if len(rows) != 1 else ''}."


def _kind_word(entity: Entity | None) -> str | None:
    if entity is None:
        return None
    for kind, word in (("collaborative", "collaborative"), ("committee", "committee"),
                       ("icb", "integrated care board"), ("trust", "NHS trust"),
                       ("region", "NHS England region"), ("function", "function"), ("sector", "sector"),
                       ("person", "person"), ("organisation", "organisation")):
        if kind in entity.kinds:
            return word
    return None


def _replace(question: str, p: Parse, mention: Mention, name: str) -> str:
    return _replace_tokens(question, p, mention.start, mention.end, name)


def _replace_tokens(question: str, p: Parse, start: int, end: int, text: str) -> str:
    """The question with tokens [start, end) replaced, keeping the rest as typed where possible."""
    if len(fold(question)) == len(question):
        first, last = p.tokens[start], p.tokens[end - 1]
        return question[:first.start] + text + question[last.end:]
    words = [t.raw for t in p.tokens]
    return " ".join(words[:start] + [text] + words[end:]) + "?"


_SERVICES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_SERVICES_LOCK = threading.Lock()


def service_for(store, settings: Settings | None = None) -> QuestionService:
    """The question service for a store (one per store, kept while the store lives)."""
    with _SERVICES_LOCK:
        service = _SERVICES.get(store)
        if service is None:
            service = QuestionService(store, settings)
            _SERVICES[store] = service
        return service


def answer(question: str, store, *, as_of: date | None = None, settings: Settings | None = None) -> Answer:
    """Answer one question against a store; see the module docstring."""
    return service_for(store, settings).answer(question, as_of=as_of)
