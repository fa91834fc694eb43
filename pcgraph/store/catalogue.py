"""The catalogue: where each named graph came from, in PROV-O, DCTERMS, VoID and SPDX.

Every source lives in its own named graph; the catalogue graph
(``https://w3id.org/pcgraph/graph/catalogue``) says, for each one, what file or endpoint
it was loaded from, by whom, when, how many triples it holds, the file's SHA-256 and
its format::

    <graph> a prov:Entity, void:Dataset ;
        dcterms:source <urn:pcgraph:file:trusts.ttl> ;   # or the endpoint or upload name
        dcterms:format "text/turtle" ;
        void:triples 1234 ;
        dcterms:modified "2026-11-22T17:00:00Z"^^xsd:dateTime ;
        prov:wasGeneratedBy <urn:uuid:...> .        # the load
    <urn:uuid:...> a prov:Activity ;
        prov:used <urn:uuid:...> ;                  # the file as it was read
        prov:wasAssociatedWith <.../catalogue#user-alice> ;
        prov:startedAtTime ... ; prov:endedAtTime ... .
    <urn:uuid:...> a prov:Entity ; dcterms:source <urn:pcgraph:file:trusts.ttl> ; dcterms:title "trusts.ttl" ;
        spdx:checksum <urn:hash::sha256:...> .

The catalogue is public (anyone can read it through ``/sparql``), so it says nothing
about the machine: a file is recorded by its base name only, never its folder, and the
loader is the name ``PCGRAPH_USER`` gives (or the command's caller names); with no name
given no loader is recorded, never the operating system's login.

Everything here is an IRI or a literal (no blank nodes), so an entry can be deleted by
value, in the same transaction that replaces its graph.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from pcgraph.namespaces import GRAPH

CATALOGUE_GRAPH = str(GRAPH["catalogue"])

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
SPDX = "http://spdx.org/rdf/terms#"
FOAF = "http://xmlns.com/foaf/0.1/"


def _n(base: str, local: str) -> ox.NamedNode:
    return ox.NamedNode(base + local)


@dataclass(frozen=True)
class SourceFile:
    """What was read: a file (or upload, or endpoint) with its checksum and format."""

    location: str            # an IRI: urn:pcgraph:file:NAME, https://..., or urn:pcgraph:upload:NAME
    title: str               # the file's name as a person would say it
    media_type: str          # text/turtle, application/n-triples, text/csv, ...
    sha256: str | None = None
    triples_read: int | None = None


def file_location(path: Path | str) -> str:
    """The IRI a file is recorded under: its base name only (the catalogue is public)."""
    return f"urn:pcgraph:file:{quote(Path(path).name, safe='')}"


def file_source(path: Path, media_type: str, *, sha256: str | None = None) -> SourceFile:
    """Describe a file on disk (its checksum is computed when not given)."""
    path = Path(path)
    return SourceFile(file_location(path), path.name, media_type, sha256 or sha256_of(path))


def upload_source(name: str, media_type: str, data: bytes) -> SourceFile:
    """Describe data that came without a path (a web upload) by the name it was sent under."""
    return SourceFile(f"urn:pcgraph:upload:{quote(name, safe='')}", name, media_type,
                      hashlib.sha256(data).hexdigest())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _now() -> ox.Literal:
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return ox.Literal(stamp, datatype=_n(XSD, "dateTime"))


def describe_load(graph: str, source: SourceFile, *, triples: int, user: str | None = None,
                  started: ox.Literal | None = None) -> list[ox.Quad]:
    """The catalogue quads recording that ``source`` was loaded into ``graph`` (now holding ``triples``)."""
    cat = ox.NamedNode(CATALOGUE_GRAPH)
    g = ox.NamedNode(graph)
    activity = ox.NamedNode(f"urn:uuid:{uuid.uuid4()}")
    used = ox.NamedNode(f"urn:uuid:{uuid.uuid4()}")
    location = ox.NamedNode(source.location)
    ended = _now()
    quads = [
        (g, RDF_TYPE, _n(PROV, "Entity")),
        (g, RDF_TYPE, _n(VOID, "Dataset")),
        (g, _n(DCTERMS, "source"), location),
        (g, _n(DCTERMS, "format"), ox.Literal(source.media_type)),
        (g, _n(VOID, "triples"), ox.Literal(str(triples), datatype=_n(XSD, "integer"))),
        (g, _n(DCTERMS, "modified"), ended),
        (g, _n(PROV, "wasGeneratedBy"), activity),
        (activity, RDF_TYPE, _n(PROV, "Activity")),
        (activity, RDFS_LABEL, ox.Literal(f"load of {source.title}")),
        (activity, _n(PROV, "used"), used),
        (activity, _n(PROV, "startedAtTime"), started or ended),
        (activity, _n(PROV, "endedAtTime"), ended),
        (used, RDF_TYPE, _n(PROV, "Entity")),
        (used, _n(DCTERMS, "source"), location),
        (used, _n(DCTERMS, "title"), ox.Literal(source.title)),
        (used, _n(DCTERMS, "format"), ox.Literal(source.media_type)),
    ]
    if user:
        agent = ox.NamedNode(f"{CATALOGUE_GRAPH}#user-{quote(user, safe='')}")
        quads += [(activity, _n(PROV, "wasAssociatedWith"), agent), (agent, RDF_TYPE, _n(PROV, "Agent")),
                  (agent, _n(FOAF, "name"), ox.Literal(user))]
    if source.triples_read is not None:
        quads.append((used, _n(VOID, "triples"), ox.Literal(str(source.triples_read), datatype=_n(XSD, "integer"))))
    if source.sha256:
        checksum = ox.NamedNode(f"urn:hash::sha256:{source.sha256}")
        quads += [
            (used, _n(SPDX, "checksum"), checksum),
            (checksum, _n(SPDX, "algorithm"), _n(SPDX, "checksumAlgorithm_sha256")),
            (checksum, _n(SPDX, "checksumValue"), ox.Literal(source.sha256, datatype=_n(XSD, "hexBinary"))),
        ]
    return [ox.Quad(s, p, o, cat) for s, p, o in quads]


def now() -> ox.Literal:
    """The current time as an ``xsd:dateTime`` literal (UTC)."""
    return _now()


def entry_quads(store, graph: str, *, keep_history: bool) -> list[ox.Quad]:
    """The catalogue quads that describe ``graph`` now, to delete before a new description.

    With ``keep_history`` (an import that adds to the graph) the earlier loads stay and only
    the graph's own count and date go; otherwise (a replace or drop) its whole entry goes.
    """
    cat = ox.NamedNode(CATALOGUE_GRAPH)
    g = ox.NamedNode(graph)
    if keep_history:
        dropped = {_n(VOID, "triples"), _n(DCTERMS, "modified")}
        return [ox.Quad(q.subject, q.predicate, q.object, cat)
                for q in store.quads(CATALOGUE_GRAPH) if q.subject == g and q.predicate in dropped]
    # Terms are written from typed NamedNodes (validated IRIs), never from raw text.
    result = store.query(
        f"""PREFIX prov: <{PROV}>
            SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH {cat} {{
              {{ {g} ?p ?o BIND({g} AS ?s) }}
              UNION {{ {g} prov:wasGeneratedBy ?s . ?s ?p ?o }}
              UNION {{ {g} prov:wasGeneratedBy/prov:used ?s . ?s ?p ?o }}
            }} }}""", timeout=None)
    return [ox.Quad(row["s"], row["p"], row["o"], cat) for row in result.rows]


def sources(store) -> list[dict]:
    """One line per catalogued graph: graph, source, format, triples, modified, loaded by."""
    result = store.query(
        f"""PREFIX prov: <{PROV}> PREFIX dcterms: <{DCTERMS}> PREFIX void: <{VOID}> PREFIX foaf: <{FOAF}>
            SELECT ?graph ?source ?format ?triples ?modified (SAMPLE(?name) AS ?who)
            WHERE {{ GRAPH {ox.NamedNode(CATALOGUE_GRAPH)} {{
              ?graph a void:Dataset ; dcterms:source ?source .
              OPTIONAL {{ ?graph dcterms:format ?format }}
              OPTIONAL {{ ?graph void:triples ?triples }}
              OPTIONAL {{ ?graph dcterms:modified ?modified }}
              OPTIONAL {{ ?graph prov:wasGeneratedBy/prov:wasAssociatedWith/foaf:name ?name }}
            }} }} GROUP BY ?graph ?source ?format ?triples ?modified ORDER BY ?graph""", timeout=None)
    return [{k: v.value for k, v in row.items()} for row in result.rows]
