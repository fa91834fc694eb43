"""How a question kind is described, and how a parsed question is checked against one.

A ``Kind`` says which things it needs named (slots, by kind of entity), which words must
appear (cue groups: one word of each), which other words it can explain, and whether
it takes a count comparison, "how many", a negation or a date. A reading is accepted
only when every content word of the question is explained by the kind or is one of a
few harmless words; anything else is reported as not understood.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from pcgraph.questions.lexicon import Entity
from pcgraph.questions.linker import Mention, resolve_fuzzy
from pcgraph.questions.parse import Parse
from pcgraph.questions.text import stem
from pcgraph.questions.reasons import Reason

PC = "https://w3id.org/pcgraph/ontology#"

# Words any question may use without changing what it asks.
HARMLESS = frozenset(stem(w) for w in """
currently today now moment present please list name names give tell england english there
also exactly precisely actually like anything anyone ods code codes about
""".split())


# Every word the grammar knows, as written, for correcting misspelt question words.
KNOWN_WORDS: set[str] = set()


def stems(text: str) -> frozenset[str]:
    KNOWN_WORDS.update(w for w in text.split() if len(w) >= 4)
    return frozenset(stem(w) for w in text.split())


@dataclass(frozen=True)
class Slot:
    """A thing a kind needs named: ``kinds`` are the entity kinds it accepts."""

    name: str
    kinds: frozenset[str]
    required: bool = True


@dataclass
class Reading:
    """One way of answering a question: a canned query with its parameters, in words."""

    kind: str
    query: str
    params: dict[str, str]
    interpretation: str
    canonical: str
    key: str | None = None
    columns: list[str] | None = None
    answer: str = "list"  # list, count, boolean, table
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: dict[str, Mention] = field(default_factory=dict)
    specificity: int = 0

    @property
    def signature(self) -> tuple:
        return (self.query, tuple(sorted(self.params.items())))


@dataclass
class Match:
    """What a kind's builder gets: the parse, the entity in each slot, and the day to look at."""

    parse: Parse
    slots: dict[str, Entity]
    mentions: dict[str, Mention]
    today: date
    default_as_of: date

    @property
    def as_of(self) -> date:
        if self.parse.when is not None:
            return self.parse.when.as_of(self.today)
        return self.default_as_of

    def has(self, *words: str) -> bool:
        wanted = {stem(w) for w in words}
        return bool(wanted & self.parse.stems)

    def word_index(self, *words: str) -> int | None:
        wanted = {stem(w) for w in words}
        for i, s in self.parse.content:
            if s in wanted:
                return i
        return None


Builder = Callable[[Match], "Reading | Reason | None"]


@dataclass(frozen=True)
class Kind:
    """A kind of question pcgraph can answer."""

    name: str
    slots: tuple[Slot, ...]
    cues: tuple[frozenset[str], ...]
    words: frozenset[str]
    build: Builder
    example: str
    comparison: str = "forbid"  # forbid, require, allow
    counting: bool = False
    negated: bool | None = False  # None: with or without "no"/"not"
    yes_no: bool = False
    dated: str = "as_of"  # as_of, span, none
    requires: Callable[[set[str]], bool] | None = None  # a further test of the question's stems (a whole phrase)

    @property
    def vocabulary(self) -> frozenset[str]:
        out = set(self.words)
        for group in self.cues:
            out |= group
        return frozenset(out)


@dataclass
class Attempt:
    """What came of trying one kind on one question."""

    kind: Kind
    readings: list[Reading] = field(default_factory=list)
    ambiguous: list[tuple[Mention, list[Entity], dict[str, Entity]]] = field(default_factory=list)
    leftover: set[str] = field(default_factory=set)
    reason: Reason | None = None  # why a kind that fits gave no reading
    fits: bool = False  # cues, slots and switches fit (words may be left over)


def try_kind(kind: Kind, p: Parse, today: date, default_as_of: date) -> Attempt:
    """Check one kind against a parsed question; build its readings when everything fits."""
    attempt = Attempt(kind)
    if kind.counting != p.counting or (kind.negated is not None and kind.negated != p.negated):
        return attempt
    if kind.yes_no and not p.yes_no:
        return attempt
    if kind.comparison == "forbid" and p.comparison is not None:
        return attempt
    if kind.comparison == "require" and p.comparison is None:
        return attempt
    question_stems = p.stems
    for group in kind.cues:
        if not group & question_stems:
            return attempt
    if kind.requires is not None and not kind.requires(question_stems):
        return attempt
    assignments = list(_assignments(p.mentions, kind.slots))
    if not assignments:
        return attempt
    attempt.fits = True
    attempt.leftover = question_stems - kind.vocabulary - HARMLESS
    if attempt.leftover:
        return attempt
    if p.when is not None and kind.dated == "none" and not p.when.is_now:
        attempt.reason = Reason.DATE_NOT_USED
        return attempt
    for assignment in assignments:
        chosen: dict[str, Entity] = {}
        mentions: dict[str, Mention] = {}
        unresolved = None
        day = p.when.as_of(today) if p.when is not None else default_as_of
        for slot_name, (mention, entities) in assignment.items():
            mentions[slot_name] = mention
            if len(entities) > 1 and mention.tier >= 3:
                # A short name ("Dudley") means the one of its bearers that exists on the day asked about.
                existing = [e for e in entities if not e.end_date or e.end_date >= day.isoformat()]
                if existing:
                    entities = existing
            if len(entities) == 1:
                chosen[slot_name] = entities[0]
            else:
                unresolved = (slot_name, mention, entities)
        if unresolved is not None:
            slot_name, mention, entities = unresolved
            attempt.ambiguous.append((mention, entities, chosen))
            continue
        result = kind.build(Match(p, chosen, mentions, today, default_as_of))
        if result is None:  # the kind's words are there, but not a question of this kind
            continue
        if isinstance(result, str):
            attempt.reason = result
            continue
        result.specificity = (len(kind.cues) + len(chosen) + (p.comparison is not None) + p.counting
                              + (p.negated and kind.negated is not None) + kind.yes_no + result.specificity)
        result.entities = chosen
        result.mentions = mentions
        attempt.readings.append(result)
    return attempt


def _assignments(mentions: list[Mention], slots: tuple[Slot, ...]):
    """Every way of putting each mention in its own slot of a kind it could be.

    Yields ``{slot name: (mention, entities that fit)}``. Slots accepting the same kinds
    are filled in the order the question names things.
    """
    if len(mentions) > len(slots):
        return
    for chosen in itertools.permutations(range(len(slots)), len(mentions)):
        result = {}
        ok = True
        for mention, slot_index in zip(mentions, chosen):
            slot = slots[slot_index]
            entities = mention.restrict(set(slot.kinds))
            if mention.fuzzy:
                entities = resolve_fuzzy(entities, mention.scores)
            if not entities:
                ok = False
                break
            result[slot.name] = (mention, entities)
        if not ok:
            continue
        filled = set(result)
        if any(s.required and s.name not in filled for s in slots):
            continue
        # Same-kind slots follow the order of the question.
        order = [slots[i] for i in chosen]
        for a, b in itertools.combinations(range(len(order)), 2):
            if order[a].kinds == order[b].kinds and chosen[a] > chosen[b]:
                ok = False
        if ok:
            yield result
