"""Relation words: the verbs and phrases people use for the relations pcgraph knows.

A question says "Which ICB *looks after* UHNM?", "Which trusts *work together in* the
Foundation Group?" or "Which trusts *take part in* WYAAT?". Each phrase here is read as
the one word for its relation that the question kinds already explain ("covers", "member",
"participate"), so a new way of saying a relation is one line here, not a new kind of
question. Phrases are matched on word stems, so "looks after", "looking after" and
"looked after" are one entry; a phrase is read only where none of its words belongs to a
name.

    PHRASES          phrase (stems) -> the word it is read as
    RELATION_WORDS   every word of every phrase (words the reader knows)
    find(tokens, used) -> {first token index: the word read, ...}, token indexes consumed
"""

from __future__ import annotations

from pcgraph.questions.text import Token, stem


def _phrases(table: dict[str, str]) -> dict[tuple[str, ...], str]:
    return {tuple(stem(w) for w in phrase.split()): word for phrase, word in table.items()}


# Area: the ICB or region whose area holds an organisation.
# ("serve" is not here: "who serves as chair" is about a post; the area kinds take it as a word.)
_AREA = {"look after": "cover", "oversee": "cover", "take care of": "cover"}
# Membership of a collaborative.
_MEMBERSHIP = {"work together": "member", "work together in": "member", "work through": "member",
               "collaborate": "participate", "collaborate in": "participate", "take part": "participate",
               "take part in": "participate", "sign up": "member", "sign up to": "member", "team up": "member",
               "come together": "member", "come together in": "member", "are signed up": "member"}

# Sharing a collaborative with someone.
_SHARING = {"work alongside": "share", "work with": "share", "sit alongside": "share", "sit with": "share"}

PHRASES: dict[tuple[str, ...], str] = _phrases({**_AREA, **_MEMBERSHIP, **_SHARING})
RELATION_WORDS: frozenset[str] = frozenset(w for phrase in PHRASES for w in phrase)
_LONGEST = max(len(p) for p in PHRASES)


def find(tokens: list[Token], used: set[int]) -> tuple[dict[int, str], set[int]]:
    """The relation phrases in a question, longest first: where each starts and the word it is read as."""
    stems = [stem(t.norm) for t in tokens]
    found: dict[int, str] = {}
    consumed: set[int] = set()
    i = 0
    while i < len(tokens):
        for width in range(min(_LONGEST, len(tokens) - i), 0, -1):
            span = range(i, i + width)
            if any(j in used for j in span):
                continue
            word = PHRASES.get(tuple(stems[i:i + width]))
            if word is not None:
                found[i] = word
                consumed |= set(span) - {i}
                i += width
                break
        else:
            i += 1
    return found, consumed
