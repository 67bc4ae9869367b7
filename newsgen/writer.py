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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .document import Document
from .errors import NewsgenError

MANIFEST = "manifest.json"


@dataclass(slots=True)
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def atomic_write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True if written."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def read_manifest(out: Path) -> dict[str, Any]:
    path = out / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise NewsgenError(f"{path}: found a manifest that is not valid JSON ({exc}), "
                           "expected the file newsgen writes; delete it to start afresh") \
            from None
    docs = data.get("documents") if isinstance(data, dict) else None
    return docs if isinstance(docs, dict) else {}


def manifest_entry(doc: Document) -> dict[str, Any]:
    return {"fixture": doc.fixture, "locale": doc.locale, "length": doc.length,
            "lang": doc.front_matter["lang"], "sha256": doc.sha256,
            **({"fallback": True} if doc.fallback else {})}


class Writer:
    """Writes the documents of one run into ``out`` and keeps the manifest."""

    def __init__(self, out: Path) -> None:
        self.out = out
        try:
            self.entries = read_manifest(out)
        except OSError as exc:
            raise NewsgenError(f"{out}: cannot read the output directory ({exc.strerror})") \
                from None
        self.report = WriteReport()

    def write(self, docs: Iterable[Document]) -> None:
        """Write the documents of one fixture (all rendered before any is written)."""
        for doc in docs:
            try:
                changed = atomic_write(self.out / doc.path, doc.data)
            except OSError as exc:
                raise NewsgenError(f"{self.out / doc.path}: cannot write ({exc.strerror})") \
                    from None
            (self.report.written if changed else self.report.unchanged).append(doc.path)
            self.entries[doc.path] = manifest_entry(doc)

    def close(self) -> None:
        """Write the manifest, dropping entries whose file is gone."""
        entries = {path: entry for path, entry in sorted(self.entries.items())
                   if (self.out / path).is_file()}
        manifest = {"generator": f"newsgen {__version__}", "documents": entries}
        data = (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
        try:
            atomic_write(self.out / MANIFEST, data.encode("utf-8"))
        except OSError as exc:
            raise NewsgenError(f"{self.out / MANIFEST}: cannot write ({exc.strerror})") \
                from None
