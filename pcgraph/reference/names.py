"""Readable names: ODS writes names in capitals; people read mixed case.

``readable("THE DUDLEY GROUP NHS FOUNDATION TRUST")`` gives "The Dudley Group NHS
Foundation Trust". Where another source spells the same name in mixed case (the CC0
trust list), that spelling wins: ``same_name`` decides whether two spellings agree.
"""

from __future__ import annotations

import re

_KEEP_UPPER = {"NHS", "ICB", "CCG", "UK", "GP", "CIC", "II", "III", "NHSE"}
_SMALL = {"and", "of", "the", "for", "in", "on", "upon", "at", "with", "to", "a", "by"}
_PIECES = re.compile(r"([-/(])")


def _word(word: str, first: bool) -> str:
    if not word:
        return word
    bare = word.strip(",.()")
    if bare.upper() in _KEEP_UPPER and bare.isupper():
        return word
    lower = word.lower()
    if not first and lower in _SMALL:
        return lower
    pieces = _PIECES.split(lower)
    return "".join(p[:1].upper() + p[1:] if p and p not in "-/(" else p for p in pieces)


def readable(name: str) -> str:
    """Mixed case for an upper-case name, keeping acronyms such as NHS and ICB."""
    words = re.sub(r"\s+", " ", name.strip()).split(" ")
    return " ".join(_word(w, i == 0) for i, w in enumerate(words))


def _normal(name: str) -> str:
    text = name.upper().replace("&", " AND ")
    text = re.sub(r"[^A-Z0-9 ]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def same_name(a: str, b: str) -> bool:
    """True when two spellings differ only in case, punctuation or '&' for 'and'."""
    return _normal(a) == _normal(b)
