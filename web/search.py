"""Entity search by name, ODS code or acronym, for the home page's search box and ``/api/search``.

The index (every labelled resource under ``id/``) is built with one query and kept until
the data changes; matching is in Python: exact code, then exact name or acronym, then
words contained, then fuzzy similarity, so "dudley", "RNA" and "BCPC" all find something.

The work is bounded: the search text is at most ``MAX_CHARS`` characters (the views refuse
longer text, naming ``q``), fuzzy similarity looks at its first ``FUZZY_CHARS`` only (no
name is longer; comparing more only costs time) and runs in one rapidfuzz call with a
cut-off, so a search costs about what a short one costs, whatever is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from . import context

MAX_CHARS = 400
FUZZY_CHARS = 100

INDEX_QUERY = """
PREFIX pc: <https://w3id.org/pcgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?a; separator="|") AS ?alts)
       (SAMPLE(?c) AS ?code) (SAMPLE(?t) AS ?kind)
WHERE {
  ?s skos:prefLabel|foaf:name ?l .
  FILTER (STRSTARTS(STR(?s), "https://w3id.org/pcgraph/id/"))
  OPTIONAL { ?s skos:altLabel ?a }
  OPTIONAL { ?s pc:odsCode ?c }
  OPTIONAL { ?s a ?type . ?type rdfs:label ?t FILTER (LANG(?t) = "en" || LANG(?t) = "") }
}
GROUP BY ?s
"""


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str
    kind: str
    code: str | None
    alt_labels: tuple[str, ...]
    score: float

    def to_json(self) -> dict:
        return {"iri": self.iri, "label": self.label, "kind": self.kind, "code": self.code,
                "alt_labels": list(self.alt_labels), "score": round(self.score, 1)}


def _index() -> list[tuple[str, str, str, str | None, tuple[str, ...]]]:
    cache = context.cache()
    if "search-index" not in cache:
        result = context.get_store().query(INDEX_QUERY, timeout=context.settings().query_timeout)
        entries = []
        for row in result.rows:
            alts = tuple(a for a in row["alts"].value.split("|") if a) if "alts" in row else ()
            entries.append((row["s"].value, row["label"].value, row["kind"].value if "kind" in row else "",
                            row["code"].value if "code" in row else None, alts))
        cache["search-index"] = entries
    return cache["search-index"]


def find(text: str, limit: int = 20) -> list[Hit]:
    """The resources that best match ``text``, best first."""
    query = " ".join(text[:MAX_CHARS].split()).casefold()
    if not query:
        return []
    hits = []
    fuzzy: list[tuple[tuple, list[str]]] = []   # entries no plain test matched, with their names
    for entry in _index():
        iri, label, kind, code, alts = entry
        folded = [n.casefold() for n in (label, *alts)]
        if code and code.casefold() == query:
            score = 100.0
        elif query in folded:
            score = 98.0
        elif all(word in folded[0] for word in query.split()):
            score = 90.0 - min(len(folded[0]) / 20, 5)
        elif any(query in name for name in folded[1:]):
            score = 85.0
        else:
            fuzzy.append((entry, folded))
            continue
        hits.append(Hit(iri, label, kind, code, alts, score))
    hits += _fuzzy_hits(query[:FUZZY_CHARS], fuzzy)
    hits.sort(key=lambda h: (-h.score, h.label))
    return hits[:limit]


def _fuzzy_hits(query: str, entries: list[tuple[tuple, list[str]]]) -> list[Hit]:
    """Entries with a name similar enough to ``query`` (WRatio of 75 or more), scored at 80%
    of their best name's similarity; rapidfuzz compares them all in one call."""
    names = [name for _, folded in entries for name in folded]
    owners = [number for number, (_, folded) in enumerate(entries) for _ in folded]
    best: dict[int, float] = {}
    for _, similarity, position in process.extract(query, names, scorer=fuzz.WRatio, processor=None,
                                                    score_cutoff=75, limit=None):
        owner = owners[position]
        best[owner] = max(best.get(owner, 0.0), similarity)
    return [Hit(*entries[number][0], similarity * 0.8) for number, similarity in best.items()]
