"""The collaboratives CSV (one row per collaborative, member and page) as pcgraph triples.

The file the reference graph is built from (``data/sources/collaboratives/``) is read by
the same reader and mapped by the same code as in ``pcgraph build-reference``; here the
ODS codes are checked against the store being imported into (a trust or ICB must already
be there), and collaboratives, organisations and memberships the store already describes
gain pages and statements but no second label or new dates. A file is recognised by its
header line.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from pcgraph.reference.collaboratives import MEMBERSHIP_COLUMNS, membership_triples, oxigraph_term, read_memberships

HEADER = ",".join(MEMBERSHIP_COLUMNS)


def is_collaboratives_csv(first_line: bytes) -> bool:
    """True when a CSV's first line is this layout's header (a byte-order mark allowed)."""
    text = first_line.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace").strip()
    return text.split(",")[:2] == MEMBERSHIP_COLUMNS[:2]


class KnownBodies:
    """What the store already holds, asked once per import: trust and ICB codes, described IRIs."""

    def __init__(self, query: Callable[[str], list[dict]] | None):
        self._query = query
        self._codes: dict[str, set[str]] | None = None
        self._described: set[str] | None = None

    def org_exists(self, code: str, kind: str) -> bool:
        if self._query is None:          # judging files alone: codes cannot be checked
            return True
        if self._codes is None:
            self._codes = {"nhs-trust": set(), "icb": set()}
            for row in self._query("""SELECT ?org ?class WHERE { ?org a ?class
                FILTER (?class IN (pc:NHSTrust, pc:FoundationTrust, pc:CareTrust, pc:IntegratedCareBoard)) }"""):
                kind_of = "icb" if row["class"].value.endswith("IntegratedCareBoard") else "nhs-trust"
                self._codes[kind_of].add(row["org"].value.rsplit("/", 1)[1])
        return code in self._codes.get(kind, set())

    def described(self, iri) -> bool:
        if self._query is None:
            return False
        if self._described is None:
            self._described = {row["s"].value for row in self._query("""SELECT DISTINCT ?s WHERE { ?s a ?class
                FILTER (STRSTARTS(STR(?s), "https://w3id.org/pcgraph/id/collaborative/")
                        || STRSTARTS(STR(?s), "https://w3id.org/pcgraph/id/membership/")
                        || STRSTARTS(STR(?s), "https://w3id.org/pcgraph/id/org/")) }""")}
        return str(iri) in self._described


def collaborative_rows(name: str, data: bytes, known: KnownBodies) -> list[ox.Triple]:
    """The triples of a collaboratives CSV; ``InputError`` naming file, line and column for a bad cell."""
    with tempfile.TemporaryDirectory(prefix="pcgraph-collaboratives-") as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        statements = read_memberships(path, Path(folder), known.org_exists)
    return [ox.Triple(*(oxigraph_term(term) for term in triple))
            for triple in membership_triples(statements, known.described)]
