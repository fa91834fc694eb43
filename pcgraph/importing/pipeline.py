"""One import, from files to a committed change: read, map, check, write (or reject whole)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pyoxigraph as ox

from pcgraph.errors import InputError, PcgraphError
from pcgraph.importing import gate, locate
from pcgraph.importing.mapping import apply_mappings
from pcgraph.importing.collaboratives_csv import KnownBodies
from pcgraph.importing.reading import ReadSource, Upload, describe, read_source
from pcgraph.namespaces import GRAPH
from pcgraph.settings import Settings
from pcgraph.store import Store
from pcgraph.store.catalogue import CATALOGUE_GRAPH, describe_load, entry_quads, now

log = logging.getLogger(__name__)

OWL_SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
# Graphs pcgraph keeps for itself: its load catalogue and the ontology every rule and
# query reads. No import writes them and no API call drops them.
PROTECTED_GRAPHS = {CATALOGUE_GRAPH, str(GRAPH["ontology"])}


class ImportTimedOut(InputError):
    """An import ran past its time budget (``PCGRAPH_IMPORT_TIMEOUT``); nothing was written."""


class _Budget:
    """The time an import may take, checked as files are read (every block or row) and
    between its steps; validation is not interrupted, but nothing is written past the budget."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check(self, doing: str, where: str | None = None) -> None:
        if time.monotonic() > self.deadline:
            raise ImportTimedOut(f"the import ran past its time budget of {self.seconds:g} s while {doing} and "
                                 "was stopped; nothing was written (setting PCGRAPH_IMPORT_TIMEOUT): split the "
                                 "data into smaller files or raise the budget", where=where)


class ProtectedGraph(InputError):
    """A write to (or removal of) a graph pcgraph keeps for itself. A 403 on the web API."""

    http_status = 403

    def __init__(self, graph: str, action: str, *, where: str | None = None):
        super().__init__(f"{graph} is pcgraph's own graph and cannot be {action}", where=where)


class NoSuchGraph(InputError):
    """A graph the store does not hold. A 404 on the web API."""

    http_status = 404

    def __init__(self, graph: str):
        super().__init__(f"there is no graph {graph}", where="graph")


class ImportRejected(PcgraphError):
    """The import would break a rule: nothing was written. ``findings`` say which rule, node and line.

    Exit code 1 on the command line, as for ``pcgraph validate``: the data ran but does not conform.
    """

    exit_code = 1

    def __init__(self, message: str, *, findings: list[dict], report=None):
        super().__init__(message)
        self.findings = findings
        self.report = report

    def to_json(self) -> dict:
        return {"ok": False, "error": self.message, "findings": self.findings,
                "validation": self.report.to_json() if self.report is not None else None}


@dataclass
class SourceSummary:
    name: str
    format: str
    graphs: list[str]
    read: int
    mapped: int
    replaced: int
    left_out: list[str] = field(default_factory=list)   # pcgraph's own graphs found in the file


@dataclass
class ImportReport:
    """What an import did: counts, the graphs written, warnings the gate reported."""

    sources: list[SourceSummary] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)
    read: int = 0
    mapped: int = 0
    replaced_terms: int = 0
    added: int = 0
    rejected: int = 0
    seconds: float = 0.0
    validated: bool = False
    focus_nodes: int | None = None
    warnings: list[dict] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        left = f"; left out pcgraph's own {', '.join(self.left_out)}" if self.left_out else ""
        left += "; dry run, nothing written" if self.dry_run else ""
        return (f"{self.read} triple{'' if self.read == 1 else 's'} read, {self.mapped} mapped, "
                f"{self.added} {'would be added' if self.dry_run else 'added'}, {self.rejected} rejected, "
                f"in {self.seconds:.1f} s ({len(self.graphs)} graph{'s' if len(self.graphs) != 1 else ''}"
                f"{'' if self.validated else ', not validated'}{left})")

    def to_json(self) -> dict:
        return {"ok": True, "graphs": self.graphs, "read": self.read, "mapped": self.mapped,
                "added": self.added, "rejected": self.rejected, "seconds": round(self.seconds, 3),
                "validated": self.validated, "warnings": self.warnings, "left_out": self.left_out,
                "dry_run": self.dry_run,
                "sources": [s.__dict__ for s in self.sources]}


Progress = Callable[[str, int, int], None]   # (source name, bytes just read, total bytes of the source)

# One import at a time per store: each validates against what the store holds, so a
# second import must see the first one's data (the web API runs imports on many threads).
# Stores are told apart by where they live (folder or update endpoint), not by object.
_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(store) -> threading.Lock:
    where = getattr(store, "path", None) or getattr(store, "update_endpoint", None)
    key = str(where) if where is not None else f"object-{id(store)}"
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.Lock())


def default_graph_for(name: str) -> str:
    """The named graph a file's triples go to when no ``--graph`` is given: ``graph/import-{file stem}``.

    The ``import-`` prefix keeps imported files out of the reference graph's own graphs.
    """
    stem = Path(name).name.split(".")[0]
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "data"
    return str(GRAPH[f"import-{slug}"])


def import_data(store: Store, sources: Sequence[Path | str | Upload], *, graph: str | None = None,
                replace: bool = False, as_of: dt.date | None = None, settings: Settings | None = None,
                format: str | None = None, user: str | None = None, validate: bool = True,
                progress: Progress | None = None, on_phase: Callable[[str], None] | None = None,
                dry_run: bool = False) -> ImportReport:
    """Import ``sources`` into ``store`` as one all-or-nothing change; see ``pcgraph.importing``.

    ``dry_run`` does everything but write: the files are read, mapped and validated
    against the store as it is, and the report says what would be added (a read-only
    store will do).

    ``progress`` hears of bytes read, file by file; ``on_phase`` of each later step
    ("validating", "writing"), for a progress display. Imports into one store object run
    one at a time.
    """
    with _lock_for(store):
        return _import(store, sources, graph=graph, replace=replace, as_of=as_of, settings=settings,
                       format=format, user=user, validate=validate, progress=progress, on_phase=on_phase,
                       dry_run=dry_run)


def _import(store: Store, sources, *, graph, replace, as_of, settings, format, user, validate, progress,
            on_phase, dry_run) -> ImportReport:
    phase = on_phase or (lambda text: None)
    started, started_at = time.monotonic(), now()
    settings = settings or Settings()
    user = user or settings.user
    if not sources:
        raise InputError("give at least one file to import")
    if graph is not None:
        _check_graph_iri(graph)
    report = ImportReport()
    budget = _Budget(settings.import_timeout)
    incoming = ox.Store()
    loads: list[tuple[str, object]] = []
    originals: dict[str, list[str]] = {}
    texts: list[ReadSource] = []
    known = KnownBodies(lambda sparql: store.query(sparql).rows)
    for read, summary in _read_and_map(sources, incoming, graph=graph, format=format, settings=settings,
                                       originals=originals, progress=progress, known=known, budget=budget):
        report.sources.append(summary)
        report.read += summary.read
        report.mapped += summary.mapped
        report.replaced_terms += summary.replaced
        report.left_out += [g for g in summary.left_out if g not in report.left_out]
        loads += [(g, read.source) for g in summary.graphs]
        texts.append(read)
    targets = sorted({g for g, _ in loads})
    report.graphs = targets
    replaced = targets if replace else []
    before_counts = {g: (0 if replace else store.count(g)) for g in targets}

    phase("merging with the store")
    local = _local(store)
    changed = _changed(local, incoming, replaced) if validate else None
    with _candidate(incoming, local, exclude=set(replaced)) as box:
        del incoming
        if validate:
            budget.check("merging with the store")
            phase("validating")
            result = gate.check(local, box.store, changed, as_of=as_of, settings=settings, removes=bool(replaced))
            report.validated = True
            report.focus_nodes = result.focus_count
            if not result.passed:
                report.rejected = report.read
                report.seconds = time.monotonic() - started
                findings = [_finding(f, texts, originals) for f in result.new_violations]
                raise ImportRejected(_rejection_message(findings) + "\n" + report.summary(),
                                     findings=findings, report=result.report)
            report.warnings = [_finding(f, texts, originals) for f in result.new_warnings]

        after_counts = {g: _count(box.store, g) for g in targets}
        report.added = sum(after_counts[g] - before_counts[g] for g in targets)
        budget.check("validating")
        if dry_run:
            report.dry_run = True
            report.seconds = time.monotonic() - started
            log.info("import (dry run): %s", report.summary())
            return report
        catalogue_removed = [q for g in targets for q in entry_quads(store, g, keep_history=not replace)]
        catalogue_added = [q for g in targets for g_, source in loads if g_ == g
                           for q in describe_load(g, source, triples=after_counts[g], user=user, started=started_at)]
        # Only what a graph does not hold yet (a blank node written again would be a new one).
        additions = _chain((q for g in targets for q in box.store.quads_for_pattern(None, None, None, ox.NamedNode(g))
                            if not before_counts[g] or q not in local.oxigraph),
                           catalogue_added)
        phase("writing")
        log.info("writing %d graph(s) to the store in one transaction", len(targets))
        store.apply(add=additions, replace=replaced, remove=catalogue_removed)
        del additions                            # it read from the candidate, which must close now
    report.seconds = time.monotonic() - started
    log.info("import: %s", report.summary())
    return report


def _read_and_map(sources, incoming: ox.Store, *, graph: str | None, format: str | None, settings: Settings,
                  originals: dict[str, list[str]], progress: Progress | None = None,
                  known: KnownBodies | None = None, budget: _Budget | None = None):
    """Read each source and map it into ``incoming`` (every file looked at before any is
    read); yields each source as read (its parsed copy freed) with its summary."""
    items = [Path(s) if isinstance(s, str) else s for s in sources]
    budget = budget or _Budget(settings.import_timeout)
    for item in items:
        describe(item, format)
    for item in items:
        name, _, total = describe(item, format)

        def on_bytes(n: int, _name=name, _total=total) -> None:
            budget.check("reading it", where=_name)
            if progress:
                progress(_name, n, _total)

        read = read_source(item, declared=format, max_bytes=settings.max_import_bytes,
                           max_literal_chars=settings.max_literal_chars, on_bytes=on_bytes, known=known)
        budget.check("reading it", where=name)
        summary = _map_into(read, incoming, graph, originals)
        budget.check("mapping it to pcgraph's terms", where=name)
        read.store = None                   # now in ``incoming``; free the parsed copy
        yield read, summary


def mapped_store(sources: Sequence[Path | str | Upload], *, settings: Settings | None = None) -> ox.Store:
    """The files as an import would hold them just before validation: read the same way
    (the same formats, limits and errors naming file and line), mapped to pcgraph's terms,
    each in the graph it would go to. ``pcgraph validate FILE`` judges exactly this."""
    incoming = ox.Store()
    for _ in _read_and_map(sources, incoming, graph=None, format=None, settings=settings or Settings(),
                           originals={}):
        pass
    return incoming


def drop_graph(store: Store, graph: str, *, as_of: dt.date | None = None, settings: Settings | None = None) -> int:
    """Remove one named graph (and its catalogue entry) as one change, checked like an import.

    Removing data can break a rule too (a collaborative left with one member, a delegation
    left with no accountable body): the store as it would be is validated on the nodes the
    graph mentions, and a new violation raises ``ImportRejected`` with nothing removed.
    Returns how many quads the graph held.
    """
    settings = settings or Settings()
    if graph in PROTECTED_GRAPHS:
        raise ProtectedGraph(graph, "removed", where="graph")
    with _lock_for(store):
        if graph not in store.graphs():
            raise NoSuchGraph(graph)
        held = store.count(graph)
        local = _local(store)
        changed = _changed(local, ox.Store(), [graph])
        with _candidate(ox.Store(), local, exclude={graph}) as box:
            result = gate.check(local, box.store, changed, as_of=as_of, settings=settings, removes=True)
        if not result.passed:
            findings = [f.to_json() for f in result.new_violations]
            raise ImportRejected(_rejection_message(findings, what="removing the graph"), findings=findings,
                                 report=result.report)
        store.drop_graph(graph)
    log.info("dropped graph %s (%d quads)", graph, held)
    return held


def _chain(*parts: Iterable[ox.Quad]):
    for part in parts:
        yield from part


def _check_graph_iri(graph: str) -> None:
    try:
        ox.NamedNode(graph)
    except ValueError:
        raise InputError(f"{graph!r} is not an IRI", where="--graph") from None
    if graph in PROTECTED_GRAPHS:
        raise ProtectedGraph(graph, "imported into", where="--graph")
    if not re.match(r"^[a-z][a-z0-9+.-]*:", graph):
        raise InputError(f"{graph!r} cannot be imported into; name an absolute IRI such as "
                         f"{GRAPH['my-source']}", where="--graph")


def _map_into(read: ReadSource, incoming: ox.Store, graph: str | None,
              originals: dict[str, list[str]]) -> SourceSummary:
    """Map each of the source's graphs into pcgraph terms and put it in its target graph in ``incoming``."""
    default_target = graph or default_graph_for(read.name)
    file_graphs = {q.graph_name for q in read.store.quads_for_pattern(None, None, None, None)} \
        if read.format.dataset else {ox.DefaultGraph()}
    mapped = replaced = 0
    targets: set[str] = set()
    left_out: list[str] = []
    for file_graph in sorted(file_graphs, key=str):
        if graph is None and not isinstance(file_graph, ox.DefaultGraph) and file_graph.value in PROTECTED_GRAPHS:
            # An export of a whole store carries the catalogue and the ontology: this store
            # keeps its own, so those graphs are left out (and said to be), the rest imported.
            left_out.append(file_graph.value)
            continue
        if isinstance(file_graph, ox.DefaultGraph):
            target, work = default_target, read.store
            if read.format.dataset:
                work = ox.Store()
                work.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                            for q in read.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        else:
            target = graph or file_graph.value
            if target in PROTECTED_GRAPHS:
                raise ProtectedGraph(target, "imported into", where=read.name)
            work = ox.Store()
            work.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                        for q in read.store.quads_for_pattern(None, None, None, file_graph))
        counts = apply_mappings(work)
        mapped += counts.mapped
        replaced += counts.replaced
        for same in work.quads_for_pattern(None, OWL_SAME_AS, None, ox.DefaultGraph()):
            originals.setdefault(same.subject.value, []).append(same.object.value)
        _move(work, incoming, target)
        targets.add(target)
    return SourceSummary(read.name, read.format.name, sorted(targets), read.source.triples_read or 0,
                         mapped, replaced, left_out)


def _move(work: ox.Store, incoming: ox.Store, target: str) -> None:
    """Copy ``work``'s default graph into ``incoming``'s graph ``target`` (natively, blank nodes kept)."""
    data = work.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    if data:
        incoming.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(target))


def _local(store: Store):
    """The store itself if embedded; else an in-memory copy of it, read once over the network."""
    return store.local_copy()


# When the store is several times larger than the change, an embedded store's candidate is
# a RocksDB checkpoint of it (hard links: milliseconds, whatever the store's size) with the
# change applied; otherwise copying the store into memory costs little and validates faster.
CHECKPOINT_WHEN_STORE_IS = 4          # times the incoming quads, or more
_BYTES_PER_QUAD = 300                 # on disk, roughly, to guess a store's size without counting it


def _store_quads_estimate(path: Path) -> int:
    total = 0
    for entry in os.scandir(path):
        try:
            if entry.is_file(follow_symlinks=False):
                total += entry.stat(follow_symlinks=False).st_size
        except FileNotFoundError:
            # The open store's background compaction deletes files at any moment,
            # including between listing the folder and reading a file's size.
            continue
    return total // _BYTES_PER_QUAD


class _Box:
    """Holds the candidate store; emptying it closes an on-disk checkpoint (nothing else may hold it)."""

    def __init__(self, store: ox.Store):
        self.store = store


@contextmanager
def _candidate(incoming: ox.Store, local, *, exclude: set[str]):
    """The store as it would be after the change (its graphs less ``exclude``, plus ``incoming``), in a box."""
    path = getattr(local, "path", None)
    if path is None or _store_quads_estimate(path) < CHECKPOINT_WHEN_STORE_IS * len(incoming):
        box = _Box(_with_store(incoming, local, exclude=exclude))
        del incoming
        try:
            yield box
        finally:
            box.store = None
        return
    prefix = f".pcgraph-gate-{Path(path).name}-"
    if not getattr(local, "read_only", False):
        for stale in Path(path).parent.glob(prefix + "*"):   # left by a killed import; this process holds the store
            shutil.rmtree(stale, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=Path(path).parent))
    box = _Box(None)
    try:
        local.oxigraph.backup(str(folder / "store"))
        box.store = ox.Store(str(folder / "store"))
        for g in exclude:
            box.store.remove_graph(ox.NamedNode(g))
        if len(incoming) < 10_000:                # a few quads: one write; more: the bulk loader
            box.store.extend(incoming.quads_for_pattern(None, None, None, None))
        else:
            box.store.bulk_load(incoming.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        del incoming
        yield box
    finally:
        box.store = None                       # the last reference: the checkpoint closes here
        shutil.rmtree(folder, ignore_errors=True)


def _with_store(incoming: ox.Store, local, *, exclude: set[str]) -> ox.Store:
    """Add the store's graphs (less ``exclude``) to ``incoming``, in memory, as the very same quads:
    a blank node keeps its identity, so writing a graph back adds nothing it already holds."""
    for g in local.graphs():
        if g not in exclude:
            incoming.extend(local.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(g)))
    return incoming


def _changed(store: Store, incoming: ox.Store, replaced: list[str]) -> set[str] | None:
    """The IRIs the change touches (None when there are too many to walk: validate everything)."""
    changed = gate.changed_iris(incoming.quads_for_pattern(None, None, None, None))
    for g in replaced:
        changed |= gate.changed_iris(store.quads(g))
    return None if len(changed) > gate.FULL_RUN_ABOVE else changed


def _count(store: ox.Store, graph: str) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def _finding(finding, texts: list[ReadSource], originals: dict[str, list[str]]) -> dict:
    """A finding as JSON, with the file and line that mention its node where that can be told."""
    data = finding.to_json()
    wanted = locate.candidates(finding.focus, originals.get(finding.focus, []))
    for read in texts:
        line = locate.find_line(read.text_lines, wanted)
        if line:
            data["file"], data["line"] = read.name, line
            break
    return data


def _rejection_message(findings: list[dict], *, what: str = "the import") -> str:
    rules = len({f["rule"] for f in findings})
    times = "" if len(findings) == rules else f" ({len(findings)} findings)"
    lines = [f"{what} breaks {rules} rule{'s' if rules != 1 else ''}{times} and was not written:"]
    for f in findings[:20]:
        where = f" ({f['file']}, line {f['line']})" if "line" in f else ""
        lines.append(f"  [{f['rule']}] {f['focus_label'] or f['focus']}: {f['message']}{where}")
    if len(findings) > 20:
        lines.append(f"  ... and {len(findings) - 20} more")
    return "\n".join(lines)
