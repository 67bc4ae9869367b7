"""Stage 6 — write: the only module that touches the output directory.

Each file is written atomically (a temporary file in the same directory, then a rename), an
unchanged file is left untouched, and ``manifest.json`` lists every document with its content
hash. Documents of fixtures not rendered in this run keep their manifest entries, so a
fixture whose facts stopped validating keeps its last good output.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``; the caller renames it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
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

    def write(self, docs: Iterable[Document],
              inputs: Callable[[Document], dict[str, str]] | None = None) -> None:
        """Write the documents of one fixture, all or none; ``inputs`` gives what each
        depends on, for the manifest.

        Every changed document is first written to a temporary file; only when all of them
        are on disk are they renamed into place, so a failure leaves the fixture's previous
        output whole.
        """
        staged: list[tuple[Path, Path, Document]] = []
        unchanged: list[Document] = []
        try:
            for doc in docs:
                target = self.out / doc.path
                if _unchanged(target, doc.data):
                    unchanged.append(doc)
                else:
                    staged.append((_stage(target, doc.data), target, doc))
            for tmp, target, _ in staged:
                os.replace(tmp, target)
        except OSError as exc:
            for tmp, _, _ in staged:
                tmp.unlink(missing_ok=True)
            where = exc.filename or self.out
            raise NewsgenError(f"{where}: cannot write ({exc.strerror}); this fixture's "
                               "previous output is untouched") from None
        for doc in unchanged:
            self.report.unchanged.append(doc.path)
            self.entries[doc.path] = manifest_entry(doc, inputs(doc) if inputs else None)
        for _, _, doc in staged:
            self.report.written.append(doc.path)
            self.entries[doc.path] = manifest_entry(doc, inputs(doc) if inputs else None)

    def orphans(self, fixtures: Iterable[str]) -> list[str]:
        """Documents on file whose fixture is no longer in the facts (renamed, re-dated)."""
        known = set(fixtures)
        return sorted(path for path, entry in self.entries.items()
                      if entry.get("fixture") not in known and (self.out / path).is_file())

    def close(self) -> None:
        """Write the manifest, dropping entries whose file is gone."""
        entries = {path: entry for path, entry in sorted(self.entries.items())
                   if (self.out / path).is_file()}
        manifest: dict[str, Any] = {"generator": f"newsgen {__version__}",
                                    "documents": entries}
        used = {e.get("fixture") for e in entries.values()}
        fixtures = {k: v for k, v in sorted(self.fixtures.items()) if k in used}
        if fixtures:
            manifest["fixtures"] = fixtures
        data = (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
        try:
            atomic_write(self.out / MANIFEST, data.encode("utf-8"))
        except OSError as exc:
            raise NewsgenError(f"{self.out / MANIFEST}: cannot write ({exc.strerror})") \
                from None
