"""Find the things a question names: exact names first, then fuzzy matching on what is left.

Exact matching takes the longest run of words that is a known name (a label, an
alternative label, an ODS or ONS code, or a name's core). A word the question grammar
uses ("member", "provide") counts as a name only when typed with a capital or as a code,
so "which trusts provide ..." does not become "Provide CIC".
A type word next to a name ("Black Country *ICB*", "the Black Country *collaborative*")
narrows the candidates. Fuzzy matching (rapidfuzz) runs only on words nothing else
explained, and keeps a candidate only with a clear lead over the next one; a near tie
stays a tie, for the caller to turn into a clarifying question.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from pcgraph.questions.lexicon import Entity, Lexicon
from pcgraph.questions.text import Token, stem

FUZZY_MIN_SCORE = 86.0
FUZZY_MIN_GAP = 5.0
FUZZY_MIN_CHARS = 5
MAX_REPAIR_TRIES = 30  # fuzzy look-ups per question when repairing misspelt names

# Type words that may follow (or, for "NHS", precede) a name, and the kinds they allow.
TYPE_WORDS: list[tuple[tuple[str, ...], set[str]]] = [
    (("nhs", "foundation", "trust"), {"trust"}), (("foundation", "trust"), {"trust"}),
    (("nhs", "trust"), {"trust"}), (("nhs", "ft"), {"trust"}), (("trust",), {"trust"}), (("ft",), {"trust"}),
    (("integrated", "care", "board"), {"icb"}), (("integrated", "care", "system"), {"icb"}),
    (("icb", "area"), {"icb"}), (("icb",), {"icb"}), (("ics",), {"icb"}),
    (("provider", "collaborative"), {"collaborative"}), (("collaborative",), {"collaborative"}),
    (("provider", "collaboratives"), {"collaborative"}), (("collaboratives",), {"collaborative"}),
    (("region",), {"region"}), (("community", "interest", "company"), {"organisation"}),
    (("hospital",), {"trust"}), (("hospitals",), {"trust"}),
    (("cic",), {"organisation"}),
]
_BRIDGES = {"and", "of", "the", "st", "upon", "on"}


@dataclass
class Mention:
    """A stretch of the question that names something, with every entity it could be."""

    start: int
    end: int  # exclusive, includes absorbed type words
    text: str
    candidates: list[Entity]
    scores: dict[str, float] = field(default_factory=dict)
    fuzzy: bool = False
    type_hint: set[str] | None = None
    tier: int = 0  # 0 a full name or code, 1 a name's core, 2 an alternative name, 3 a short name

    @property
    def loose(self) -> bool:
        """Named only loosely: by a core, short or misspelt name, with no type word beside it."""
        return (self.fuzzy or self.tier >= 1) and self.type_hint is None

    @property
    def indexes(self) -> set[int]:
        return set(range(self.start, self.end))

    def restrict(self, kinds: set[str]) -> list[Entity]:
        return [e for e in self.candidates if e.kinds & kinds]


def _ordinary(norm: str, grammar_words: set[str]) -> bool:
    """Is this a word the question grammar uses (as typed or as a stem)?"""
    return norm in grammar_words or stem(norm) in grammar_words


def _type_word_at(norms: list[str], i: int) -> tuple[int, set[str]] | None:
    for phrase, kinds in TYPE_WORDS:
        if tuple(norms[i:i + len(phrase)]) == phrase:
            return len(phrase), kinds
    return None


_TIERS = ({"label", "code"}, {"core"}, {"alt", "altcore"})


def _rank(aliases) -> list[str]:
    """Entity IRIs for a name: a full label or code outranks the core of a label, which
    outranks an alternative label, which outranks a short name ("Dudley")."""
    return _ranked(aliases)[1]


def _ranked(aliases) -> tuple[int, list[str]]:
    for index, tier in enumerate(_TIERS):
        found = {a.iri for a in aliases if a.how in tier}
        if found:
            return index, sorted(found)
    return len(_TIERS), sorted({a.iri for a in aliases})


def link(tokens: list[Token], lexicon: Lexicon, skip: set[int], grammar_words: set[str]) -> list[Mention]:
    """Exact mentions, longest first, left to right; then fuzzy ones on the leftover words."""
    norms = [t.norm for t in tokens]
    n = len(tokens)
    mentions: list[Mention] = []
    taken: set[int] = set(skip)
    i = 0
    while i < n:
        if i in taken:
            i += 1
            continue
        found = None
        for width in range(min(lexicon.max_len, n - i), 0, -1):
            span = range(i, i + width)
            if any(j in taken for j in span):
                continue
            aliases = lexicon.lookup(tuple(norms[i:i + width]))
            if not aliases:
                continue
            if not _plausible(tokens, i, width, aliases, grammar_words):
                continue
            found = (width, aliases)
            break
        if found is None:
            i += 1
            continue
        width, aliases = found
        tier, iris = _ranked(aliases)
        candidates = [lexicon.entities[iri] for iri in iris]
        longer = _name_beginning(tokens, i, width, lexicon, taken, grammar_words)
        if longer is not None:
            width, candidates, tier = longer[0], [longer[1]], 3
        mention = Mention(i, i + width, _raw(tokens, i, i + width), candidates, tier=tier)
        _absorb_type_words(mention, norms, taken, n, lexicon)
        mentions.append(mention)
        taken |= mention.indexes
        i = mention.end
    mentions.extend(_fuzzy(tokens, lexicon, taken, grammar_words))
    mentions.sort(key=lambda m: m.start)
    mentions = _repair(tokens, lexicon, mentions, skip, grammar_words)
    return _merge_adjacent(mentions)


def _name_beginning(tokens: list[Token], i: int, width: int, lexicon: Lexicon, taken: set[int],
                    grammar_words: set[str]) -> tuple[int, Entity] | None:
    """A longer run of name words that begins exactly one trust's or collaborative's name.

    "South West London and St Georges" is the start of South West London and St George's
    Mental Health NHS Trust, though "South West London" alone is an ICB: at least three
    words, two more than the shorter name found, and only one thing so named.
    """
    norms = [t.norm for t in tokens]
    end = i + width
    while end < len(tokens) and end not in taken and (norms[end] in _BRIDGES
                                                       or not _ordinary(norms[end], grammar_words)):
        end += 1
    for stop in range(end, i + width + 1, -1):
        if stop - i < 3 or norms[stop - 1] in _BRIDGES:
            continue
        key = tuple(norms[i:stop])
        found = {e.iri: e for kind in ("trust", "collaborative") for e in lexicon.beginning_with(key, kind)}
        if len(found) == 1:
            return stop - i, next(iter(found.values()))
        if found:
            return None
    return None


def _merge_adjacent(mentions: list[Mention]) -> list[Mention]:
    """Two names side by side that can only mean one thing together ("Black Country" +
    "Acute Care Collaborative") are one mention."""
    out: list[Mention] = []
    for mention in mentions:
        if out and out[-1].end == mention.start and all("national" in e.kinds for e in out[-1].candidates) \
                and mention.candidates and all("region" in e.kinds for e in mention.candidates):
            # "NHS England London region" is the region.
            previous = out.pop()
            mention = Mention(previous.start, mention.end, f"{previous.text} {mention.text}", mention.candidates,
                              type_hint=mention.type_hint, tier=mention.tier)
        if out and out[-1].end == mention.start and not mention.fuzzy and not out[-1].fuzzy:
            shared = [e for e in out[-1].candidates if e in mention.candidates]
            if shared:
                previous = out.pop()
                mention = Mention(previous.start, mention.end, f"{previous.text} {mention.text}", shared,
                                  type_hint=mention.type_hint or previous.type_hint)
        out.append(mention)
    return out


def _repair(tokens: list[Token], lexicon: Lexicon, mentions: list[Mention], skip: set[int],
            grammar_words: set[str]) -> list[Mention]:
    """A misspelt word beside a name ("Acute Hospitals Aliance", "West Yorkshire Asociation of
    Acute Trusts") may be part of one longer name: try the stretches around it, fuzzily."""
    norms = [t.norm for t in tokens]
    n = len(tokens)
    owner = {i: m for m in mentions for i in m.indexes}
    unknown = [i for i in range(n) if i not in owner and i not in skip and len(norms[i]) >= 4
               and not _ordinary(norms[i], grammar_words)]
    tries = 0
    for i in unknown:
        if i in owner or tries > MAX_REPAIR_TRIES:
            continue
        best: tuple[float, int, int, dict[str, float]] | None = None
        for a in range(max(0, i - 6), i + 1):
            for b in range(i + 1, min(n, i + 7) + 1):
                span = range(a, b)
                if any(j in skip for j in span):
                    continue
                # Whole mentions only, and the stretch must start and end on a word of a name.
                if any(j in owner and (owner[j].start < a or owner[j].end > b) for j in span):
                    continue
                if norms[a] in _BRIDGES or norms[b - 1] in _BRIDGES:
                    continue
                # Only stretches that take in a name already found or a word of the grammar
                # ("Foundation Grop"): the fuzzy pass has tried runs of unknown words alone.
                if not any(j in owner or (j != i and _ordinary(norms[j], grammar_words)) for j in span):
                    continue
                tries += 1
                if tries > MAX_REPAIR_TRIES:
                    break
                text = " ".join(norms[a:b])
                if len(text) < FUZZY_MIN_CHARS:
                    continue
                scores, choice = _scores(text, lexicon, with_choice=True)
                if not scores:
                    continue
                top = max(scores.values())
                # The misspelt word must resemble a word of the name it is read as.
                if not any(fuzz.ratio(norms[i], word) >= 75 for word in choice.split()):
                    continue
                if top >= FUZZY_MIN_SCORE and (best is None or (top, b - a) > (best[0], best[2] - best[1])):
                    best = (top, a, b, scores)
        if best is None:
            continue
        _, a, b, scores = best
        candidates = sorted((lexicon.entities[iri] for iri in scores), key=lambda e: -scores[e.iri])
        mention = Mention(a, b, _raw(tokens, a, b), candidates, scores=scores, fuzzy=True)
        mentions = [m for m in mentions if m.end <= a or m.start >= b] + [mention]
        mentions.sort(key=lambda m: m.start)
        owner = {j: m for m in mentions for j in m.indexes}
    return mentions


def _scores(text: str, lexicon: Lexicon, with_choice: bool = False):
    """Best fuzzy score per entity for a stretch of words (and the best name matched)."""
    # One quick look for anything close enough before collecting every near name.
    if process.extractOne(text, lexicon.choices(), scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE) is None:
        return ({}, "") if with_choice else {}
    matches = process.extract(text, lexicon.choices(), scorer=fuzz.ratio, limit=12,
                              score_cutoff=FUZZY_MIN_SCORE - FUZZY_MIN_GAP)
    # A word spelt right is not a misspelling of another: "north east" is not North West.
    spelt = {w for w in text.split() if len(w) >= 3 and w in lexicon.name_words()}
    matches = [m for m in matches if spelt <= set(m[0].split())]
    scores: dict[str, float] = {}
    for choice, score, _ in matches:
        for iri in _rank(lexicon.lookup(tuple(choice.split()))):
            scores[iri] = max(scores.get(iri, 0.0), score)
    if with_choice:
        return scores, (matches[0][0] if matches else "")
    return scores


def _plausible(tokens: list[Token], i: int, width: int, aliases, grammar_words: set[str]) -> bool:
    """Is this run of words really a name here, rather than ordinary words of the question?"""
    span = tokens[i:i + width]
    if any(a.how in {"label", "alt"} for a in aliases) and width > 1:
        return True
    if not all(_ordinary(t.norm, grammar_words) for t in span):
        return True
    # Every word is one the grammar uses: only a code in capitals, or a capitalised name
    # that does not open the sentence, counts.
    if all(a.how == "code" for a in aliases):
        return all(t.raw.isupper() for t in span)
    return all(t.capitalised for t in span) and (i > 0 or all(t.raw.isupper() and len(t.raw) > 1 for t in span))


def _absorb_type_words(mention: Mention, norms: list[str], taken: set[int], n: int, lexicon: Lexicon) -> None:
    j = mention.end
    if j < n and j not in taken:
        hit = _type_word_at(norms, j)
        if hit is not None:
            width, kinds = hit
            narrowed = [e for e in mention.candidates if e.kinds & kinds]
            if not narrowed and kinds == {"collaborative"} and not mention.fuzzy:
                # "the Mid and South Essex collaborative": a collaborative whose name begins so.
                narrowed = lexicon.beginning_with(tuple(norms[mention.start:mention.end]), "collaborative")
                if narrowed:
                    mention.tier = max(mention.tier, 3)
            if narrowed and not any(k in taken for k in range(j, j + width)):
                mention.candidates = narrowed
                mention.type_hint = kinds
                mention.end = j + width
    # "NHS Dudley", "the NHS Black Country ICB"
    k = mention.start - 1
    if k >= 0 and k not in taken and norms[k] == "nhs":
        mention.start = k


def _raw(tokens: list[Token], start: int, end: int) -> str:
    return " ".join(t.raw for t in tokens[start:end])


def _fuzzy(tokens: list[Token], lexicon: Lexicon, taken: set[int], grammar_words: set[str]) -> list[Mention]:
    """Mentions for runs of unexplained words that closely resemble one known name."""
    norms = [t.norm for t in tokens]
    n = len(tokens)
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if i in taken or _ordinary(norms[i], grammar_words) or norms[i] in _BRIDGES:
            i += 1
            continue
        j = i + 1
        while j < n and j not in taken:
            if norms[j] in _BRIDGES and j + 1 < n and j + 1 not in taken \
                    and not _ordinary(norms[j + 1], grammar_words):
                j += 2
                continue
            if _ordinary(norms[j], grammar_words) or norms[j] in _BRIDGES:
                break
            j += 1
        runs.append((i, j))
        i = j
    mentions = []
    for start, end in runs:
        text = " ".join(norms[start:end])
        if len(text.replace(" ", "")) < FUZZY_MIN_CHARS:
            continue
        scores = _scores(text, lexicon)
        if not scores or max(scores.values()) < FUZZY_MIN_SCORE:
            continue
        candidates = sorted((lexicon.entities[iri] for iri in scores), key=lambda e: -scores[e.iri])
        mention = Mention(start, end, _raw(tokens, start, end), candidates, scores=scores, fuzzy=True)
        _absorb_type_words(mention, norms, taken, n, lexicon)
        taken |= mention.indexes
        mentions.append(mention)
    return mentions


def resolve_fuzzy(candidates: list[Entity], scores: dict[str, float]) -> list[Entity]:
    """Of fuzzy candidates (already narrowed by type), those too close to the best to drop."""
    if not candidates:
        return []
    best = max(scores[e.iri] for e in candidates)
    if best < FUZZY_MIN_SCORE:
        return []
    return [e for e in candidates if best - scores[e.iri] < FUZZY_MIN_GAP]
