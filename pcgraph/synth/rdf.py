"""Writing a synthetic nation as N-Triples or Turtle, line by line, without an RDF library.

At scale 100 the output runs to millions of triples; building an rdflib graph would hold
them all in memory and take minutes. Each record is written as a block of lines the
moment it is reached, in one of two syntaxes that differ only in how terms are spelled.
"""

from __future__ import annotations

from collections.abc import Iterable

from pcgraph.namespaces import PREFIXES
from pcgraph.synth.governance import FUNCTION_LABELS
from pcgraph.synth.model import Nation
from pcgraph.synth.shape import BENCHMARKING_GROUP

ID = "https://w3id.org/pcgraph/id/"
XSD = PREFIXES["xsd"]

# Prefixes the Turtle output declares; instance IRIs are written relative to @base.
TURTLE_PREFIXES = ("pc", "org", "skos", "dcterms", "foaf", "rdf", "xsd")


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))


class Syntax:
    """How terms are spelled: full IRIs for N-Triples, prefixed names for Turtle."""

    def __init__(self, turtle: bool):
        self.turtle = turtle

    def vocab(self, prefix: str, local: str) -> str:
        if self.turtle:
            return "a" if (prefix, local) == ("rdf", "type") else f"{prefix}:{local}"
        return f"<{PREFIXES[prefix]}{local}>"

    def node(self, path: str) -> str:
        return f"<{path}>" if self.turtle else f"<{ID}{path}>"

    def typed(self, value: str, datatype: str) -> str:
        return f'"{value}"^^xsd:{datatype}' if self.turtle else f'"{value}"^^<{XSD}{datatype}>'

    @staticmethod
    def text(value: str) -> str:
        """A plain string literal, as the reference graph writes its labels and texts."""
        return f'"{_escape(value)}"'


class Writer:
    """Turns records into lines of text and counts the triples."""

    def __init__(self, turtle: bool):
        self.s = Syntax(turtle)
        self.turtle = turtle
        self.triples = 0
        v = self.s.vocab
        self.type = v("rdf", "type")
        self.source = v("dcterms", "source")
        self.pref = v("skos", "prefLabel")
        self.alt = v("skos", "altLabel")
        self.start = v("pc", "startDate")
        self.end = v("pc", "endDate")

    def header(self, source_path: str, title: str) -> str:
        lines = []
        if self.turtle:
            lines += [f"@prefix {p}: <{PREFIXES[p]}> ." for p in TURTLE_PREFIXES]
            lines += [f"@base <{ID}> .", ""]
        head = "".join(line + "\n" for line in lines)
        return head + self.block(source_path, [(self.type, self.s.vocab("foaf", "Document")),
                                               (self.s.vocab("dcterms", "title"), self.s.text(title))], source=False)

    def block(self, path: str, pairs: Iterable[tuple[str, str]], source: bool = True) -> str:
        pairs = list(pairs)
        if source:
            pairs.append((self.source, self._source))
        self.triples += len(pairs)
        subject = self.s.node(path)
        if self.turtle:
            body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
            return f"{subject} {body} .\n\n"
        return "".join(f"{subject} {p} {o} .\n" for p, o in pairs)

    def set_source(self, path: str) -> None:
        self._source_path = path
        self._source = self.s.node(path)

    # -- records ------------------------------------------------------------------------

    def dated(self, pairs: list, start: str | None, end: str | None) -> list:
        if start:
            pairs.append((self.start, self.s.typed(start, "date")))
        if end:
            pairs.append((self.end, self.s.typed(end, "date")))
        return pairs

    def nation(self, nation: Nation) -> Iterable[str]:
        """The text of every record of one nation, one block at a time."""
        v, node, text, typed = self.s.vocab, self.s.node, self.s.text, self.s.typed
        for org in nation.orgs.values():
            pairs = [(self.type, v("pc", org.cls))]
            if org.code is not None:
                pairs.append((v("pc", "odsCode"), text(org.code)))
            pairs.append((self.pref, text(org.label)))
            pairs += [(self.alt, text(alt)) for alt in org.alt]
            self.dated(pairs, org.start, org.end)
            if org.region and org.cls != "Region":
                pairs.append((v("pc", "region"), node(org.region)))
            if org.sector:
                pairs.append((v("pc", "sector"), v("pc", org.sector)))
                pairs.append((v("pc", "benchmarkingGroup"), text(BENCHMARKING_GROUP[org.sector])))
            if org.parent:
                pairs.append((v("org", "subOrganizationOf"), node(org.parent)))
            yield self.block(org.path, pairs)

        # The generator writes every membership it makes, so the source can say that the
        # membership lists of every ICB area are complete: the mandate is judged everywhere.
        areas = [org.path for org in nation.orgs.values() if org.cls == "IntegratedCareBoard"]
        yield self.block(self._source_path, [(v("pc", "membershipsCompleteFor"), node(a)) for a in areas],
                         source=False)

        kinds = {"hq": "HeadquartersArea", "partner": "ConstitutionPartner", "principal": "PrincipalICB"}
        for rel in nation.relations:
            key = f"icb-relation/{rel.org.removeprefix('org/')}/{rel.kind}/{rel.icb.removeprefix('org/')}"
            pairs = [(self.type, v("pc", "ICBRelation")), (v("pc", "organisation"), node(rel.org)),
                     (v("pc", "icb"), node(rel.icb)), (v("pc", "relationKind"), v("pc", kinds[rel.kind]))]
            yield self.block(key, self.dated(pairs, rel.start, rel.end))

        for collab in nation.collaboratives.values():
            pairs = [(self.type, v("pc", collab.cls)), (self.pref, text(collab.label))]
            pairs += [(self.alt, text(alt)) for alt in collab.alt]
            if collab.purpose is not None:
                pairs.append((v("pc", "purpose"), text(collab.purpose)))
            pairs += [(v("pc", "objective"), text(o)) for o in collab.objectives]
            pairs += [(v("pc", "governanceModel"), v("pc", m)) for m in collab.models]
            pairs += [(v("pc", "vehicle"), v("pc", collab.vehicle)), (v("pc", "scale"), v("pc", collab.scale)),
                      (v("pc", "integration"), v("pc", collab.integration))]
            pairs += [(v("pc", "footprint"), node(f)) for f in collab.footprints]
            yield self.block(collab.path, self.dated(pairs, collab.start, None))
            for m in collab.memberships:
                pairs = [(self.type, v("org", "Membership")), (v("org", "member"), node(m.member)),
                         (v("org", "organization"), node(m.collab))]
                pairs += [(v("pc", "role"), v("pc", role)) for role in m.roles]
                yield self.block(m.path, self.dated(pairs, m.start, m.end))

        for committee in nation.committees.values():
            pairs = [(self.type, v("pc", "JointCommittee")), (self.pref, text(committee.label)),
                     (v("pc", "committeeOf"), node(committee.of))]
            yield self.block(committee.path, self.dated(pairs, committee.start, None))

        for d in nation.delegations.values():
            pairs = [(self.type, v("pc", "Delegation")), (self.pref, text(d.label)),
                     (v("pc", "delegator"), node(d.delegator)), (v("pc", "delegate"), node(d.delegate)),
                     (v("pc", "function"), v("pc", d.function))]
            pairs += [(v("pc", "accountableBody"), node(a)) for a in d.accountable]
            if d.budget is not None:
                pairs.append((v("pc", "budget"), typed(str(d.budget), "decimal")))
            if d.resource is not None:
                pairs.append((v("pc", "resource"), text(d.resource)))
            if d.sub_of:
                pairs.append((v("pc", "subDelegationOf"), node(d.sub_of)))
            yield self.block(d.path, self.dated(pairs, d.start, d.end))
            if d.accountable and d.accountable_to:
                key = d.path.replace("delegation/", "accountability/", 1)
                pairs = [(self.type, v("pc", "Accountability")),
                         (self.pref, text(f"Accountability for {FUNCTION_LABELS[d.function]}")),
                         (v("pc", "accountableBody"), node(d.accountable[0])),
                         (v("pc", "function"), v("pc", d.function)),
                         (v("pc", "accountableTo"), node(d.accountable_to)), (v("pc", "forDelegation"), node(d.path))]
                yield self.block(key, pairs)

        for line in nation.lines:
            pairs = [(self.type, v("pc", "ReportingLine")), (v("pc", "reportingBody"), node(line.body)),
                     (v("pc", "reportsTo"), node(line.to))]
            if line.primary is not None:
                pairs.append((v("pc", "primaryLine"), typed("true" if line.primary else "false", "boolean")))
            yield self.block(line.path, self.dated(pairs, line.start, line.end))

        reorganisations = set()
        for event in nation.events:
            pairs = [(self.type, v("org", "ChangeEvent")), (self.pref, text(event.label))]
            pairs += [(v("org", "originalOrganization"), node(o)) for o in event.originals]
            pairs += [(v("org", "resultingOrganization"), node(o)) for o in event.results]
            pairs += [(v("pc", "changeType"), v("pc", event.change_type)), (v("pc", "date"), typed(event.date, "date"))]
            if event.reorganisation:
                reorganisations.add(nation.reorganisation)
                pairs.append((v("pc", "partOfReorganisation"), node(nation.reorganisation)))
            yield self.block(event.path, pairs)
        for path in sorted(reorganisations):
            yield self.block(path, [(self.type, v("pc", "Reorganisation")),
                                    (self.pref, text("Reorganisation of integrated care boards, April 2026")),
                                    (v("pc", "date"), typed("2026-04-01", "date"))])
