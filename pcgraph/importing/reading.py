"""Read one source (a file on disk, or bytes sent to the web API) into an in-memory store.

Every problem becomes an ``InputError`` naming the file and, where the parser knows it,
the line: syntax errors, bad encodings (only UTF-8 is read; a byte-order mark is
allowed), empty or oversized files, dangerous XML, remote JSON-LD contexts, CSV rows of
the wrong shape. Nothing here touches the store being imported into.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

import pyoxigraph as ox

from pcgraph.errors import InputError
from pcgraph.importing import guards
from pcgraph.importing.collaboratives_csv import KnownBodies, collaborative_rows, is_collaboratives_csv
from pcgraph.importing.formats import FORMATS, Format, format_for
from pcgraph.importing.locate import find_line
from pcgraph.importing.ods_csv import ods_rows
from pcgraph.store.catalogue import SourceFile, file_location, sha256_of

ProgressCallback = Callable[[int], None]   # called with the number of bytes just read

_LINE = re.compile(r"\bline (\d+)")


@dataclass(frozen=True)
class Upload:
    """Data that has no path: a web upload, under the name it was sent with."""

    name: str
    data: bytes
    format: str | None = None


@dataclass
class ReadSource:
    """One source, read: its triples and quads in ``store``, and what the catalogue says of it."""

    name: str
    format: Format
    store: ox.Store
    source: SourceFile
    path: Path | None
    text_lines: list[str] | None = None   # kept for small text files, to point findings at lines


def describe(source: Path | Upload, declared: str | None) -> tuple[str, Format, int]:
    """Name, format and size of a source, before reading it."""
    if isinstance(source, Upload):
        return source.name, format_for(source.name, source.format or declared), len(source.data)
    path = Path(source)
    if path.is_dir():
        raise InputError("a folder, not a file; name the files in it", where=str(path))
    if not path.is_file():
        raise InputError("no such file", where=str(path))
    return str(path), format_for(path.name, declared), path.stat().st_size


def read_source(source: Path | Upload, *, declared: str | None, max_bytes: int,
                max_literal_chars: int | None = None, on_bytes: ProgressCallback | None = None,
                known: KnownBodies | None = None) -> ReadSource:
    """Parse one source into a fresh in-memory store (its own named graphs kept, if any).

    ``known`` answers what the store being imported into holds, for the collaboratives CSV
    (its ODS codes must name organisations there); without it, codes are not checked."""
    name, fmt, size = describe(source, declared)
    guards.check_size(name, size, max_bytes)
    if isinstance(source, Upload):
        opener = lambda: io.BytesIO(source.data)  # noqa: E731
        checksum = hashlib.sha256(source.data).hexdigest()
        location = f"urn:pcgraph:upload:{re.sub(r'[^A-Za-z0-9._-]', '_', source.name)}"
        path = None
    else:
        path = Path(source).resolve()
        opener = lambda: open(path, "rb")  # noqa: E731
        checksum = sha256_of(path)
        location = file_location(path)
    store = ox.Store()
    if fmt.rdf is None and fmt.name != "collaboratives-csv":
        with opener() as stream:
            if is_collaboratives_csv(stream.readline()):
                fmt = FORMATS["collaboratives-csv"]
    if fmt.name == "collaboratives-csv":
        with opener() as stream:
            raw = stream.read()
        if on_bytes:
            on_bytes(len(raw))
        _utf8(name, raw)
        store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                     for t in collaborative_rows(name, raw, known or KnownBodies(None)))
    elif fmt.rdf is None:
        with opener() as stream:
            store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                         for t in ods_rows(name, stream, location, on_bytes=on_bytes))
    elif fmt.name == "jsonld":
        with opener() as stream:
            raw = stream.read()
        if on_bytes:
            on_bytes(len(raw))
        text = _utf8(name, raw)
        _parse_into(store, name, guards.inline_contexts(name, text).encode("utf-8"), fmt)
    else:
        if fmt.name == "rdfxml":
            with opener() as stream:
                guards.check_rdf_xml(name, stream)
        with opener() as stream:
            _parse_into(store, name, _Counting(stream, on_bytes), fmt)
    count = len(store)
    if count == 0:
        raise InputError("the file holds no triples", where=name)
    lines = None
    if size <= 5_000_000:
        with opener() as stream:
            lines = stream.read().decode("utf-8", errors="replace").splitlines()
    if max_literal_chars is not None:
        guards.check_literals(name, store, max_literal_chars,
                              lambda texts: find_line(lines, texts) if lines is not None else _stream_line(opener, texts))
    return ReadSource(name, fmt, store, SourceFile(location, Path(name).name, fmt.media_type, checksum, count),
                      path, lines)


def _stream_line(opener, texts: list[str]) -> int | None:
    """The first line holding any of ``texts``, read line by line (for files too large to keep)."""
    wanted = [t.encode("utf-8") for t in texts if t]
    if not wanted:
        return None
    with opener() as stream:
        for number, line in enumerate(stream, start=1):
            if any(t in line for t in wanted):
                return number
    return None


def _parse_into(store: ox.Store, name: str, data, fmt: Format) -> None:
    try:
        store.extend(ox.parse(data, format=fmt.rdf, rename_blank_nodes=True,
                              without_named_graphs=not fmt.dataset))
    except SyntaxError as exc:
        raise InputError(_syntax_message(exc, fmt), where=_where(name, exc)) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the file: {exc}", where=name) from None
    except MemoryError as exc:
        # The parser's token buffer is bounded (16 MiB): one literal or IRI that long is refused.
        raise InputError(f"a single term is too large to read ({exc}); split very long literals",
                         where=name) from None


def _syntax_message(exc: SyntaxError, fmt: Format) -> str:
    text = str(exc.msg if hasattr(exc, "msg") else exc)
    text = re.sub(r"^Parser error (at|between) [^:]*: ", "", text)
    text = re.sub(r"\s*\(line \d+\)$", "", text)
    if "Only UTF-8" in text or "Invalid UTF-8" in text:
        text += "; save the file as UTF-8"
    return f"not valid {fmt.name}: {text}"


def _where(name: str, exc: SyntaxError) -> str:
    line = exc.lineno
    if not line:
        match = _LINE.search(str(exc))
        line = int(match.group(1)) if match else None
    column = exc.offset if exc.lineno else None
    if line and column:
        return f"{name}, line {line}, column {column}"
    return f"{name}, line {line}" if line else name


def _utf8(name: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text; save the file as UTF-8", where=f"{name}, line {line}") from None


class _Counting(io.RawIOBase):
    """A binary stream that reports how many bytes were read, and drops a UTF-8 byte-order mark."""

    def __init__(self, inner: BinaryIO, on_bytes: ProgressCallback | None):
        self.inner, self.on_bytes, self.started = inner, on_bytes, False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.inner.read(len(buffer))
        if not self.started:
            self.started = True
            if data.startswith(b"\xef\xbb\xbf"):
                data = data[3:] + self.inner.read(3)
        if self.on_bytes:
            self.on_bytes(len(data))
        buffer[:len(data)] = data
        return len(data)
