"""Memory flat in the number of fixtures: what a run lets go of, or keeps compactly, changes
nothing it writes. (How much memory it saves is a benchmark figure, never asserted here.)"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import FACTS, TEMPLATES
from hypothesis import example, given, settings
from hypothesis import strategies as st
from league import write_league

from newsgen import __version__
from newsgen.cli import main
from newsgen.derive import Derived, clear_caches, derive
from newsgen.facts import load_directory
from newsgen.incremental import Inputs
from newsgen.model import FactSet
from newsgen.writer import MANIFEST, Committed, Writer

TEXT = st.text(max_size=10)
SHA = st.text("0123456789abcdef", min_size=64, max_size=64)
INPUTS = st.fixed_dictionaries({k: TEXT for k in ("file", "facts", "reference", "templates",
                                                  "generator")})


@st.composite
def entries(draw: st.DrawFn) -> dict[str, Any]:
    """Manifest entries as newsgen records them, and some of other shapes."""
    entry: dict[str, Any] = {k: draw(TEXT) for k in ("fixture", "locale", "length", "lang")}
    entry["sha256"] = draw(SHA | TEXT | st.integers())
    fallback = draw(st.sampled_from([None, True, False, "yes"]))
    if fallback is not None:
        entry["fallback"] = fallback
    inputs = draw(st.none() | INPUTS | st.dictionaries(TEXT, TEXT, max_size=3))
    if inputs:
        entry["inputs"] = inputs
    if draw(st.booleans()) and draw(st.booleans()):
        entry[draw(TEXT)] = draw(TEXT)  # a key newsgen does not write
    if draw(st.booleans()) and draw(st.booleans()):
        entry.pop(draw(st.sampled_from(sorted(entry))))
    return entry


PATHS = st.sampled_from([f"{loc}/{name}.{length}.md" for loc in ("de", "en", "en-gb")
                         for name in ("a", "a-b", "b") for length in ("brief", "short")])
FIXTURE_IDS = st.sampled_from(["a", "a-b", "b", "c"])
RECORDS = st.dictionaries(FIXTURE_IDS, st.fixed_dictionaries(
    {"file": TEXT, "table": st.lists(TEXT, max_size=4)}), max_size=4)


def _of(entry: dict[str, Any], fixture: str) -> dict[str, Any]:
    return {**entry, "fixture": fixture} if "fixture" in entry else entry


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(PATHS, st.tuples(entries(), FIXTURE_IDS), max_size=6),  # on file
       st.sets(PATHS),  # of those, the ones whose file is still there
       st.lists(st.tuples(PATHS, entries(), FIXTURE_IDS, st.booleans()), max_size=8),
       RECORDS, RECORDS)  # the fixtures' records in the manifest, and made in this run
@example({}, set(), [("en/a.brief.md", {"fixture": "a"}, "a", True),  # a path recorded again
                     ("en/a.brief.md", {"fixture": "b"}, "b", False)],  # for another fixture
         {}, {"a": {"file": "a", "table": []}, "b": {"file": "b", "table": []}})
def test_the_manifest_written_from_spilled_entries_is_the_one_built_in_memory(
        old: dict[str, tuple[dict[str, Any], str]], on_disk: set[str],
        recorded: list[tuple[str, dict[str, Any], str, bool]],
        old_fixtures: dict[str, dict[str, Any]], new_fixtures: dict[str, dict[str, Any]]
) -> None:
    before = {p: _of(e, f) for p, (e, f) in old.items()}
    now = [(p, _of(e, f), fresh) for p, e, f, fresh in recorded]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        (out / MANIFEST).write_text(json.dumps({"documents": before,
                                                "fixtures": old_fixtures}), encoding="utf-8")
        for path in on_disk & set(before):
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_text("x", encoding="utf-8")
        writer = Writer(out)
        for path, entry, fresh in now:
            writer.record(Committed(((path, entry, fresh),)))
        for fixture, record in new_fixtures.items():
            writer.record_fixture(fixture, record)
        # the manifest as it was built before: every entry a dict, then dumped whole
        expected: dict[str, Any] = {p: e for p, e in before.items() if p in on_disk}
        expected.update({p: e for p, e, _ in now})
        manifest: dict[str, Any] = {"generator": f"newsgen {__version__}",
                                    "documents": expected}
        used = {e.get("fixture") for e in expected.values()}
        if kept := {k: v for k, v in {**old_fixtures, **new_fixtures}.items() if k in used}:
            manifest["fixtures"] = kept
        assert all(writer.entry(p) == e for p, e in expected.items())
        writer.close()
        assert (out / MANIFEST).read_text(encoding="utf-8") == json.dumps(
            manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _derived(facts: FactSet, ids: list[str]) -> dict[str, Derived]:
    return {i: derive(facts, i) for i in ids}


@pytest.mark.parametrize("source", ["bundled", "league"])
def test_caches_let_go_change_no_fixtures_derive(source: str, tmp_path: Path) -> None:
    """Derive lets go of a group's earlier tables as fixtures come in kick-off order; a
    fixture asked for out of order (its tables made again) gets what a fresh run gives."""
    facts = load_directory(FACTS if source == "bundled" else
                           write_league(tmp_path / "facts", teams=6, rounds_left=2)).facts
    ids = [f.id for f in sorted(facts.fixtures.values(), key=lambda f: f.sort_key)
           if f.played]
    assert len(ids) > 20
    clear_caches()
    in_order = _derived(facts, ids)
    backwards = _derived(facts, ids[::-1])
    shuffled = _derived(facts, ids[1::2] + ids[::2])
    fresh = {}
    for i in ids:
        clear_caches()  # nothing cached: every table made from the results alone
        fresh[i] = derive(facts, i)
    assert in_order == fresh
    assert backwards == fresh
    assert shuffled == fresh
    assert any(d.standing is not None and d.standing.scenarios is not None
               for d in fresh.values())


def test_inputs_asked_again_for_an_earlier_fixture_give_the_same_digests() -> None:
    facts = load_directory(FACTS).facts
    ids = sorted(facts.fixtures)
    first = Inputs(facts, TEMPLATES)
    once = {i: first.document(i, "en", "short", False) for i in ids}
    again = Inputs(facts, TEMPLATES)
    assert {i: again.document(i, "en", "short", False) for i in ids[::-1]} == once
    assert {i: again.fixture(i) for i in ids} == {i: first.fixture(i) for i in ids}


def test_a_fixture_partly_out_of_date_writes_only_the_documents_wanted(
        tmp_path: Path) -> None:
    """Its task renders its locales times its lengths; only the stale ones are written."""
    facts, templates, out = tmp_path / "facts", tmp_path / "templates", tmp_path / "out"
    shutil.copytree(FACTS, facts)
    shutil.copytree(TEMPLATES, templates)
    ln = "2019-11-27-liverpool-napoli"
    args = ["render", "--facts", str(facts), "--templates", str(templates), "--out", str(out),
            "--locale", "en", "--locale", "it", "--jobs", "1"]
    assert main(args, out=io.StringIO(), err=io.StringIO()) == 0
    manifest = (out / MANIFEST).read_bytes()
    for p in out.rglob("*.md"):
        os.utime(p, ns=(1, 1))
    (out / f"en/{ln}.short.md").unlink()
    (out / f"it/{ln}.full.md").unlink()
    err = io.StringIO()
    assert main(args, out=io.StringIO(), err=err) == 0
    touched = {p.relative_to(out).as_posix() for p in out.rglob("*.md")
               if p.stat().st_mtime_ns != 1}
    assert touched == {f"en/{ln}.short.md", f"it/{ln}.full.md"}
    assert "(2 written, 0 unchanged" in err.getvalue()
    assert (out / MANIFEST).read_bytes() == manifest


def test_ids_and_words_read_from_the_facts_are_one_string_each() -> None:
    facts = load_directory(FACTS).facts
    fixtures = [f for f in facts.fixtures.values() if f.home == "liverpool"]
    assert len(fixtures) >= 3
    assert all(f.home is fixtures[0].home for f in fixtures)
    ucl = [f.competition for f in facts.fixtures.values() if f.competition == "ucl-2019-20"]
    assert len(ucl) >= 3 and all(c is ucl[0] for c in ucl)
    goals = [g for f in facts.fixtures.values() for g in f.goals if g.body == "header"]
    assert len(goals) >= 2 and all(g.body is goals[0].body for g in goals)


def test_facts_read_file_by_file_are_those_read_from_the_texts(tmp_path: Path) -> None:
    """``load_directory`` keeps only the texts holding reference data while it loads (a
    file of fixtures only is read again when its turn comes): the same facts and problems
    as the texts loaded at once."""
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    (facts / "broken.yaml").write_bytes(b"fixture: {home: \xff}\n")
    (facts / "bad-fixture.yaml").write_text("fixture: {home: nobody}\n", encoding="utf-8")
    texts = {p.relative_to(tmp_path).as_posix(): p.read_bytes().decode("utf-8")
             for p in sorted(facts.rglob("*.yaml")) if p.name != "broken.yaml"}
    from newsgen.facts import _fixtures_only, load_texts
    assert sum(map(_fixtures_only, texts.values())) > 5  # some are read again
    by_file, at_once = load_directory(facts), load_texts(texts)
    assert by_file.facts == at_once.facts
    assert [f for f in by_file.failed if f.file != "facts/broken.yaml"] == \
        list(at_once.failed)
    assert [p for p in by_file.problems if p.file != "facts/broken.yaml"] == \
        list(at_once.problems)


def test_a_fact_file_gone_before_its_turn_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    from newsgen.errors import NewsgenError
    from newsgen.facts import _Texts
    texts = _Texts({"facts/x.yaml": tmp_path / "x.yaml"})
    with pytest.raises(NewsgenError, match=r"facts/x.yaml: changed or removed"):
        texts["facts/x.yaml"]
