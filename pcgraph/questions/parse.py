"""A question taken apart: its dates, counts, names and the words left over.

Nothing here decides what the question asks; it only records what is in it, so that
``pcgraph.questions.kinds`` can check each reading against every word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pcgraph.questions.dates import When, find_when
from pcgraph.questions.lexicon import Lexicon
from pcgraph.questions.linker import Mention, link
from pcgraph.questions.numbers import Comparison, find_comparison
from pcgraph.questions.relations import find as find_relations
from pcgraph.questions.text import Token, expand, stem, tokenize

# Words that carry no meaning a reading has to account for. ("should" is not one: "which trusts
# should be in a collaborative" asks what ought to be, not what is.)
STOPWORDS = frozenset("""
a an the of in on at to for by with from into as and or is are was were be been being am do does did done
has have had having which what who whom whose how it its they them their there that this these those me my
i you your we our us can could would may might please tell show list give find get
display let know want see need any all some also just so then s thank thanks hi hello
ones currently present nhs still yet right exactly actually go going up out id im ive
""".split())

NEGATIONS = frozenset({"not", "no", "none", "without", "never", "outside", "arent", "isnt", "dont", "doesnt",
                       "wasnt", "werent", "havent", "hasnt", "didnt", "nor", "neither", "nothing", "nobody",
                       "lack", "lacks", "lacking", "missing", "absent"})

YES_NO_OPENERS = frozenset({"is", "are", "was", "were", "does", "do", "did", "has", "have", "had", "can"})


@dataclass
class Parse:
    """Everything found in a question, token by token."""

    question: str
    tokens: list[Token]
    today: date
    when: When | None = None
    date_error: str | None = None
    comparison: Comparison | None = None
    counting: bool = False
    negated: bool = False
    yes_no: bool = False
    mentions: list[Mention] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    content: list[tuple[int, str]] = field(default_factory=list)  # (token index, stem)
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (as typed, read as)

    @property
    def stems(self) -> set[str]:
        return {s for _, s in self.content}

    def raw_words(self, stems: set[str]) -> list[str]:
        """The words as typed for the given stems, in question order, without repeats."""
        seen: list[str] = []
        for i, s in self.content:
            if s in stems and self.tokens[i].raw not in seen:
                seen.append(self.tokens[i].raw)
        return seen

    def word_before(self, index: int) -> str | None:
        """The word before a token, skipping articles."""
        index -= 1
        while index >= 0 and self.tokens[index].norm in {"the", "a", "an", "nhs"}:
            index -= 1
        return self.tokens[index].norm if index >= 0 else None


def parse(question: str, lexicon: Lexicon, grammar_words: set[str], today: date,
          known_words: set[str] | None = None) -> Parse:
    """Take a question apart: dates, then counts, then names, then the words left over."""
    tokens = expand(tokenize(question))
    p = Parse(question, tokens, today)
    norms = [t.norm for t in tokens]
    p.yes_no = bool(norms) and norms[0] in YES_NO_OPENERS
    when, date_used, error = find_when(tokens, question, today)
    p.when, p.date_error = when, error
    p.used |= date_used
    # "how many", "number of", "count"
    for i, word in enumerate(norms):
        if word == "many" and i > 0 and norms[i - 1] == "how":
            p.counting = True
            p.used |= {i - 1, i}
        elif word == "number" and i + 1 < len(norms) and norms[i + 1] == "of":
            p.counting = True
            p.used |= {i, i + 1}
        elif word == "count" and i not in p.used and (i == 0 or (i + 1 < len(norms) and norms[i + 1] == "of")):
            # "count the trusts ...", "a count of ..."; not "collaboratives that count RXK as a member".
            p.counting = True
            p.used.add(i)
        elif word == "total" and i + 1 < len(norms) and norms[i + 1] == "number" and i not in p.used:
            p.used.add(i)
    comparison, comp_used = find_comparison(tokens, p.used)
    if comparison is not None:
        p.comparison = comparison
        p.used |= comp_used
    p.mentions = link(tokens, lexicon, p.used, grammar_words | STOPWORDS | NEGATIONS)
    for mention in p.mentions:
        p.used |= mention.indexes
    relation_words, consumed = find_relations(tokens, p.used)
    p.used |= consumed
    for i, token in enumerate(tokens):
        if i in p.used:
            continue
        if i in relation_words:  # "looks after" is read as "cover"
            p.content.append((i, stem(relation_words[i])))
            continue
        if token.norm in NEGATIONS:
            p.negated = True
            continue
        if token.norm in STOPWORDS:
            continue
        word_stem = stem(token.norm)
        if word_stem not in grammar_words and known_words:
            fixed = correct(token.norm, known_words)
            if fixed is not None:
                p.corrections.append((token.raw, fixed))
                word_stem = stem(fixed)
        p.content.append((i, word_stem))
    return p


def correct(word: str, known_words: set[str]) -> str | None:
    """The one known word a misspelt word is close to ("memebrs" -> "members"), if any."""
    if len(word) < 5 or word.isdigit():
        return None
    from rapidfuzz.distance import OSA

    allowed = 1 if len(word) < 8 else 2
    close = {w for w in known_words if abs(len(w) - len(word)) <= allowed and OSA.distance(word, w) <= allowed}
    if len({stem(w) for w in close}) != 1:
        return None
    return min(close)
