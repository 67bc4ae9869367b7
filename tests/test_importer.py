"""Feed import: openfootball data in, fact files out, checked through the facts loader."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import FACTS, TEMPLATES

from newsgen.cli import main
from newsgen.document import render_fixture
from newsgen.facts import Loaded, load_directory, load_texts
from newsgen.importer import ImportResult, Options, build_index, import_feed, read_feed
from newsgen.model import Goal
from newsgen.realise import Realiser
from newsgen.writer import import_state

DATA = Path(__file__).resolve().parent / "data"
FEED = DATA / "openfootball" / "cl-2019-20-groups-e-h.txt"
SITUATIONS = DATA / "situations"


def texts_of(root: Path, only: tuple[str, ...] = ("reference", "house.yaml")) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*.yaml"))
            if p.relative_to(root).parts[0] in only}


def imported(text: str, root: Path = FACTS, name: str = "feed.txt",
             **options: str) -> tuple[ImportResult, Loaded]:
    """Import ``text`` against the reference data of ``root``; load the result with it."""
    ref = texts_of(root, ("ref", "house.yaml") if root == SITUATIONS else
                   ("reference", "house.yaml"))
    result = import_feed(text, name, build_index(ref), Options(**options))
    loaded = load_texts({**{f"facts/{k}": v for k, v in ref.items()},
                         **{f"facts/{k}": v for k, v in result.files.items()}})
    return result, loaded


def goals(loaded: Loaded, fixture_id: str) -> list[tuple[str, str | None, str, bool, bool]]:
    fx = loaded.facts.fixtures[fixture_id]
    return [(g.team, g.scorer, g.time.label() if g.time else "", g.penalty, g.own_goal)
            for g in fx.events if isinstance(g, Goal)]


def facts_copy(tmp_path: Path) -> Path:
    """A facts directory with the bundle's reference data and no fixtures of the feed."""
    root = tmp_path / "facts"
    shutil.copytree(FACTS / "reference", root / "reference")
    shutil.copy(FACTS / "house.yaml", root)
    shutil.copy(FACTS / "domestic-2019-20.yaml", root)
    return root


def run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    code = main(list(args), out=io.StringIO(), err=err)
    return code, err.getvalue()


def import_cl(root: Path, *more: str) -> tuple[int, str]:
    return run("import", str(FEED), "--facts", str(root), "--timezone", "Europe/Paris", *more)


# --- the bundled reference feed ----------------------------------------------------------


def test_the_reference_feed_reproduces_the_bundled_results(tmp_path: Path) -> None:
    root = facts_copy(tmp_path)
    code, err = import_cl(root)
    assert code == 0, err
    ours = load_directory(root)
    assert not ours.problems, ours.problems
    bundled = load_directory(FACTS)
    ucl = {i: f for i, f in bundled.facts.fixtures.items() if f.competition == "ucl-2019-20"}
    common = sorted(set(ucl) & set(ours.facts.fixtures))
    assert common == sorted(ucl) and len(common) == 48  # every bundled fixture, same ids
    for fid in common:
        a, b = ucl[fid], ours.facts.fixtures[fid]
        assert (a.home, a.away, a.group, a.date, a.kickoff, a.score, a.half_time,
                a.extra_time, a.shootout) == \
               (b.home, b.away, b.group, b.date, b.kickoff, b.score, b.half_time,
                b.extra_time, b.shootout), fid
    unplayed = [f for f in ours.facts.fixtures.values()
                if not f.played and f.competition == "ucl-2019-20"]
    assert len(unplayed) == 8 and all(f.date.isoformat() == "2019-12-10" for f in unplayed)


def _comparison_facts(tmp_path: Path) -> Path:
    """The bundle minus what the compact feed cannot know.

    No bundled fixture carries only what the feed gives: every one has a matchday (the
    compact shape names none), and the eight matches of 27 November also carry goals,
    venues, events and context. So the comparison set is the bundle with matchdays removed
    and those eight reduced to their result, half-time score and kick-off.
    """
    root = tmp_path / "bundle-as-feed"
    shutil.copytree(FACTS, root)
    bundled = load_directory(FACTS)
    for path in sorted((root / "ucl-2019-20").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if "fixtures:" in text:  # group files: bare results already, drop the matchday
            lines = [line.replace(line[line.index("matchday"):line.index(",") + 2], "")
                     if "matchday:" in line else line for line in text.splitlines(True)]
            path.write_text("".join(lines), encoding="utf-8")
            continue
        fx = bundled.facts.fixtures[path.stem]
        assert fx.kickoff is not None and fx.score is not None and fx.half_time is not None
        path.write_text(
            f"fixture: {{competition: {fx.competition}, group: {fx.group}, "
            f"kickoff: {fx.kickoff.isoformat(timespec='minutes')}, home: {fx.home}, "
            f"away: {fx.away}, score: {fx.score}, half_time: {fx.half_time}}}\n",
            encoding="utf-8")
    return root


def test_round_trip_import_then_render_gives_the_bundled_recaps(tmp_path: Path) -> None:
    root = facts_copy(tmp_path)
    assert import_cl(root)[0] == 0
    ours, theirs = load_directory(root), load_directory(_comparison_facts(tmp_path))
    assert not ours.problems and not theirs.problems, (ours.problems, theirs.problems)
    played = sorted(i for i, f in theirs.facts.fixtures.items() if f.played)
    assert played == sorted(i for i, f in ours.facts.fixtures.items() if f.played)
    assert len(played) == 40
    locales = sorted(p.name for p in TEMPLATES.iterdir() if (p / "lexicon.yaml").is_file())
    r_ours, r_theirs = Realiser(TEMPLATES, ours.facts), Realiser(TEMPLATES, theirs.facts)
    for fid in played:
        a = [(d.path, d.text) for d in render_fixture(ours.facts, fid, r_ours, locales)]
        b = [(d.path, d.text) for d in render_fixture(theirs.facts, fid, r_theirs, locales)]
        assert a == b, fid


# --- Football.TXT, detailed shape --------------------------------------------------------

DETAILED = """\
= UEFA Champions League 2019/20
# a comment line

Group E |  Liverpool   Napoli   Salzburg   Genk
Matchday 5 | Nov/26 - Nov/27
Matchday 6 | Dec/10 - Dec/11

[Wed Nov/27 2019]
  21.00  Liverpool            1-1  Napoli               @ Anfield, Liverpool
           [Lovren 65'; Mertens 21']
         Genk                 1-4  Salzburg             @ Luminus Arena, Genk
           [Samatta 85'; Haaland 20', 38' Minamino 70' (pen.) Hwang 90+4']
this line is not football
[Tue Dec/10]
  18.55  Salzburg             0-2  Liverpool
           [-; Keita 57' Salah 58']
         Napoli               4-0  Genk
           [Milik 3', 26', 38' (pen.) Lucumí 75' (o.g.)]
"""


def test_detailed_shape_scorers_penalties_own_goals_and_stoppage_time() -> None:
    result, loaded = imported(DETAILED)
    # the unreadable line is reported with its line number; everything else imported
    assert [(p.line, p.text) for p in result.problems] == [(13, "this line is not football")]
    assert not loaded.problems, loaded.problems
    assert result.fixtures == 4
    ln = loaded.facts.fixtures["2019-11-27-liverpool-napoli"]
    assert (ln.matchday, ln.venue, str(ln.score), ln.goals_complete) == (5, "anfield", "1-1", True)
    # events in match order, whatever side of ';' they were written on
    assert goals(loaded, ln.id) == [("napoli", "dries-mertens", "21", False, False),
                                    ("liverpool", "dejan-lovren", "65", False, False)]
    gs = goals(loaded, "2019-11-27-genk-salzburg")
    assert gs == [("salzburg", "haaland", "20", False, False),  # two goals by one player
                  ("salzburg", "haaland", "38", False, False),
                  ("salzburg", "minamino", "70", True, False),  # penalty
                  ("genk", "samatta", "85", False, False),
                  ("salzburg", "hwang", "90+4", False, False)]  # stoppage time
    # no home scorer; a line without a time keeps the previous time; year carried over
    sl = loaded.facts.fixtures["2019-12-10-salzburg-liverpool"]
    napoli = loaded.facts.fixtures["2019-12-10-napoli-genk"]
    assert sl.kickoff is not None and napoli.kickoff is not None
    assert sl.kickoff.isoformat() == "2019-12-10T18:55:00+01:00"
    assert napoli.kickoff.isoformat() == "2019-12-10T18:55:00+01:00"
    assert (sl.matchday, napoli.matchday) == (6, 6)
    assert [g[0] for g in goals(loaded, sl.id)] == ["liverpool", "liverpool"]
    assert goals(loaded, sl.id)[1][1] == "mohamed-salah"  # known by family name
    # an own goal listed on the side credited with it, scored by the other side's player
    og = goals(loaded, napoli.id)[-1]
    assert og == ("napoli", "lucumi", "75", False, True)
    assert loaded.facts.people["lucumi"].team == "genk"
    # unknown players and the unknown ground become stubs, marked for staff
    assert result.stubs["people"] == ("haaland", "minamino", "samatta", "hwang", "keita",
                                      "milik", "lucumi")
    assert result.stubs["venues"] == ("luminus-arena",)
    stubs = result.files["reference/ucl-2019-20-stubs.yaml"]
    assert stubs.count("# STUB") == 8
    assert "{id: luminus-arena, name: Luminus Arena, city: Genk, country: BE, " \
           "timezone: Europe/Brussels}" in stubs  # the home team's city: its country holds


def test_detailed_shape_extra_time_and_shootout() -> None:
    text = ("= Test Knockout Cup 2019/20\n[Wed Feb/5 2020]\n"
            "  20.00  Reds  4-3 pen. 2-2 a.e.t. (1-1, 0-0)  Greens\n"
            "         [Red 50' Redman 105'; Green 60', 118']\n")
    result, loaded = imported(text, SITUATIONS)
    assert not result.problems and not loaded.problems, (result.problems, loaded.problems)
    fx = loaded.facts.fixtures["2020-02-05-reds-greens"]
    assert tuple(map(str, (fx.score, fx.half_time, fx.extra_time, fx.shootout))) == \
           ("1-1", "0-0", "2-2", "4-3")
    assert [g[1:3] for g in goals(loaded, fx.id)] == [
        ("red-one", "50"), ("green-one", "60"), ("red-two", "105"), ("green-one", "118")]


# --- Football.TXT, compact shape ---------------------------------------------------------

COMPACT = """\
= UEFA Champions League 2019/20
» Group E
  Wed Nov/27 2019
    21.00  Liverpool FC (ENG)      v SSC Napoli (ITA)         1-1 (0-1)
           KRC Genk (BEL)          v RB Salzburg (AUT)        1-4 (0-2)
  Tue Dec/10
    18.55  SSC Napoli (ITA)        v KRC Genk (BEL)   (to be played)
  Wed Dec/11
           RB Salzburg (AUT)       v Liverpool FC (ENG)   (to be played)
  Thu Dec/12
    21.00  RB Salzburg (AUT)       v Liverpool FC (ENG)   1-1 (0-0) 1-1
"""


def test_compact_shape_times_years_and_an_unreadable_result() -> None:
    result, loaded = imported(COMPACT, timezone="Europe/Paris")
    assert not loaded.problems, loaded.problems
    ids = sorted(loaded.facts.fixtures)
    assert ids == ["2019-11-27-genk-salzburg", "2019-11-27-liverpool-napoli",
                   "2019-12-10-napoli-genk", "2019-12-11-salzburg-liverpool"]
    fx = loaded.facts.fixtures
    genk = fx["2019-11-27-genk-salzburg"]
    assert genk.kickoff is not None and genk.kickoff.isoformat() == "2019-11-27T21:00:00+01:00"
    assert (str(genk.score), str(genk.half_time), genk.goals_complete) == ("1-4", "0-2", False)
    assert fx["2019-12-10-napoli-genk"].score is None  # to be played
    # a new date without a time says nothing about the time
    assert fx["2019-12-11-salzburg-liverpool"].kickoff is None
    assert [(p.line, p.reason.split(",")[0]) for p in result.problems] == [
        (11, "found a result that cannot be read")]


def test_compact_shape_extra_time_and_shootout() -> None:
    text = ("= Test Knockout Cup 2019/20\n» Final\n  Wed Feb/5 2020\n"
            "    20.00  Reds v Greens  2-2 a.e.t. (1-1, 0-0), 4-3 pen.\n")
    result, loaded = imported(text, SITUATIONS)
    assert not result.problems and not loaded.problems, (result.problems, loaded.problems)
    assert list(result.files) == ["test-knockout/final.yaml"]
    fx = loaded.facts.fixtures["2020-02-05-reds-greens"]
    assert (str(fx.extra_time), str(fx.shootout), fx.group) == ("2-2", "4-3", None)


def test_a_weekday_that_does_not_fit_the_carried_year_is_reported() -> None:
    text = "= UEFA Champions League 2019/20\n» Group E\n  Wed Nov/27 2019\n  Sat Feb/1\n" \
           "    21.00  Liverpool FC (ENG)  v SSC Napoli (ITA)  1-1\n"
    result, _ = imported(text)
    assert [p.line for p in result.problems] == [4, 5]
    assert "is a Saturday" not in result.problems[0].reason  # 1 Feb 2019 was a Friday
    assert "is a Friday" in result.problems[0].reason


# --- football.json -----------------------------------------------------------------------


def test_json_with_goals_extra_time_and_shootout() -> None:
    data = {"name": "Test Knockout Cup 2019/20", "matches": [
        {"round": "Final", "date": "2020-02-05", "time": "20:00 UTC+0",
         "team1": "Reds", "team2": "Greens",
         "score": {"ht": [0, 1], "ft": [1, 1], "et": [2, 2], "p": [4, 3]},
         "goals1": [{"name": "Red", "minute": 50},
                    {"name": "Greenwood", "minute": 105, "owngoal": True}],
         "goals2": [{"name": "Green", "minute": 45, "offset": 2, "penalty": True},
                    {"name": "Green", "minute": 118}]}]}
    text = json.dumps(data, indent=2)
    result, loaded = imported(text, SITUATIONS, name="cup.json")
    assert not result.problems and not loaded.problems, (result.problems, loaded.problems)
    fx = loaded.facts.fixtures["2020-02-05-reds-greens"]
    assert fx.kickoff is not None and fx.kickoff.isoformat() == "2020-02-05T20:00:00+00:00"
    assert goals(loaded, fx.id) == [("greens", "green-one", "45+2", True, False),
                                    ("reds", "red-one", "50", False, False),
                                    ("reds", "green-two", "105", False, True),
                                    ("greens", "green-one", "118", False, False)]


def test_json_old_shape_without_goals_and_a_bad_match_with_its_line() -> None:
    text = """{
  "name": "UEFA Champions League 2019/20",
  "rounds": [
    {"name": "Group E", "matches": [
      {"date": "2019-11-27", "time": "21:00",
       "team1": {"key": "liverpool", "name": "Liverpool FC", "code": "LIV"},
       "team2": {"key": "napoli", "name": "SSC Napoli", "code": "NAP"},
       "score1": 1, "score2": 1, "score1i": 0, "score2i": 1},
      {"date": "27 Nov", "team1": "KRC Genk", "team2": "RB Salzburg"}
    ]}
  ]
}
"""
    result, loaded = imported(text, name="cl.json", timezone="Europe/Paris")
    assert [p.line for p in result.problems] == [9]
    assert not loaded.problems, loaded.problems
    fx = loaded.facts.fixtures["2019-11-27-liverpool-napoli"]
    assert (str(fx.score), str(fx.half_time), fx.group, fx.goals_complete, fx.events) == \
           ("1-1", "0-1", "group-e", False, ())


def test_json_and_txt_of_the_same_match_give_the_same_fixture() -> None:
    match = {"round": "Group E", "date": "2019-11-27", "time": "21:00",
             "team1": "Liverpool FC (ENG)", "team2": "SSC Napoli (ITA)",
             "score": {"ht": [0, 1], "ft": [1, 1]}}
    as_json = json.dumps({"name": "UEFA Champions League 2019/20", "matches": [match]})
    as_txt = COMPACT.split("\n           KRC")[0] + "\n"
    a = imported(as_json, name="x.json", timezone="Europe/Paris")[1].facts.fixtures
    b = imported(as_txt, name="x.txt", timezone="Europe/Paris")[1].facts.fixtures
    assert list(a) == list(b) == ["2019-11-27-liverpool-napoli"]
    x, y = a["2019-11-27-liverpool-napoli"], b["2019-11-27-liverpool-napoli"]
    assert (x.kickoff, x.score, x.half_time, x.group) == (y.kickoff, y.score, y.half_time,
                                                          y.group)


def test_read_feed_keeps_line_numbers_of_json_matches() -> None:
    feed = read_feed('{"name": "X",\n "matches": [\n  {"date": "2019-11-27",\n'
                     '   "team1": "A", "team2": "B"}]}', "x.json")
    assert [m.line for m in feed.matches] == [3]


# --- writing: stamps, hand edits, stubs, exit codes --------------------------------------


def test_reimport_changes_nothing_and_hand_edits_survive_without_force(tmp_path: Path) -> None:
    root = facts_copy(tmp_path)
    assert import_cl(root)[0] == 0
    files = sorted((root / "ucl-2019-20").glob("*.yaml"))
    assert [f.name for f in files] == ["group-e.yaml", "group-f.yaml", "group-g.yaml",
                                       "group-h.yaml"]
    before = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}
    assert all(import_state(data) == "imported" for data, _ in before.values())
    code, err = import_cl(root)
    assert code == 0 and "0 file(s) written, 4 unchanged" in err
    assert {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files} == before
    # an editor corrects a result by hand: the import leaves the file alone
    group_e = root / "ucl-2019-20" / "group-e.yaml"
    edited = before[group_e][0].replace(b"score: 6-2", b"score: 6-3")
    group_e.write_bytes(edited)
    assert import_state(edited) == "edited"
    code, err = import_cl(root)
    assert code == 0 and group_e.read_bytes() == edited
    assert f"warning: {group_e}: edited by hand" in err and "1 left alone" in err
    # the dry run says what --force would do and does nothing
    code, err = import_cl(root, "--force", "--dry-run")
    assert f"would write {group_e}" in err and group_e.read_bytes() == edited
    code, err = import_cl(root, "--force")
    assert code == 0 and group_e.read_bytes() == before[group_e][0]


def test_a_fixture_already_on_file_is_left_to_its_file(tmp_path: Path) -> None:
    root = facts_copy(tmp_path)
    detail = root / "ucl-2019-20" / "2019-11-27-liverpool-napoli.yaml"
    detail.parent.mkdir()
    shutil.copy(FACTS / "ucl-2019-20" / detail.name, detail)
    shutil.copy(FACTS / "reference" / "people.yaml", root / "reference" / "people.yaml")
    code, err = import_cl(root)
    assert code == 0
    assert f"already in ucl-2019-20/{detail.name}; left to that file" in err
    loaded = load_directory(root)
    assert not loaded.problems, loaded.problems
    assert loaded.facts.fixtures["2019-11-27-liverpool-napoli"].events  # the detailed one


def test_unknown_teams_get_stubs_that_check_flags_until_completed(tmp_path: Path) -> None:
    root = facts_copy(tmp_path)
    feed = tmp_path / "feed.txt"
    feed.write_text("= UEFA Champions League 2019/20\n  Wed Nov/27 2019\n"
                    "    21.00  FC Shakhtar Donetsk (UKR)  v  Liverpool FC (ENG)  0-1\n"
                    "    [-; Salah 10']\n", encoding="utf-8")
    code, err = run("import", str(feed), "--facts", str(root))
    assert code == 0, err
    stub_file = root / "reference" / "ucl-2019-20-stubs.yaml"
    text = stub_file.read_text(encoding="utf-8")
    assert "# STUB: add home city; check the name" in text
    assert ('{id: fc-shakhtar-donetsk, name: FC Shakhtar Donetsk, home: {country: UA, '
            'timezone: Europe/Kyiv}, aliases: ["FC Shakhtar Donetsk (UKR)"]}') in text
    code, err = run("check", "--facts", str(root), "--templates", str(TEMPLATES))
    assert code == 1 and "ucl-2019-20-stubs.yaml" in err and "found no 'city'" in err
    # the next import knows the stub by its alias: no second stub, nothing rewritten
    code, err = run("import", str(feed), "--facts", str(root))
    assert code == 0 and "0 file(s) written, 2 unchanged" in err
    assert stub_file.read_text(encoding="utf-8") == text
    # completed in place by the desk: it is theirs now, and it is used
    stub_file.write_text(text.replace("home: {", "home: {city: Donetsk, "), encoding="utf-8")
    code, err = run("import", str(feed), "--facts", str(root))
    assert code == 0 and "left alone" in err
    loaded = load_directory(root)
    assert not loaded.problems, loaded.problems
    assert "2019-11-27-fc-shakhtar-donetsk-liverpool" in loaded.facts.fixtures


def test_exit_codes(tmp_path: Path) -> None:
    root = facts_copy(tmp_path)
    code, err = run("import", str(tmp_path / "missing.txt"), "--facts", str(root))
    assert code == 2 and "no such file" in err
    feed = tmp_path / "feed.txt"
    feed.write_text("= Some Other Cup 2019/20\n", encoding="utf-8")
    code, err = run("import", str(feed), "--facts", str(root))
    assert code == 2 and "pass --competition ID" in err
    feed.write_text(DETAILED, encoding="utf-8")
    code, err = run("import", str(feed), "--facts", str(root), "--timezone", "Mars/Base")
    assert code == 2 and "not a time zone" in err
    code, err = run("import", str(feed), "--facts", str(root))
    assert code == 1 and f"error: {feed}:13: found a line that is neither" in err
    assert "Traceback" not in err
    assert (root / "ucl-2019-20" / "group-e.yaml").is_file()  # the rest was imported


@pytest.mark.parametrize("shape", ["txt", "json"])
def test_output_is_deterministic(shape: str) -> None:
    text = DETAILED if shape == "txt" else json.dumps(
        {"name": "UEFA Champions League 2019/20", "matches": [
            {"round": "Group E", "date": "2019-11-27", "team1": "Liverpool FC (ENG)",
             "team2": "SSC Napoli (ITA)", "score": {"ft": [1, 1]},
             "goals1": [{"name": "Lovren", "minute": 65}],
             "goals2": [{"name": "Mertens", "minute": 21}]}]})
    runs = [imported(text)[0].files for _ in range(2)]
    assert runs[0] == runs[1] and runs[0]


def test_an_untouched_stub_file_goes_when_its_entries_are_on_file(tmp_path: Path) -> None:
    root = facts_copy(tmp_path)
    feed = tmp_path / "feed.txt"
    feed.write_text("= UEFA Champions League 2019/20\n  Wed Nov/27 2019\n"
                    "    21.00  FC Shakhtar Donetsk (UKR)  v  Liverpool FC (ENG)  0-1\n",
                    encoding="utf-8")
    assert run("import", str(feed), "--facts", str(root))[0] == 0
    stub_file = root / "reference" / "ucl-2019-20-stubs.yaml"
    assert stub_file.is_file()
    with (root / "reference" / "teams.yaml").open("a", encoding="utf-8") as teams:
        teams.write("\n  - {id: shakhtar, name: Shakhtar Donetsk, home: {city: Kharkiv, "
                    "country: UA, timezone: Europe/Kyiv}, aliases: [FC Shakhtar Donetsk (UKR)]}\n")
    code, err = run("import", str(feed), "--facts", str(root))
    assert code == 0 and f"removed {stub_file}" in err and not stub_file.exists()
    loaded = load_directory(root)
    assert not loaded.problems, loaded.problems
    assert "2019-11-27-shakhtar-liverpool" in loaded.facts.fixtures
