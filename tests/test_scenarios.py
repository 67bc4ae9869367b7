"""The scenario engine: Groups E-H before matchday 6, re-checked on every enumerated outcome."""

from __future__ import annotations

import datetime as dt

import pytest

from newsgen.facts import Loaded
from newsgen.scenarios import (
    DEFEAT,
    DRAW,
    WIN,
    Atom,
    Clause,
    Predicate,
    Remaining,
    Scenarios,
    TeamScenario,
    check,
    enumerate_outcomes,
    scenarios,
)
from newsgen.standings import MatchResult

MD5 = dt.date(2019, 11, 27)


def group_inputs(loaded: Loaded, group: str, until: dt.date = MD5) -> tuple[
        tuple[str, ...], tuple[MatchResult, ...], tuple[Remaining, ...]]:
    facts = loaded.facts
    comp = facts.competitions["ucl-2019-20"]
    g = comp.group(group)
    assert g is not None
    fixtures = sorted((f for f in facts.fixtures.values()
                       if f.competition == comp.id and f.group == group), key=lambda f: f.sort_key)
    done = [f for f in fixtures if f.played and f.date <= until]
    played = []
    for f in done:
        assert f.final is not None
        played.append(MatchResult.of(f.home, f.away, f.final.home, f.final.away, f.fid))
    remaining = tuple(Remaining(f.home, f.away, f.fid) for f in fixtures if f not in done)
    return g.teams, tuple(played), remaining


def group(loaded: Loaded, name: str, until: dt.date = MD5) -> Scenarios:
    comp = loaded.facts.competitions["ucl-2019-20"]
    teams, played, remaining = group_inputs(loaded, name, until)
    return scenarios(teams, played, remaining, comp.points, comp.tie_breaks, 2)


def others(c: Clause) -> list[tuple[str, tuple[str, ...]]]:
    return [(o.team, o.results) for o in c.others]


def test_group_e_before_matchday_6(bundled: Loaded) -> None:
    s = group(bundled, "group-e")
    assert s.method == "scores" and s.bound is not None and s.bound >= 5 and s.bound_covers
    liverpool = s.team("liverpool")
    assert liverpool.status is None and (liverpool.best, liverpool.worst) == (1, 3)
    # through with a draw or a win, or with a defeat if Napoli lose, or with a one-goal
    # defeat scoring four or more if Napoli win; third after any defeat if Napoli draw
    assert [(c.results, c.predicate, others(c)) for c in liverpool.needs] == [
        ((DRAW, WIN), None, []),
        ((DEFEAT,), None, [("napoli", (DEFEAT,))]),
        ((DEFEAT,), Predicate((Atom("margin", "eq", 1), Atom("scored", "ge", 4))),
         [("napoli", (WIN,))]),
    ]
    assert [(c.results, c.position, others(c)) for c in liverpool.otherwise] == [
        ((DEFEAT,), 3, [("napoli", (DRAW,))])]
    napoli = s.team("napoli")
    assert [(c.results, c.predicate, others(c)) for c in napoli.needs] == [
        ((DRAW, WIN), None, []), ((DEFEAT,), None, [("liverpool", (WIN, DRAW))])]
    assert [(c.results, c.position, others(c)) for c in napoli.otherwise] == [
        ((DEFEAT,), 3, [("liverpool", (DEFEAT,))])]
    salzburg = s.team("salzburg")
    # through with a win unless Napoli win and it is a one-goal win in which Liverpool score
    # four or more (Salzburg five or more); third otherwise
    assert [(c.results, c.predicate, others(c)) for c in salzburg.needs] == [
        ((WIN,), None, [("napoli", (DRAW, DEFEAT))]),
        ((WIN,), Predicate((Atom("margin", "eq", 1), Atom("scored", "ge", 5)), negated=True),
         [("napoli", (WIN,))]),
    ]
    assert [(c.results, c.position, others(c)) for c in salzburg.otherwise] == [
        ((DRAW, DEFEAT), 3, [])]
    genk = s.team("genk")
    assert (genk.status, genk.best, genk.worst) == ("out", 4, 4)


def test_groups_f_to_h_before_matchday_6(bundled: Loaded) -> None:
    f, g, h = (group(bundled, name) for name in ("group-f", "group-g", "group-h"))
    assert f.team("barcelona").status == "first"
    assert g.team("rb-leipzig").status == "through"
    for s, team in ((f, "slavia-prague"), (h, "lille")):
        assert s.team(team).status == "out"
    benfica = g.team("benfica")
    assert (benfica.status, benfica.best) == ("out", 3)
    # everyone else has a condition list, exact (not "depends on")
    for s, teams in ((f, ("inter", "dortmund")), (g, ("lyon", "zenit")),
                     (h, ("ajax", "valencia", "chelsea"))):
        for team in teams:
            t = s.team(team)
            assert t.status is None and t.needs and t.depends is None, t
    dortmund = f.team("dortmund")
    assert [(c.results, others(c)) for c in dortmund.needs] == [
        ((WIN,), [("inter", (DRAW, DEFEAT))]), ((DRAW,), [("inter", (DEFEAT,))])]


@pytest.mark.parametrize("name", ["group-e", "group-f", "group-g", "group-h"])
@pytest.mark.parametrize("until", [dt.date(2019, 11, 6), MD5])
def test_every_statement_holds_on_every_outcome(bundled: Loaded, name: str,
                                                until: dt.date) -> None:
    comp = bundled.facts.competitions["ucl-2019-20"]
    teams, played, remaining = group_inputs(bundled, name, until)
    s = scenarios(teams, played, remaining, comp.points, comp.tie_breaks, 2)
    covered = 0
    for outcome in enumerate_outcomes(teams, played, remaining, comp.points, comp.tie_breaks,
                                      s.bound):
        assert check(s, outcome) == []
        covered += 1
    assert covered >= s.outcomes > 0


def test_a_wrong_statement_is_caught(bundled: Loaded) -> None:
    """The checker can fail: claim Liverpool go through after any defeat."""
    comp = bundled.facts.competitions["ucl-2019-20"]
    teams, played, remaining = group_inputs(bundled, "group-e")
    s = group(bundled, "group-e")
    liverpool = s.team("liverpool")
    wrong = TeamScenario(liverpool.team, liverpool.best, liverpool.worst, None, liverpool.match,
                         (Clause((DEFEAT,), None, ()),), (), None)
    bad = Scenarios(s.table, s.method, s.bound, True, s.outcomes, s.scored, 2, s.remaining,
                    (wrong,))
    failures = [w for o in enumerate_outcomes(teams, played, remaining, comp.points,
                                              comp.tie_breaks, s.bound) for w in check(bad, o)]
    assert failures


def test_two_rounds_left_uses_outcomes_and_says_depends(bundled: Loaded) -> None:
    s = group(bundled, "group-e", dt.date(2019, 11, 6))
    assert s.method == "outcomes" and s.bound is None and s.outcomes == 3**4
    open_teams = [t for t in s.teams if t.status is None]
    assert open_teams and all(t.depends is not None and t.depends[2] == 81 for t in open_teams)


def test_too_many_outcomes_falls_back_to_points(bundled: Loaded) -> None:
    comp = bundled.facts.competitions["ucl-2019-20"]
    teams, played, remaining = group_inputs(bundled, "group-e")
    s = scenarios(teams, played, remaining, comp.points, comp.tie_breaks, 2, max_outcomes=3)
    assert (s.method, s.outcomes) == ("points", 0)
    assert s.team("genk").status == "out"
    # coarser than enumeration, never contradicted by it
    exact = group(bundled, "group-e")
    for t in s.teams:
        e = exact.team(t.team)
        assert t.best <= e.best and e.worst <= t.worst
