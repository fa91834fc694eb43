"""Counts and comparisons read exactly: "more than two" is > 2, "two or more" is >= 2.

A bare number ("trusts in two collaboratives") could mean exactly two or at least two;
it is reported as ambiguous rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from pcgraph.questions.text import Token

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1, "single": 1,
}


@dataclass(frozen=True)
class Comparison:
    """``op`` is one of '>', '>=', '=', '<', '<='; ``ambiguous`` when no comparison word was given."""

    op: str
    n: int
    text: str
    ambiguous: bool = False
    noun: str | None = None  # the word after the number: what is counted ("collaboratives", "members")

    @property
    def at_least(self) -> int | None:
        """The smallest count that satisfies the comparison, for '>' and '>='."""
        if self.op == ">":
            return self.n + 1
        if self.op == ">=":
            return self.n
        return None

    def describe(self) -> str:
        words = {">": "more than", ">=": "at least", "=": "exactly", "<": "fewer than", "<=": "at most"}
        return f"{words[self.op]} {self.n}"

    def describe_with(self, noun: str) -> str:
        """``describe()`` and the noun, singular after 1: "more than 1 collaborative"."""
        return f"{self.describe()} {noun}{'' if self.n == 1 else 's'}"


def _number(token: Token, *, allow_article: bool = False) -> int | None:
    if token.norm.isdigit() and len(token.norm) <= 3:
        return int(token.norm)
    if token.norm in {"a", "an"} and not allow_article:
        return None
    return NUMBER_WORDS.get(token.norm)


# Phrases before a number, as tuples of words, and the comparison each makes.
_BEFORE = [
    (("more", "than"), ">"), (("more", "then"), ">"), (("greater", "than"), ">"), (("over",), ">"),
    (("above",), ">"),
    ((">",), ">"), (("at", "least"), ">="), (("a", "minimum", "of"), ">="), (("minimum", "of"), ">="),
    (("no", "fewer", "than"), ">="), (("not", "fewer", "than"), ">="), (("no", "less", "than"), ">="),
    (("not", "less", "than"), ">="), ((">=",), ">="), (("≥",), ">="), (("exactly",), "="),
    (("precisely",), "="), (("just",), "="), (("only",), "="), (("=",), "="),
    (("fewer", "than"), "<"), (("less", "than"), "<"), (("fewer", "then"), "<"), (("less", "then"), "<"),
    (("under",), "<"), (("below",), "<"), (("<",), "<"),
    (("at", "most"), "<="), (("no", "more", "than"), "<="), (("not", "more", "than"), "<="),
    (("up", "to"), "<="), (("a", "maximum", "of"), "<="), (("maximum", "of"), "<="), (("<=",), "<="),
    (("≤",), "<="),
]
_AFTER = [(("or", "more"), ">="), (("and", "more"), ">="), (("or", "over"), ">="), (("plus",), ">="),
          (("+",), ">="), (("or", "fewer"), "<="), (("or", "less"), "<="), (("and", "fewer"), "<=")]
# Words that mean "more than one" on their own.
_SEVERAL = {"multiple", "several", "various"}


def find_comparison(tokens: list[Token], skip: set[int]) -> tuple[Comparison | None, set[int]]:
    """The first count comparison in the question, the token indexes it used, and what it counts."""
    comparison, used = _find(tokens, skip)
    if comparison is not None:
        after = max(used) + 1
        # "more than one provider collaborative" counts collaboratives; skip a modifier word.
        while after + 1 < len(tokens) and tokens[after].norm in {"provider", "nhs", "different", "separate",
                                                                  "other", "acute", "active"}:
            after += 1
        if after < len(tokens):
            comparison = Comparison(comparison.op, comparison.n, comparison.text, comparison.ambiguous,
                                    tokens[after].norm)
    return comparison, used


def _find(tokens: list[Token], skip: set[int]) -> tuple[Comparison | None, set[int]]:
    norms = [t.norm for t in tokens]
    n = len(tokens)
    for i in range(n):
        if i in skip:
            continue
        if norms[i] in _SEVERAL:
            return Comparison(">", 1, tokens[i].raw), {i}
        for phrase, op in _BEFORE:
            k = len(phrase)
            if tuple(norms[i:i + k]) == phrase and i + k < n and (i + k) not in skip:
                number = _number(tokens[i + k], allow_article=False)
                if number is not None:
                    used = set(range(i, i + k + 1))
                    text = " ".join(t.raw for t in tokens[i:i + k + 1])
                    return Comparison(op, number, text), used
        number = _number(tokens[i])
        if number is not None and norms[i] not in {"a", "an", "one", "single"}:
            for phrase, op in _AFTER:
                k = len(phrase)
                if tuple(norms[i + 1:i + 1 + k]) == phrase:
                    used = set(range(i, i + 1 + k))
                    return Comparison(op, number, " ".join(t.raw for t in tokens[i:i + 1 + k])), used
            return Comparison("=", number, tokens[i].raw, ambiguous=True), {i}
    return None, set()
