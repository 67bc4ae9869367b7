"""Stage 6 — write: the only module that touches the output directory.

Each file is written atomically (a temporary file in the same directory, then a rename), an
unchanged file is left untouched, and ``manifest.json`` lists every document with its content
hash. Documents of fixtures not rendered in this run keep their manifest entries, so a
fixture whose facts stopped validating keeps its last good output.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any

from . import __version__
from .document import Document
from .errors import NewsgenError, UsageError

MANIFEST = "manifest.json"


@dataclass(slots=True)
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # up to date: not rendered again


def _unchanged(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except FileNotFoundError:
        return False


def pending(path: Path, data: bytes) -> str | None:
    """What writing ``data`` to ``path`` would do: ``new``, ``changed``, or None (nothing);
    for ``render --check`` and ``--dry-run``, which write nothing."""
    try:
        if path.read_bytes() == data:
            return None
    except OSError:
        pass
    return "changed" if path.exists() else "new"


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def _open_new(name: str) -> tuple[int, str]:
    """A new file of that name (this process's own), else one with a random name."""
    try:
        return os.open(name, _CREATE, 0o644), name
    except FileExistsError:  # left by an earlier run that stopped half-way
        folder, base = os.path.split(name)
        return tempfile.mkstemp(prefix=f"{base.removesuffix('.tmp')}.", suffix=".tmp",
                                dir=folder)


def _temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path`` (its folder made if need be), open."""
    name = os.path.join(path.parent, f".{path.name}.{os.getpid()}.tmp")
    try:
        return _open_new(name)
    except FileNotFoundError:  # the first file of its folder (asking first costs every file)
        path.parent.mkdir(parents=True, exist_ok=True)
        return _open_new(name)


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``; the caller renames it."""
    fd, tmp = _temporary(path)
    try:
        try:
            os.fchmod(fd, 0o644)  # whatever the umask: the CMS reads these files
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True if written."""
    if _unchanged(path, data):
        return False
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def read_manifest(out: Path) -> dict[str, Any]:
    return _read_manifest(out).get("documents") or {}


def _read_manifest(out: Path) -> dict[str, Any]:
    path = out / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise NewsgenError(f"{path}: found a manifest that is not valid JSON ({exc}), "
                           "expected the file newsgen writes; delete it to start afresh") \
            from None
    if not isinstance(data, dict):
        return {}
    return {key: data[key] for key in ("documents", "fixtures")
            if isinstance(data.get(key), dict)}


def manifest_entry(doc: Document, inputs: dict[str, str] | None = None) -> dict[str, Any]:
    return {"fixture": doc.fixture, "locale": doc.locale, "length": doc.length,
            "lang": doc.front_matter["lang"], "sha256": doc.sha256,
            **({"fallback": True} if doc.fallback else {}),
            **({"inputs": inputs} if inputs else {})}


class _Spill:
    """Pieces of the manifest kept in an unnamed temporary file until it is written: a big
    run records hundreds of thousands of documents, and the manifest, sorted by path, can
    only be written once all are known. A piece is found again by its offset and size,
    packed in one int."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._end = 0

    def put(self, text: str) -> int:
        data = text.encode("utf-8")
        try:
            if self._file is None:
                # closed by close(), or when the writer is let go
                self._file = tempfile.TemporaryFile(prefix="newsgen-manifest-")  # noqa: SIM115
            self._file.write(data)
        except OSError as exc:
            raise NewsgenError(f"{tempfile.gettempdir()}: cannot keep the manifest's entries "
                               f"in a temporary file there ({exc.strerror}); set TMPDIR to a "
                               "directory with room") from None
        offset, self._end = self._end, self._end + len(data)
        return offset << 32 | len(data)

    def get(self, key: int) -> str:
        assert self._file is not None
        self._file.flush()
        offset, size = key >> 32, key & 0xFFFFFFFF
        return os.pread(self._file.fileno(), size, offset).decode("utf-8")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._end = 0


class _Raw(str):
    """Text ``json_chunks`` writes as it is: a value made by ``pretty_json`` beforehand."""

    __slots__ = ()


_DEPTH = "    "  # the indent of a document's entry, and of a fixture's, in the manifest


def _fixture_of(value: Any) -> Any:
    return value.get("fixture") if isinstance(value, dict) else None


@dataclass(frozen=True, slots=True)
class Committed:
    """What writing one fixture's documents did: per document its path, its manifest entry
    and whether it was written (False: the file already held exactly that)."""

    documents: tuple[tuple[str, dict[str, Any], bool], ...]


# Signals that stop a run: while a fixture is written they wait, then act as ever
_STOPS = frozenset(s for s in (getattr(signal, name, None)
                               for name in ("SIGTERM", "SIGINT", "SIGHUP")) if s is not None)


@contextmanager
def _held_stops() -> Iterator[None]:
    """Ctrl-C, or the SIGTERM of a service manager or of a parallel run's pool, held off
    for the few milliseconds a fixture's files take to write: they take effect right after,
    so no fixture is left with some files renamed and others not, or temporary files behind.
    (Only where signals can be held, in a process's only thread: elsewhere as before.)"""
    hold = hasattr(signal, "pthread_sigmask") and threading.active_count() == 1
    if not hold:
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def commit(out: Path, docs: Sequence[Document]) -> list[bool]:
    """Write the documents of one fixture into ``out``, all or none; for each, whether it
    was written (False: the file already held exactly that, and is left untouched).

    Every changed document is first written to a temporary file; only when all of them are
    on disk are they renamed into place, so a failure leaves the fixture's previous output
    whole. A signal to stop (Ctrl-C, SIGTERM) waits until the fixture is written.
    """
    with _held_stops():
        return _commit(out, docs)


def _commit(out: Path, docs: Sequence[Document]) -> list[bool]:
    staged: list[tuple[Path, Path]] = []
    written: list[bool] = []
    try:
        for doc in docs:
            target = out / doc.path
            fresh = not _unchanged(target, doc.data)
            if fresh:
                staged.append((_stage(target, doc.data), target))
            written.append(fresh)
        for tmp, target in staged:
            os.replace(tmp, target)
    except BaseException as exc:  # a full disk, a folder in the way, or Ctrl-C
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        where = exc.filename or out
        raise NewsgenError(f"{where}: cannot write ({exc.strerror}); this fixture's "
                           "previous output is untouched") from None
    return written


def pretty_json(value: Any, indent: str = "") -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)``, the same text:
    with an indent, json encodes in Python, slowly, and a manifest lists every document.
    Only what a manifest holds: dicts with string keys, lists, strings, numbers, booleans.
    """
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "  "
        items = [f"{inner}{encode_basestring(k)}: {pretty_json(v, inner)}"
                 for k, v in sorted(value.items())]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = indent + "  "
        return "[\n" + ",\n".join(f"{inner}{pretty_json(v, inner)}" for v in value) + \
            f"\n{indent}]"
    return json.dumps(value)  # true, false, null, a number


class _Items:
    """A mapping's items, already sorted, made as ``json_chunks`` asks for them."""

    __slots__ = ("items",)

    def __init__(self, items: Callable[[], Iterator[tuple[str, Any]]]) -> None:
        self.items = items


def json_chunks(value: Any, indent: str = "", depth: int = 2) -> Iterator[str]:
    """``pretty_json(value, indent)`` in pieces, the top ``depth`` levels of mappings one
    entry at a time (a manifest: one piece per document)."""
    if isinstance(value, _Raw):
        yield value
        return
    if isinstance(value, _Items):
        yield from _mapping_chunks(value.items(), indent, depth)
        return
    if depth == 0 or not isinstance(value, dict) or not value:
        yield pretty_json(value, indent)
        return
    yield from _mapping_chunks(sorted(value.items()), indent, depth)


def _mapping_chunks(items: Iterable[tuple[str, Any]], indent: str, depth: int) -> Iterator[str]:
    """A mapping given as its items, already sorted (and made as they are asked for), in
    pieces as ``json_chunks`` writes it: ``{}`` when there are none."""
    inner = indent + "  "
    first = True
    for key, item in items:
        yield f"{'{' if first else ','}\n{inner}{encode_basestring(key)}: "
        first = False
        yield from json_chunks(item, inner, depth - 1)
    yield "{}" if first else f"\n{indent}}}"


def _same_bytes(one: Path, other: Path, block: int = 1 << 20) -> bool:
    """Whether two files hold the same bytes (read a block at a time, nothing cached)."""
    try:
        if one.stat().st_size != other.stat().st_size:
            return False
        with one.open("rb") as a, other.open("rb") as b:
            while True:
                x, y = a.read(block), b.read(block)
                if x != y:
                    return False
                if not x:
                    return True
    except FileNotFoundError:
        return False


def write_streamed(path: Path, chunks: Iterable[str]) -> bool:
    """``atomic_write`` for text made a piece at a time: staged, then renamed into place
    unless the file already held exactly that; True if written."""
    fd, name = _temporary(path)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            os.fchmod(fd, 0o644)
            for chunk in chunks:
                handle.write(chunk)
        if _same_bytes(tmp, path):
            tmp.unlink()
            return False
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


class Writer:
    """Writes the documents of one run into ``out`` and keeps the manifest."""

    def __init__(self, out: Path) -> None:
        self.out = out
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {out}: is a file, expected a directory")
        try:
            manifest = _read_manifest(out)
            self.entries: dict[str, Any] = manifest.get("documents") or {}
            # per fixture: the results that fed its table (what its documents depend on)
            self.fixtures: dict[str, Any] = manifest.get("fixtures") or {}
        except OSError as exc:
            raise NewsgenError(f"{out}: cannot read the output directory ({exc.strerror})") \
                from None
        self.report = WriteReport()
        self._spill = _Spill()
        self._live: Counter[Any] = Counter()  # per fixture: its entries recorded in this run

    def write(self, docs: Iterable[Document],
              inputs: Callable[[Document], dict[str, str]] | None = None) -> None:
        """Write the documents of one fixture, all or none (see ``commit``); ``inputs``
        gives what each depends on, for the manifest."""
        docs = list(docs)
        written = commit(self.out, docs)
        self.record(Committed(tuple(
            (doc.path, manifest_entry(doc, inputs(doc) if inputs else None), fresh)
            for doc, fresh in zip(docs, written, strict=True))))

    def record(self, committed: Committed) -> None:
        """Take note of documents ``commit`` wrote (here or in a worker process); their
        entries wait in the spill file for the manifest."""
        for path, entry, fresh in committed.documents:
            path = sys.intern(path)  # one string for the entry and the report
            (self.report.written if fresh else self.report.unchanged).append(path)
            before = self.entries.get(path)
            if isinstance(before, int):  # recorded twice: the first no longer counts
                self._live[_fixture_of(json.loads(self._spill.get(before)))] -= 1
            self.entries[path] = self._spill.put(pretty_json(entry, _DEPTH))
            self._live[_fixture_of(entry)] += 1

    def record_fixture(self, fixture_id: str, record: Any) -> None:
        """The manifest's record of a fixture rendered in this run (its file, its table)."""
        self.fixtures[fixture_id] = self._spill.put(pretty_json(record, _DEPTH))

    def _value(self, value: Any) -> Any:
        return _Raw(self._spill.get(value)) if isinstance(value, int) else value

    def entry(self, path: str) -> Any:
        """The manifest's entry for a document (as read, or as recorded in this run)."""
        value = self.entries.get(path)
        return json.loads(self._spill.get(value)) if isinstance(value, int) else value

    def orphans(self, fixtures: Iterable[str]) -> list[str]:
        """Documents on file whose fixture is no longer in the facts (renamed, re-dated)."""
        known = set(fixtures)
        return sorted(path for path, entry in self.entries.items()
                      if not isinstance(entry, int)  # recorded in this run: a known fixture
                      and _fixture_of(entry) not in known and (self.out / path).is_file())

    def close(self) -> None:
        """Write the manifest, dropping entries whose file is gone.

        The manifest is written a piece at a time, each entry read back from the spill file
        as its turn comes: a big run's manifest never sits in memory whole."""
        entries = self.entries
        # recorded in this run: just written or compared, so on disk; the rest is asked
        kept = [path for path in sorted(entries) if isinstance(entries[path], int)
                or (self.out / path).is_file()]
        used = {_fixture_of(entries[path]) for path in kept
                if not isinstance(entries[path], int)}
        used.update(k for k, n in self._live.items() if n > 0)
        fixtures = {k: v for k, v in sorted(self.fixtures.items()) if k in used}
        top: list[tuple[str, Any]] = [
            ("documents", _Items(lambda: ((p, self._value(entries[p])) for p in kept))),
            *([("fixtures", _Items(lambda: ((k, self._value(v)) for k, v in fixtures.items())))]
              if fixtures else []),
            ("generator", f"newsgen {__version__}")]
        try:  # sorted keys, as json_chunks writes a mapping
            write_streamed(self.out / MANIFEST, chain(_mapping_chunks(top, "", 2), "\n"))
        except OSError as exc:
            raise NewsgenError(f"{self.out / MANIFEST}: cannot write ({exc.strerror})") \
                from None
        finally:
            self._spill.close()


# --- imported fact files -----------------------------------------------------------------
# `newsgen import` writes fact files that people then edit. Each starts with a stamp line
# holding the SHA-256 of the rest of the file: while it matches, the file is as imported and a
# later import may replace it; once anyone edits the file (or writes one without a stamp), it
# is theirs and an import leaves it alone unless forced.

IMPORT_STAMP = "# newsgen-import sha256:"
_STAMP_RE = re.compile(r"^# newsgen-import sha256:([0-9a-f]{64})\b[^\n]*\n")


def stamp_import(body: str) -> bytes:
    """The bytes of an imported fact file: the stamp line, then ``body``."""
    data = body.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    return (f"{IMPORT_STAMP}{digest} (do not edit this line; edit below and the import "
            "leaves the file alone)\n").encode() + data


def import_state(data: bytes | None) -> str:
    """``missing``, ``imported`` (untouched since import) or ``edited`` (anything else)."""
    if data is None:
        return "missing"
    m = _STAMP_RE.match(data.decode("utf-8", errors="replace"))
    if m is None:
        return "edited"
    body = data[data.index(b"\n") + 1:]
    return "imported" if hashlib.sha256(body).hexdigest() == m.group(1) else "edited"


def commit_files(writes: Mapping[Path, bytes], removals: Iterable[Path] = ()) -> None:
    """Write several files all or none: stage every one, then rename them into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in sorted(writes.items()):
            staged.append((_stage(path, data), path))
        for tmp, path in staged:
            os.replace(tmp, path)
        for path in sorted(removals):
            path.unlink(missing_ok=True)
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise NewsgenError(f"{exc.filename or '?'}: cannot write ({exc.strerror}); the "
                           "files of this import that were not yet in place are untouched") \
            from None


@dataclass(slots=True)
class ImportPlan:
    """What an import will do to the facts directory."""

    writes: dict[Path, bytes] = field(default_factory=dict)
    unchanged: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # edited by hand: left alone
    removals: list[Path] = field(default_factory=list)  # imported, untouched, now empty


def read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def plan_import(root: Path, files: Mapping[str, str], targets: Iterable[str],
                force: bool) -> ImportPlan:
    """Decide, file by file, what an import writes under ``root``.

    ``files`` maps paths relative to ``root`` to the text the import made; ``targets`` are
    every path the feed leads to, including those left with nothing to hold (an untouched
    imported file of those is stale and removed).
    """
    plan = ImportPlan()
    for rel in sorted(set(targets) | set(files)):
        path = root / rel
        existing = read_or_none(path)
        state = import_state(existing)
        if state == "edited" and not force:
            plan.kept.append(path)
        elif rel not in files:
            if state == "imported":
                plan.removals.append(path)
        elif existing == (data := stamp_import(files[rel])):
            plan.unchanged.append(path)
        else:
            plan.writes[path] = data
    return plan
SITE_MARK = ".newsgen-preview"  # a directory holding it is a preview site newsgen may replace


def check_site_dir(out: Path) -> None:
    """Refuse an ``out`` that is a file or holds anything but an earlier preview."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: is a file, expected a directory")
    try:
        foreign = out.is_dir() and any(out.iterdir()) and not (out / SITE_MARK).is_file()
    except OSError as exc:
        raise NewsgenError(f"{out}: cannot read ({exc.strerror})") from None
    if foreign:
        raise UsageError(f"--out {out}: holds files the preview did not write; expected an "
                         "empty directory or an earlier preview (it is replaced whole)")


def write_site(out: Path, pages: Mapping[str, bytes]) -> None:
    """Write a whole site (the preview) as one: built in a temporary directory, then swapped
    in for ``out``, so a reader never sees a half-built site or a stale page beside new ones.

    ``out`` is replaced only when it is missing, empty or a site written here before.
    """
    check_site_dir(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as exc:
        raise NewsgenError(f"{out}: cannot write ({exc.strerror})") from None
    old: Path | None = None
    try:
        for rel, data in sorted({**pages, SITE_MARK: b""}.items()):
            path = new / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            path.chmod(0o644)
        for folder in [new, *(p for p in new.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old)
        os.replace(new, out)
    except OSError as exc:
        if old is not None and not out.exists():
            os.replace(old, out)
            old = None
        shutil.rmtree(new, ignore_errors=True)
        raise NewsgenError(f"{exc.filename or out}: cannot write ({exc.strerror}); the "
                           "previous preview is untouched") from None
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
