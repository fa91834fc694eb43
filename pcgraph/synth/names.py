"""Plausible English place names and the names of bodies built from them.

Names are made from syllables so that they read like real places without naming any
real one; a synthetic trust is recognisable by its IRI and ODS-shaped code, not its name.
"""

from __future__ import annotations

import random

_HEADS = (
    "Ash", "Bram", "Brock", "Cal", "Carr", "Dun", "Elm", "Fen", "Gor", "Hal", "Hart",
    "Ken", "Lang", "Mar", "Mel", "Nor", "Oak", "Pen", "Rad", "Rook", "Sel", "Stan",
    "Thorn", "Wex", "Wyn", "Yar", "Alder", "Bever", "Cray", "Dray", "Fal", "Glen",
    "Hol", "Kirk", "Lyn", "Mill", "Ned", "Orm", "Pol", "Quen", "Rother", "Sand", "Tad",
    "Ux", "Vale", "Whit", "Ald", "Bel", "Cog", "Dor",
)
_TAILS = (
    "bury", "ford", "ham", "ley", "mouth", "ton", "wick", "field", "stead", "dale",
    "borough", "minster", "port", "well", "worth", "by", "caster", "cliffe", "combe",
    "hurst", "mere", "moor", "shaw", "stow", "thorpe",
)
_QUARTERS = ("North", "South", "East", "West", "Mid", "Greater", "Upper", "Lower")


class NameSource:
    """Draws place names from one random stream, avoiding repeats within a nation."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._used: set[str] = set()

    def place(self) -> str:
        for _ in range(50):
            name = self._rng.choice(_HEADS) + self._rng.choice(_TAILS)
            if self._rng.random() < 0.15:
                name = f"{self._rng.choice(_QUARTERS)} {name}"
            if name not in self._used:
                self._used.add(name)
                return name
        # The syllable space is large; after 50 clashes fall back to a numbered name.
        name = f"{self._rng.choice(_HEADS)}{self._rng.choice(_TAILS)} {len(self._used)}"
        self._used.add(name)
        return name


def acronym(label: str) -> str:
    """Initials of a body's name, the way trusts abbreviate themselves (ESNEFT, SaTH)."""
    skip = {"and", "of", "the", "for", "nhs", "trust", "foundation"}
    letters = [w[0] for w in label.replace("'", "").split() if w.lower() not in skip and w[0].isalpha()]
    tail = "FT" if "Foundation Trust" in label else ("T" if label.endswith("Trust") else "")
    return ("".join(letters) + tail).upper()


TRUST_PATTERNS = {
    "Acute": ("{p} Hospitals", "{p} and {q} Hospitals", "University Hospitals of {p}", "{p} General Hospital",
              "{p} Teaching Hospitals"),
    "MentalHealth": ("{p} Partnership", "{p} and {q} Mental Health", "{p} Health and Care Partnership",
                     "{p} Mental Health and Wellbeing"),
    "Specialist": ("{p} Children's Hospital", "{p} Heart and Chest Hospital", "The {p} Cancer Centre",
                   "Royal {p} Orthopaedic Hospital", "{p} Eye Hospital"),
    "Community": ("{p} Community Healthcare", "{p} and {q} Community Health Services"),
    "Ambulance": ("{p} Ambulance Service",),
}


def trust_name(rng: random.Random, names: NameSource, sector: str, foundation: bool) -> str:
    pattern = rng.choice(TRUST_PATTERNS[sector])
    base = pattern.format(p=names.place(), q=names.place())
    return f"{base} NHS {'Foundation ' if foundation else ''}Trust"
