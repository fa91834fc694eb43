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
from pcgraph.questions.text import Token, expand, stem, tokenize

# Words that carry no meaning a reading has to account for.
STOPWORDS = frozenset("""
a an the of in on at to for by with from into as and or is are was were be been being am do does did done
has have had having which what who whom whose how it its they them their there that this these those me my
i you your we our us can could would will shall should may might please tell show list give find get
display let know want see like need any all some each every also just so then s thank thanks hi hello
ones currently present nhs still yet ever right exactly actually go going look looking up out both
""".split())

NEGATIONS = frozenset({"not", "no", "none", "without", "never", "outside", "arent", "isnt", "dont", "doesnt",
                       "wasnt", "werent", "havent", "hasnt", "didnt", "nor", "neither", "nothing", "nobody"})

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
        return self.tokens[index - 1].norm if index > 0 else None


def parse(question: str, lexicon: Lexicon, grammar_words: set[str], today: date) -> Parse:
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
        elif word in {"count", "total"} and i not in p.used:
            p.counting = True
            p.used.add(i)
    comparison, comp_used = find_comparison(tokens, p.used)
    if comparison is not None:
        p.comparison = comparison
        p.used |= comp_used
    p.mentions = link(tokens, lexicon, p.used, grammar_words | STOPWORDS)
    for mention in p.mentions:
        p.used |= mention.indexes
    for i, token in enumerate(tokens):
        if i in p.used:
            continue
        if token.norm in NEGATIONS:
            p.negated = True
            continue
        if token.norm in STOPWORDS:
            continue
        p.content.append((i, stem(token.norm)))
    return p
