"""Writing: atomic files, untouched unchanged files, the manifest, byte-identical runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FACTS, ROOT, TEMPLATES
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.cli import main
from newsgen.writer import atomic_write, json_chunks, pretty_json

LN = "2019-11-27-liverpool-napoli"


def _render(out: Path, *extra: str) -> int:
    import io
    return main(["render", "--facts", str(FACTS), "--templates", str(TEMPLATES),
                 "--out", str(out), *extra], out=io.StringIO(), err=io.StringIO())


def test_render_writes_every_document_and_a_manifest(tmp_path: Path) -> None:
    assert _render(tmp_path) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    docs = manifest["documents"]
    files = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md")}
    assert set(docs) == files
    assert f"en/{LN}.full.md" in files
    entry = docs[f"en/{LN}.full.md"]
    import hashlib
    assert entry["sha256"] == hashlib.sha256((tmp_path / f"en/{LN}.full.md").read_bytes()) \
        .hexdigest()
    assert entry == {**entry, "fixture": LN, "locale": "en", "length": "full", "lang": "en"}
    assert not list(tmp_path.rglob("*.tmp")), "temporary files left behind"


def test_front_matter_follows_the_output_contract(tmp_path: Path) -> None:
    import yaml
    assert _render(tmp_path, "--length", "full", "--locale", "en") == 0
    text = (tmp_path / f"en/{LN}.full.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    matter = yaml.safe_load(text.split("---\n")[1])
    assert matter["date"] == "2019-11-27T20:00:00+00:00"  # 21:00 CET at Anfield
    assert matter["translationKey"] == LN
    assert matter["lang"] == "en"
    assert matter["draft"] is True and matter["generated"] is True
    assert matter["title"] == "Lovren header earns Liverpool 1-1 draw with Napoli"
    assert "Dejan Lovren" in matter["summary"] and "1-1" in matter["summary"]
    assert matter["newsgen"]["fixture"] == LN and matter["newsgen"]["length"] == "full"
    assert {"title", "slug", "date", "lastmod", "lang", "translationKey", "summary", "tags",
            "draft"} <= set(matter)


def test_rerendering_unchanged_input_leaves_files_untouched(tmp_path: Path) -> None:
    assert _render(tmp_path, "--locale", "en") == 0
    files = sorted(tmp_path.rglob("*.md"))
    before = {p: p.stat().st_mtime_ns for p in files}
    for p in files:  # make any rewrite visible even on coarse clocks
        os.utime(p, ns=(1, 1))
    assert _render(tmp_path, "--locale", "en") == 0
    assert all(p.stat().st_mtime_ns == 1 for p in files), "an unchanged file was rewritten"
    assert before


def test_rendering_one_fixture_keeps_the_others_in_the_manifest(tmp_path: Path) -> None:
    assert _render(tmp_path, "--locale", "en") == 0
    total = len(json.loads((tmp_path / "manifest.json").read_text())["documents"])
    fixture_file = FACTS / "ucl-2019-20" / f"{LN}.yaml"
    assert _render(tmp_path, str(fixture_file), "--locale", "en") == 0
    assert len(json.loads((tmp_path / "manifest.json").read_text())["documents"]) == total


def test_atomic_write_replaces_and_reports(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.md"
    assert atomic_write(target, b"one") is True
    assert atomic_write(target, b"one") is False
    assert atomic_write(target, b"two") is True
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["b.md"]


def test_stdout_writes_no_files(tmp_path: Path) -> None:
    import io
    out = io.StringIO()
    code = main(["render", "--facts", str(FACTS), "--templates", str(TEMPLATES), "--out",
                 str(tmp_path / "out"), "--stdout", "--length", "headline",
                 str(FACTS / "ucl-2019-20" / f"{LN}.yaml")], out=out, err=io.StringIO())
    assert code == 0
    assert not (tmp_path / "out").exists()
    assert out.getvalue().count("---\n") == 2 * len([d for d in TEMPLATES.iterdir()
                                                     if (d / "lexicon.yaml").exists()])
    assert "Lovren header earns Liverpool 1-1 draw with Napoli" in out.getvalue()


def test_output_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    """Same facts and templates give the same bytes whatever PYTHONHASHSEED is."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "newsgen", "render", "--facts", str(FACTS),
                        "--templates", str(TEMPLATES), "--out", str(out)],
                       check=True, env=env, cwd=ROOT, capture_output=True)
        outs.append(out)
    a = {p.relative_to(outs[0]): p.read_bytes() for p in outs[0].rglob("*") if p.is_file()}
    b = {p.relative_to(outs[1]): p.read_bytes() for p in outs[1].rglob("*") if p.is_file()}
    assert a == b and len(a) > 100
    shutil.rmtree(outs[0])


MANIFEST_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(MANIFEST_VALUES)
def test_pretty_json_is_what_json_dumps_writes(value: Any) -> None:
    assert pretty_json(value) == json.dumps(value, indent=2, ensure_ascii=False,
                                            sort_keys=True)


@settings(max_examples=200, deadline=None)
@given(MANIFEST_VALUES, st.integers(min_value=0, max_value=3))
def test_the_manifest_written_in_pieces_is_the_same_text(value: Any, depth: int) -> None:
    assert "".join(json_chunks(value, depth=depth)) == pretty_json(value)


def test_a_temporary_file_left_by_a_stopped_run_is_stepped_around(tmp_path: Path) -> None:
    target = tmp_path / "out" / "en" / "x.md"
    target.parent.mkdir(parents=True)
    stale = target.parent / f".x.md.{os.getpid()}.tmp"
    stale.write_bytes(b"half a file")
    assert atomic_write(target, b"whole\n")
    assert target.read_bytes() == b"whole\n"
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)
    assert stale.read_bytes() == b"half a file"  # not ours to remove
    assert sorted(p.name for p in target.parent.iterdir()) == [stale.name, "x.md"]


def test_a_stopped_write_leaves_no_temporary_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C (or a stopped worker) half-way through a fixture: nothing of it is left."""
    import newsgen.writer as writer
    from newsgen.document import Document

    docs = [Document.build("f", "en", n, f"en/{n}.md", {"title": n}, f"{n}\n")
            for n in ("a", "b", "c")]
    real, calls = writer._stage, []

    def stage(path: Path, data: bytes) -> Path:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(path, data)

    monkeypatch.setattr(writer, "_stage", stage)
    with pytest.raises(KeyboardInterrupt):
        writer.commit(tmp_path, docs)
    assert [p.name for p in tmp_path.rglob("*")] == ["en"]  # the folder, and nothing in it


def test_a_second_manifest_in_the_same_process_is_written(tmp_path: Path) -> None:
    from newsgen.writer import write_streamed

    path = tmp_path / "manifest.json"
    assert write_streamed(path, ['{"a": 1}', "\n"])
    assert not write_streamed(path, ['{"a": 1}', "\n"])  # the same: left alone
    assert write_streamed(path, ['{"a": 2}', "\n"])  # the same size, other bytes
    assert path.read_text(encoding="utf-8") == '{"a": 2}\n'
