"""A new competition needs only YAML: a generated 20-team league, and the points fallback."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newsgen.cli import main
from newsgen.derive import clear_caches, derive
from newsgen.facts import Loaded, load_directory
from newsgen.model import FactSet
from newsgen.report import competition_report, zone_text
from newsgen.standings import MatchResult, compute_table
from tests.conftest import FACTS
from tests.league import LEAGUE, round_robin, write_league


@pytest.fixture(scope="module")
def league(tmp_path_factory: pytest.TempPathFactory) -> FactSet:
    loaded = load_directory(write_league(tmp_path_factory.mktemp("league")))
    assert not loaded.problems, loaded.problems
    return loaded.facts


def test_round_robin_meets_everyone_twice() -> None:
    rounds = round_robin([f"t{i}" for i in range(6)])
    pairs = [p for r in rounds for p in r]
    assert len(rounds) == 10 and len(set(pairs)) == 30
    for r in rounds:
        assert len({t for p in r for t in p}) == 6


def test_twenty_teams_three_rounds_left_use_points_and_stay_true(league: FactSet) -> None:
    (report,) = competition_report(league, LEAGUE)
    s = report.scenarios
    assert s.method == "points" and s.outcomes == 0 and len(s.remaining) == 30
    comp = league.competitions[LEAGUE]
    played = tuple(MatchResult.of(f.home, f.away, f.final.home, f.final.away)
                   for f in league.fixtures.values() if f.final is not None)
    teams = tuple(t.team for t in s.teams)
    # a sample of outcomes: every team always finishes inside its range
    rng = random.Random(1)
    for _ in range(150):
        assumed = tuple(MatchResult.hypothetical(f.home, f.away, rng.choice("HDA"))
                        for f in s.remaining)
        table = compute_table(teams, played + assumed, comp.points, comp.tie_breaks)
        for row in table.rows:
            t = s.team(row.team)
            assert t.best <= row.position and row.position + len(row.tied_with) <= t.worst
    # and the ranges are not vacuous: the arithmetic settles something for someone
    assert any(t.worst - t.best < len(teams) - 1 for t in s.teams)


def test_last_round_of_a_league_still_falls_back(tmp_path: Path) -> None:
    facts = load_directory(write_league(tmp_path, teams=20, rounds_left=1)).facts
    (report,) = competition_report(facts, LEAGUE)
    assert report.scenarios.method == "points" and len(report.scenarios.remaining) == 10


def test_a_small_league_enumerates_scores(tmp_path: Path) -> None:
    facts = load_directory(write_league(tmp_path, teams=6, rounds_left=1)).facts
    (report,) = competition_report(facts, LEAGUE)
    assert report.scenarios.method == "scores" and report.scenarios.outcomes == 27


def test_table_command_prints_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    root = write_league(tmp_path)
    assert main(["table", LEAGUE, "--facts", str(root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Synthetic League 2019/20")
    assert "| Pos | Team |" in out and "points arithmetic" in out and "30 matches left" in out
    assert sum(1 for line in out.splitlines() if line.startswith("| ") and "club-" in line) == 20


@pytest.mark.parametrize("argv, code, message", [
    (["table", "no-such-league"], 2, "no such competition"),
    (["table", LEAGUE, "--after", "2019-02-30"], 2, "not a date"),
    (["table"], 2, "competition"),
])
def test_table_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                            code: int, message: str) -> None:
    root = write_league(tmp_path, teams=4, rounds_left=1)
    assert main([*argv, "--facts", str(root)]) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_table_with_bad_facts_is_a_content_error(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = write_league(tmp_path, teams=4, rounds_left=1)
    league = root / "league.yaml"
    league.write_text(league.read_text().replace("score: ", "score: x", 1))
    assert main(["table", LEAGUE, "--facts", str(root)]) == 1
    captured = capsys.readouterr()
    assert "league.yaml" in captured.err and captured.out == ""


def test_after_is_inclusive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["table", "ucl-2019-20", "--after", "2019-11-27", "--facts", str(FACTS)]) == 0
    out = capsys.readouterr().out
    assert "| 1 | liverpool | 5 |" in out and "2 matches left from 2019-12-10" in out
    assert main(["table", "ucl-2019-20", "--after", "2019-11-26", "--facts", str(FACTS)]) == 0
    assert "4 matches left from 2019-11-27" in capsys.readouterr().out


def test_zones_in_the_table(league: FactSet) -> None:
    """The relegation zone comes from the YAML: the leader is safe, the last can go down."""
    (report,) = competition_report(league, LEAGUE)
    comp = league.competitions[LEAGUE]
    first, last = report.scenarios.teams[0], report.scenarios.teams[-1]
    assert "safe from relegation" in zone_text(first, comp.zones)
    assert "relegated" in zone_text(last, comp.zones)
    assert "safe" not in zone_text(last, comp.zones)


@pytest.mark.parametrize("which", ["league", "bundled"])
def test_derive_is_the_same_whatever_order_fixtures_are_asked_in(
        which: str, league: FactSet, bundled: Loaded) -> None:
    """Tables, ranges and scenarios are shared across fixtures and built on one another:
    asking for the fixtures forwards, backwards or shuffled gives the same derived facts, and
    every table is the one ranked from scratch on the results up to the end of its day."""
    facts = league if which == "league" else bundled.facts
    ids = sorted((i for i, f in facts.fixtures.items() if f.played),
                 key=lambda i: facts.fixtures[i].sort_key)
    shuffled = list(ids)
    random.Random(3).shuffle(shuffled)
    runs = []
    for order in (ids, ids[::-1], shuffled):
        clear_caches()
        runs.append({i: derive(facts, i) for i in order})
    forward, backward, mixed = runs
    assert forward == backward == mixed
    for i in ids:
        f = facts.fixtures[i]
        comp = facts.competitions[f.competition]
        group = [x for x in facts.fixtures.values()
                 if x.competition == f.competition and x.group == f.group]
        own = comp.group(f.group) if f.group else None
        teams = own.teams if own else sorted({t for x in group for t in (x.home, x.away)})
        done = [MatchResult.of(x.home, x.away, x.final.home, x.final.away, x.fid)
                for x in group if x.final is not None and (x.start <= f.start
                                                           or x.date == f.date)]
        standing = forward[i].standing
        assert standing is not None
        assert standing.table == compute_table(teams, done, comp.points, comp.tie_breaks)
        assert len(standing.remaining) == len(group) - len(done)
