"""Questions pcgraph can answer, offered when it declines one: close to what was asked,
filled in with the things the question named or the things the graph knows most about."""

from __future__ import annotations

import re
from datetime import date

from pcgraph.questions.grammar import HARMLESS
from pcgraph.questions.kinds import KIND_WORDS, KINDS
from pcgraph.questions.lexicon import Entity, Lexicon
from pcgraph.questions.linker import resolve_fuzzy
from pcgraph.questions.parse import Parse
from pcgraph.questions.text import words


GENERAL_SUGGESTIONS = [
    "Who are the members of {collaborative}?",
    "Which trusts are in more than one collaborative?",
    "What has {icb} delegated, and to whom?",
]


def name_for(entity: Entity, lexicon: Lexicon) -> str:
    """A name that links back to this entity alone."""
    if len({a.iri for a in lexicon.lookup(words(entity.label)) if a.how in {"label", "code"}}) == 1:
        return entity.label
    return entity.ods_code or entity.label


def suggest(p: Parse | None, lexicon: Lexicon, readable=None, limit: int = 3) -> list[str]:
    """Questions pcgraph can answer that are close to what was asked.

    Kinds sharing words with the question, or with a place for each thing it named,
    come first; their example questions are filled in with the things named, or with
    the things the graph knows most about.
    """
    present = p.stems if p is not None else set()
    # Only names that pick out one thing: questions about one of several Leeds trusts would be a guess.
    named = [m.candidates[0] for m in (p.mentions if p is not None else [])
             if len(resolve_fuzzy(m.candidates, m.scores) if m.fuzzy else m.candidates) == 1]
    # Words not understood and nothing named: the words may be a name pcgraph does not know,
    # so a question about some other thing in their place would look like a guess at it.
    unnamed = not named and bool(present - KIND_WORDS - HARMLESS)
    scored = []
    for index, kind in enumerate(KINDS):
        if unnamed and re.search(r"\{\w+\}", kind.example):
            continue
        overlap = len(present & kind.vocabulary)
        placed = sum(1 for e in named if any(e.kinds & slot.kinds for slot in kind.slots))
        unplaced = len(named) - placed
        empty = sum(1 for slot in kind.slots if slot.required and not any(e.kinds & slot.kinds for e in named))
        score = 2 * overlap + 3 * placed - 2 * unplaced - (2 * empty if named else 0)
        if score > 0:
            scored.append((-score, index, kind))
    scored.sort(key=lambda t: (t[0], t[1]))
    out: list[str] = []
    for template in [k.example for _, _, k in scored] + GENERAL_SUGGESTIONS:
        filled = _fill(template, named, lexicon)
        if filled and filled not in out and (readable is None or readable(filled)):
            out.append(filled)
        if len(out) >= limit:
            break
    return out


# Questions about one thing alone, by what it is (the first kind it has, in this order).
ABOUT: list[tuple[str, tuple[str, ...]]] = [
    ("collaborative", ("Who are the members of {}?", "How is {} governed?", "What has been delegated to {}?")),
    ("committee", ("What has been delegated to {}?", "Who chairs {}?")),
    ("region", ("Which trusts are in {}?", "Which collaboratives are in {}?")),
    ("icb", ("Which trusts are in {}?", "Which collaboratives are in {}?", "What has {} delegated, and to whom?")),
    ("national", ("What has {} delegated, and to whom?",)),
    ("organisation", ("Which collaboratives is {} in?", "Which ICB is {} in?", "Who chairs {}?")),
    ("function", ("Who is accountable for {}?", "Who has been delegated {}?")),
    ("person", ("What posts does {} hold?",)),
    ("sector", ("Which {} trusts are in no provider collaborative?",)),
]


def about(entity: Entity, lexicon: Lexicon, readable=None, limit: int = 3, today: date | None = None) -> list[str]:
    """Questions that can be asked about this one thing, for a question that only named it
    (about an organisation that has closed: what became of it)."""
    templates = next((t for kind, t in ABOUT if kind in entity.kinds), ())
    if entity.end_date and entity.end_date < (today or date.today()).isoformat() and "organisation" in entity.kinds:
        templates = ("What replaced {}?", "What is the history of {}?") + templates
    out: list[str] = []
    for template in templates:
        filled = template.format(name_for(entity, lexicon) if "sector" not in entity.kinds else entity.label.lower())
        if filled not in out and (readable is None or readable(filled)):
            out.append(filled)
        if len(out) >= limit:
            break
    return out


_SLOT_KINDS = {"collaborative": {"collaborative"}, "other": {"collaborative"},
               "organisation": {"trust", "icb", "national", "organisation"},
               "icb": {"icb"}, "area": {"icb", "region"}, "region": {"region"}, "delegator": {"icb", "national"},
               "delegate": {"trust", "collaborative"}, "function": {"function"}, "person": {"person"}}
_EXEMPLAR_FOR = {"other": "collaborative", "area": "region"}


def _fill(template: str, named: list[Entity], lexicon: Lexicon) -> str | None:
    used: set[str] = set()
    out = template
    for slot in re.findall(r"\{(\w+)\}", template):
        kinds = _SLOT_KINDS.get(slot, {"organisation"})
        choice = next((e for e in named if e.kinds & kinds and e.iri not in used), None)
        if choice is None:
            iri = lexicon.exemplars.get(_EXEMPLAR_FOR.get(slot, slot))
            choice = lexicon.entities.get(iri) if iri and iri not in used else None
        if choice is None:
            pool = sorted((e for e in lexicon.entities.values() if e.kinds & kinds and e.iri not in used
                           and not e.end_date), key=lambda e: e.label)
            if not pool:
                return None
            choice = pool[0]
        used.add(choice.iri)
        out = out.replace("{" + slot + "}", name_for(choice, lexicon), 1)
    return out
