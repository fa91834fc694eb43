"""Hand-curated facts: ``data/curated/*.ttl``, one named graph per file (its stem).

People edit these files; the builder checks them before they go in: Turtle that parses,
no blank nodes, every ODS code known to the ODS files, every fact-bearing node with a
``dcterms:source`` that points at a described source. Problems name the file and line.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF

from pcgraph.errors import InputError
from pcgraph.namespaces import ID, PC
from pcgraph.reference.context import Context

CURATED_DIR = "curated"
ORG_PREFIX = str(ID["org/"])
ODS_KEY = re.compile(r"^[A-Z0-9]{3,5}$")
FACT_CLASSES = {
    PC.Collaborative, PC.ProviderCollaborative, PC.PlaceBasedPartnership, PC.ClinicalNetwork, PC.ProviderGroup,
    ORG.Membership, PC.Committee, PC.JointCommittee, PC.Delegation, PC.Accountability, PC.ReportingLine,
    ORG.Post, ORG.ChangeEvent, PC.Person, PC.CommunityInterestCompany, PC.NationalBody, PC.VCSEBody,
    PC.IndependentProvider, PC.LocalAuthority, PC.Place,
}


def _line_of(text: str, term: URIRef) -> int:
    """The line where ``term`` is first written in full, or 0 when it is not."""
    index = text.find(f"<{term}>")
    if index < 0 and str(term).startswith(str(ID)):
        index = text.find(f"<{str(term)[len(str(ID)):]}>")  # written relative to @base
    return text.count("\n", 0, index) + 1 if index >= 0 else 0


def load_curated(ctx: Context, known_orgs: set[str]) -> list[Path]:
    """Parse, check and add every curated file; returns the files read."""
    folder = ctx.root / CURATED_DIR
    files = sorted(folder.glob("*.ttl")) if folder.is_dir() else []
    parsed: list[tuple[Path, str, Graph]] = []
    for path in files:
        name = f"{CURATED_DIR}/{path.name}"
        text = path.read_text(encoding="utf-8")
        graph = Graph()
        try:
            graph.parse(data=text, format="turtle", publicID=str(ID))
        except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
            raise InputError(f"not valid Turtle: {exc}", where=name) from None
        ctx.report.read[name] += len(graph)
        parsed.append((path, text, graph))
    described = {s for _, _, g in parsed for s in g.subjects(DCTERMS.title, None)}
    described |= {s for s, p, o in ctx.quads.graphs.get("sources", set()) if p == DCTERMS.title}
    slugs = {s for _, _, g in parsed for s in g.subjects(RDF.type, None)
             if isinstance(s, URIRef) and str(s).startswith(ORG_PREFIX)}
    for path, text, graph in parsed:
        _check(ctx, path, text, graph, known_orgs, described, slugs)
        for s, p, o in graph:
            ctx.quads.add(path.stem, s, p, o)
        _note_dates(ctx, graph)
    return files


def _check(ctx, path: Path, text: str, graph: Graph, known_orgs, described, slugs) -> None:
    name = f"{CURATED_DIR}/{path.name}"

    def fail(term, reason: str) -> InputError:
        line = _line_of(text, term) if isinstance(term, URIRef) else 0
        return InputError(reason, where=f"{name}:{line}" if line else name)

    for s, p, o in graph:
        for term in (s, o):
            if isinstance(term, BNode):
                raise fail(s, f"blank node in a statement about {s}: give every node an IRI under {ID}")
            if isinstance(term, URIRef) and str(term).startswith(ORG_PREFIX):
                key = str(term)[len(ORG_PREFIX):]
                if ODS_KEY.match(key) and key not in known_orgs:
                    raise fail(term, f"ODS code {key} is not in the ODS, ONS or CC0 files")
                if not ODS_KEY.match(key) and term not in slugs:
                    raise fail(term, f"organisation {term} has no rdf:type in the curated files")
        if p == DCTERMS.source and o not in described:
            raise fail(o, f"source {o} is not described (it needs a dcterms:title)")
        if p in (PC.startDate, PC.endDate, PC.date) and not (isinstance(o, Literal) and isinstance(o.toPython(), date)):
            raise fail(s, f"{p} of {s} must be an xsd:date, not {o!r}")
    for subject, cls in graph.subject_objects(RDF.type):
        if cls in FACT_CLASSES and (subject, DCTERMS.source, None) not in graph:
            raise fail(subject, f"{subject} states facts but has no dcterms:source")


def _note_dates(ctx: Context, graph: Graph) -> None:
    """Closing dates given here (for trusts the extracts are too old to close) count for later builders."""
    for subject, end in graph.subject_objects(PC.endDate):
        key = str(subject)[len(ORG_PREFIX):]
        if str(subject).startswith(ORG_PREFIX) and key in ctx.trusts:
            ctx.trusts[key].end = end.toPython()
