"""Parallel rendering gives the serial output; incremental rendering redoes exactly the
documents whose inputs changed; ``render --check`` and ``--dry-run`` write nothing."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import FACTS, TEMPLATES

import newsgen.cli
from newsgen.cli import main
from newsgen.parallel import Task

LN = "2019-11-27-liverpool-napoli"
LENGTHS = ("headline", "brief", "short", "full")


def _copy(tmp: Path) -> tuple[Path, Path]:
    facts, templates = tmp / "facts", tmp / "templates"
    shutil.copytree(FACTS, facts)
    shutil.copytree(TEMPLATES, templates)
    return facts, templates


def _render(facts: Path, templates: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["render", "--facts", str(facts), "--templates", str(templates), "--out",
                 str(out), *extra], out=stdout, err=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file()}


def test_parallel_and_serial_runs_write_identical_files_and_manifest(tmp_path: Path) -> None:
    facts, templates = _copy(tmp_path)
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert _render(facts, templates, serial, "--jobs", "1")[0] == 0
    assert _render(facts, templates, parallel, "--jobs", "2")[0] == 0
    one, two = _files(serial), _files(parallel)
    assert "manifest.json" in one and len(one) > 100
    assert one == two


def _record(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Every (fixture, locale, length) the next renders are asked to render."""
    seen: list[tuple[str, str, str]] = []
    real = newsgen.cli.render_tasks

    def spy(loaded: Any, tasks: list[Task], *args: Any, **kwargs: Any) -> Any:
        seen.extend((t.fixture, loc, length) for t in tasks for loc in t.locales
                    for length in t.lengths)
        return real(loaded, tasks, *args, **kwargs)

    monkeypatch.setattr(newsgen.cli, "render_tasks", spy)
    return seen


@pytest.fixture
def rendered(tmp_path: Path) -> tuple[Path, Path, Path]:
    facts, templates = _copy(tmp_path)
    # a second locale (English words under another name) shows what a locale's edit spares
    shutil.copytree(templates / "en", templates / "xx")
    out = tmp_path / "out"
    code, _, err = _render(facts, templates, out)
    assert code == 0, err
    return facts, templates, out


def _rerender(rendered: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
              ) -> tuple[set[tuple[str, str, str]], str]:
    seen = _record(monkeypatch)
    code, _, err = _render(*rendered, "--jobs", "1")
    assert code == 0, err
    return set(seen), err


def _all_documents(out: Path) -> set[tuple[str, str, str]]:
    docs = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    return {(e["fixture"], e["locale"], e["length"]) for e in docs.values()}


def test_nothing_changed_renders_nothing(rendered: tuple[Path, Path, Path],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    redone, err = _rerender(rendered, monkeypatch)
    assert redone == set()
    assert f"{len(_all_documents(rendered[2]))} up to date" in err


def test_a_changed_fixture_file_renders_that_fixture_only(
        rendered: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    facts, _, out = rendered
    path = facts / "ucl-2019-20" / f"{LN}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("minute: 65", "minute: 66"),
                    encoding="utf-8")
    redone, _ = _rerender(rendered, monkeypatch)
    assert redone == {d for d in _all_documents(out) if d[0] == LN}
    assert "66th minute" in (out / f"en/{LN}.full.md").read_text(encoding="utf-8")


def test_a_corrected_result_renders_the_recaps_whose_table_it_feeds(
        rendered: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    facts, _, out = rendered
    path = facts / "ucl-2019-20" / "group-e.yaml"
    text = path.read_text(encoding="utf-8")
    old = "home: liverpool, away: genk, score: 2-1"
    assert old in text
    path.write_text(text.replace(old, "home: liverpool, away: genk, score: 2-0")
                    .replace("score: 2-0, half_time: 1-1", "score: 2-0, half_time: 1-0"),
                    encoding="utf-8")
    redone, _ = _rerender(rendered, monkeypatch)
    fixtures = {f for f, _, _ in redone}
    group_e = {f for f, _, _ in _all_documents(out)
               if f in {"2019-11-05-liverpool-genk", "2019-11-05-napoli-salzburg",
                        LN, "2019-11-27-genk-salzburg"}}
    # the corrected match, the other match that night, and both matches of matchday 5
    assert fixtures == group_e
    assert redone == {d for d in _all_documents(out) if d[0] in group_e}
    assert not any("2019-09-17" in f or "2019-10" in f for f in fixtures), \
        "an earlier recap was redone, though the result did not feed its table"


def test_a_template_edit_renders_that_locale_and_length_only(
        rendered: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    _, templates, out = rendered
    full = templates / "en" / "full.md.j2"
    full.write_text(full.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    redone, _ = _rerender(rendered, monkeypatch)
    assert redone == {d for d in _all_documents(out) if d[1:] == ("en", "full")}


def test_a_lexicon_edit_renders_that_locale_only(
        rendered: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    _, templates, out = rendered
    lexicon = templates / "xx" / "lexicon.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# reviewed\n",
                       encoding="utf-8")
    redone, _ = _rerender(rendered, monkeypatch)
    assert redone == {d for d in _all_documents(out) if d[1] == "xx"}


def test_a_deleted_output_file_is_written_again(
        rendered: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    out = rendered[2]
    (out / f"en/{LN}.short.md").unlink()
    redone, _ = _rerender(rendered, monkeypatch)
    assert redone == {(LN, "en", "short")}
    assert (out / f"en/{LN}.short.md").is_file()


def test_all_renders_every_document(rendered: tuple[Path, Path, Path],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _record(monkeypatch)
    assert _render(*rendered, "--all")[0] == 0
    assert set(seen) == _all_documents(rendered[2])


def test_check_passes_on_a_fresh_render_and_names_a_file_a_template_edit_changes(
        rendered: tuple[Path, Path, Path]) -> None:
    facts, templates, out = rendered
    before = _files(out)
    code, listed, err = _render(facts, templates, out, "--check")
    assert (code, listed) == (0, ""), err
    headline = templates / "en" / "headline.md.j2"
    headline.write_text(headline.read_text(encoding="utf-8").replace("{", "UPDATE: {", 1),
                        encoding="utf-8")
    code, listed, err = _render(facts, templates, out, "--check")
    assert code == 1
    assert f"{out}/en/{LN}.headline.md (changed)" in listed.splitlines()
    assert f"{out}/xx/{LN}.headline.md" not in listed
    assert "would change" in err
    assert _files(out) == before, "--check wrote something"


def test_dry_run_lists_what_would_be_written_and_writes_nothing(tmp_path: Path) -> None:
    facts, templates = _copy(tmp_path)
    out = tmp_path / "out"
    code, listed, _ = _render(facts, templates, out, "--dry-run")
    assert code == 0
    assert f"{out}/en/{LN}.full.md (new)" in listed.splitlines()
    assert not out.exists()
    assert _render(facts, templates, out)[0] == 0
    assert _render(facts, templates, out, "--dry-run")[1] == ""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_fixture_that_cannot_be_written_keeps_its_old_output_and_the_rest_are_written(
        tmp_path: Path, jobs: str) -> None:
    """Where the worker writes (--jobs 2) as where the parent does (--jobs 1): the error
    names the file, the fixture's documents are all or none, the others are written."""
    facts, templates = _copy(tmp_path)
    out = tmp_path / "out"
    blocked = out / "en" / f"{LN}.short.md"
    blocked.mkdir(parents=True)  # a folder where a recap should go: no one can replace it
    code, _, err = _render(facts, templates, out, "--jobs", jobs, "--locale", "en")
    assert code == 1
    assert f"{blocked}: cannot write" in err and "previous output is untouched" in err
    assert "Traceback" not in err
    written = {p.name for p in (out / "en").glob("*.md") if p.is_file()}
    assert not any(name.startswith(LN) for name in written)  # all or none of the fixture
    assert len(written) > 100  # every other fixture
    assert not list(out.rglob("*.tmp"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert not any(path.startswith(f"en/{LN}.") for path in manifest["documents"])
