"""Corrections: a corrected fact gets a new ``lastmod`` and a correction line in every locale,
and nothing else changes."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import FACTS, TEMPLATES, locales

from newsgen.cli import main
from newsgen.facts import load_directory
from newsgen.planner import plan, view
from newsgen.realise import Realiser

LN = "2019-11-27-liverpool-napoli"
LN_FILE = Path("ucl-2019-20") / f"{LN}.yaml"
MINUTE = "    - minute: 21\n      type: goal\n      team: napoli\n"
CORRECTION = "  corrections:\n    - {at: 2019-11-28T09:30+00:00, fact: events/2/time}\n"


def render(facts: Path, templates: Path, out: Path) -> str:
    err = io.StringIO()
    code = main(["render", "--facts", str(facts), "--templates", str(templates), "--out",
                 str(out)], out=io.StringIO(), err=err)
    assert code == 0, err.getvalue()
    return err.getvalue()


def snapshot(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(out.rglob("*.md"))}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(FACTS, tmp_path / "facts")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    return tmp_path


def correct(facts: Path) -> None:
    path = facts / LN_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count(MINUTE) == 1 and text.count("  half_time: 0-1\n") == 1
    text = text.replace(MINUTE, MINUTE.replace("21", "22"))
    text = text.replace("  half_time: 0-1\n", "  half_time: 0-1\n" + CORRECTION)
    path.write_text(text, encoding="utf-8")


def test_a_correction_moves_lastmod_and_adds_a_line_in_every_locale(site: Path) -> None:
    facts, templates, out = site / "facts", site / "templates", site / "out"
    render(facts, templates, out)
    before = snapshot(out)
    correct(facts)
    render(facts, templates, out)
    after = snapshot(out)

    changed = {path for path in after if after[path] != before.get(path)}
    assert set(after) == set(before)
    expected = {f"{loc}/{LN}.{length}.md" for loc in locales()
                for length in ("headline", "brief", "short", "full")}
    assert changed == expected  # nothing else changes

    loaded = load_directory(facts)
    realiser = Realiser(templates, loaded.facts)
    full = plan(loaded.facts, LN)
    for path in sorted(changed):
        old, new = before[path].splitlines(), after[path].splitlines()
        assert 'lastmod: "2019-11-28T09:30:00+00:00"' in new, path
        assert 'lastmod: "2019-11-28T09:30:00+00:00"' not in old, path
        locale, length = path.split("/")[0], path.split(".")[-2]
        if length in ("short", "full"):
            said = dict((m.kind, text) for m, text in
                        realiser.sentences(view(full, length), locale))
            line = said["correction"].strip()
            assert line and line in after[path] and line not in before[path], path
    en_short = after[f"en/{LN}.short.md"]
    assert "An earlier version of this story misstated the minute of Mertens' goal." in en_short
    # besides lastmod and the correction, only the minute changed
    old_lines = set(before[f"en/{LN}.full.md"].splitlines())
    extra = [ln for ln in after[f"en/{LN}.full.md"].splitlines()
             if ln not in old_lines and "lastmod" not in ln and "An earlier version" not in ln]
    assert extra and all("22nd" in ln for ln in extra), extra


@pytest.mark.parametrize(("entry", "message"), [
    ("{at: 2019-11-28T09:30+00:00, fact: events/99/time}",
     "corrections[0].fact: found 'events/99/time', expected a fact of this fixture"),
    ("{at: 2019-11-28T09:30+00:00, fact: events/2/colour}",
     "corrections[0].fact: found 'events/2/colour', expected a fact of this fixture"),
    ("{at: 2019-11-28T09:30+00:00, fact: scorre}",
     "corrections[0].fact: found 'scorre', expected a fact of this fixture"),
    ("{at: yesterday, fact: score}",
     "corrections[0].at: found 'yesterday', expected a date-time with a UTC offset"),
    ("{fact: score}", "corrections[0].at: found nothing, expected when the fact was corrected"),
    ("{at: 2019-11-28T09:30+00:00, fact: score, note: x}",
     "corrections[0].note: found an unknown key 'note'"),
])
def test_a_bad_correction_is_reported_with_file_and_line(site: Path, entry: str,
                                                         message: str) -> None:
    path = site / "facts" / LN_FILE
    text = path.read_text(encoding="utf-8")
    line = text[:text.index("  half_time: 0-1\n")].count("\n") + 3
    path.write_text(text.replace("  half_time: 0-1\n",
                                 f"  half_time: 0-1\n  corrections:\n    - {entry}\n"),
                    encoding="utf-8")
    err = io.StringIO()
    code = main(["check", "--facts", str(site / "facts"), "--templates",
                 str(site / "templates")], out=io.StringIO(), err=err)
    assert code == 1
    assert any(f"{LN_FILE.as_posix()}:{line}:" in e and message in e
               for e in err.getvalue().splitlines()), err.getvalue()
    assert "Traceback" not in err.getvalue()
