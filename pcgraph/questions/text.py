"""Words in, words out: how a question and the graph's names are cut up and compared.

Questions and names go through the same normalisation, so "St George's", "st georges"
and "ST. GEORGE'S" meet in the middle. Each token keeps the text the person typed,
because capitals matter for a few things (an ODS code such as RAT is also a word).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|[+<>=≥≤]+")
_APOSTROPHE = re.compile(r"['’]")


@dataclass(frozen=True)
class Token:
    """One word of a question: its normalised form, what was typed, and where."""

    norm: str
    raw: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.raw[:1].isupper()

    @property
    def upper(self) -> bool:
        return self.raw.isupper() or any(c.isdigit() for c in self.raw)


def fold(text: str) -> str:
    """Lower case, accents removed, '&' read as 'and', dashes and dots as spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("&", " and ")
    return text


def _norm_word(word: str) -> str:
    word = word.lower()
    # "George's" -> "george", "Trusts'" -> "trusts": possessives carry no meaning here.
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return _APOSTROPHE.sub("", word)


def tokenize(text: str) -> list[Token]:
    """Split a question (or a name) into tokens, keeping the typed text and offsets."""
    folded = fold(text)
    tokens = []
    for match in _TOKEN.finditer(folded):
        raw = match.group(0)
        norm = _norm_word(raw)
        if norm:
            tokens.append(Token(norm, _APOSTROPHE.sub("", raw[:-2] if raw.lower().endswith(("'s", "’s")) else raw),
                                match.start(), match.end()))
    return tokens


# Short forms of NHS geographies, read as the words they stand for (in names and questions alike).
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "nwl": ("north", "west", "london"), "ncl": ("north", "central", "london"), "nel": ("north", "east", "london"),
    "sel": ("south", "east", "london"), "swl": ("south", "west", "london"), "gm": ("greater", "manchester"),
    "wy": ("west", "yorkshire"), "sy": ("south", "yorkshire"), "hny": ("humber", "and", "north", "yorkshire"),
    "nenc": ("north", "east", "and", "north", "cumbria"), "mse": ("mid", "and", "south", "essex"),
    "blmk": ("bedfordshire", "luton", "and", "milton", "keynes"), "hiow": ("hampshire", "and", "isle", "of", "wight"),
    "bsol": ("birmingham", "and", "solihull"), "llr": ("leicester", "leicestershire", "and", "rutland"),
}


def expand(tokens: list[Token]) -> list[Token]:
    """Tokens with geography abbreviations ("NWL") spelt out; the typed text is kept."""
    out: list[Token] = []
    for token in tokens:
        expansion = ABBREVIATIONS.get(token.norm)
        if expansion is None:
            out.append(token)
        else:
            out.extend(Token(word, token.raw, token.start, token.end) for word in expansion)
    return out


def words(text: str) -> tuple[str, ...]:
    """The normalised words of a name, for use as a lookup key."""
    return tuple(t.norm for t in expand(tokenize(text)))


def stem(word: str) -> str:
    """A crude stem, applied alike to the vocabulary and to questions.

    It only has to make "delegated", "delegates" and "delegation's" meet "delegate";
    it does not have to be good English.
    """
    w = word.lower()
    if len(w) <= 3:
        return w
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                continue
            w = w[: len(w) - len(suffix)] + replacement
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w
