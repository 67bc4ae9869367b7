"""Group and league tables, and which final positions are still possible.

Pure arithmetic over match results: no I/O, no randomness, the same answer on every machine.

``compute_table`` ranks teams by points. Teams level on points go through the competition's
``TieBreakStep`` list in order:

* a ``Scope.HEAD_TO_HEAD`` step computes its criteria (``points``, ``goal_difference``,
  ``goals_for``, ``away_goals_for``) over the matches among the level teams only, and orders
  them by those values in turn (the first criterion, then the second among teams still
  equal, ...). With ``reapply=True`` a subset the step leaves level, when the step did split
  the set, gets the same step again over the matches among just that subset (recursively,
  UEFA 2019/20); a set the step cannot split at all goes on to the next step;
* a ``Scope.OVERALL`` step uses all matches: ``goal_difference``, ``goals_for``,
  ``away_goals_for``, ``wins``, ``away_wins``.

Teams still level after every step share a position (the best one), name each other in
``Row.tied_with`` and are listed by team id. ``Row.decided_by`` names the criterion
(``"head_to_head.points"``, ``"overall.goal_difference"``) that separated a team from the
team directly below it when they were level on points, or else from the team directly
above it; ``None`` when points alone placed it. An unknown criterion raises ``ValueError``.

``position_ranges`` answers "who is already through or out" by enumeration. Every
win/draw/defeat combination of the remaining fixtures (``3 ** n`` of them) is added to the
results as hypothetical matches whose goals are unknown, and the teams are ranked with the
same engine. Points, wins, away wins and head-to-head points follow from the outcome alone;
a goals-based criterion (goal difference, goals scored, away goals scored) cannot be computed
when one of the matches it would count is hypothetical. The ranking stops there: the teams
still level at that point may finish in any order, so each of them is given the whole block
of positions they occupy (best = first position of the block, worst = last). Teams that no
rule separates get the same treatment, since rules past the configured list (fair play,
coefficients) would decide them. A team's range is the smallest best and the largest worst
over all outcomes, so a range never claims a certainty that some scoreline contradicts; it
may, rarely, be wider than what is actually reachable.

When ``3 ** n`` exceeds ``max_outcomes`` the answer falls back to points alone: with ``lo``
and ``hi`` a team's fewest and most possible final points, a team's best is 1 + the number
of teams whose ``lo`` exceeds its ``hi`` (they finish above it whatever happens), and its
worst is 1 + the number of other teams whose ``hi`` reaches its ``lo`` (only they can finish
above it). Coarser, still conservative.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from newsgen.model import Points, Scope, TieBreakStep

OUTCOMES: tuple[str, ...] = ("H", "D", "A")

HEAD_TO_HEAD_CRITERIA: tuple[str, ...] = (
    "points",
    "goal_difference",
    "goals_for",
    "away_goals_for",
)
OVERALL_CRITERIA: tuple[str, ...] = (
    "goal_difference",
    "goals_for",
    "away_goals_for",
    "wins",
    "away_wins",
)
_ALLOWED: dict[Scope, frozenset[str]] = {
    Scope.HEAD_TO_HEAD: frozenset(HEAD_TO_HEAD_CRITERIA),
    Scope.OVERALL: frozenset(OVERALL_CRITERIA),
}


def _outcome(home_goals: int, away_goals: int) -> str:
    if home_goals > away_goals:
        return "H"
    return "D" if home_goals == away_goals else "A"


@dataclass(frozen=True, slots=True)
class MatchResult:
    """A played match, or a hypothetical one (goals ``None``) where only the outcome is known.

    >>> MatchResult.of("liverpool", "napoli", 1, 1).outcome
    'D'
    """

    home: str
    away: str
    home_goals: int | None
    away_goals: int | None
    outcome: str  # "H", "D" or "A"
    fid: str = ""  # the fact id of the fixture (provenance)

    def __post_init__(self) -> None:
        if self.home == self.away:
            raise ValueError(f"a team cannot play itself: {self.home!r}")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}, not {self.outcome!r}")
        if (self.home_goals is None) != (self.away_goals is None):
            raise ValueError("give both goal counts or neither")
        if self.home_goals is not None and self.away_goals is not None:
            if self.home_goals < 0 or self.away_goals < 0:
                raise ValueError("goal counts cannot be negative")
            if _outcome(self.home_goals, self.away_goals) != self.outcome:
                raise ValueError(
                    f"{self.home_goals}-{self.away_goals} is not outcome {self.outcome!r}"
                )

    @classmethod
    def of(
        cls, home: str, away: str, home_goals: int, away_goals: int, fid: str = ""
    ) -> MatchResult:
        """A played match; the outcome follows from the score."""
        return cls(home, away, home_goals, away_goals, _outcome(home_goals, away_goals), fid)

    @classmethod
    def hypothetical(cls, home: str, away: str, outcome: str, fid: str = "") -> MatchResult:
        """A match of which only the outcome (``H``, ``D``, ``A``) is assumed."""
        return cls(home, away, None, None, outcome, fid)

    @property
    def goals_known(self) -> bool:
        return self.home_goals is not None and self.away_goals is not None


@dataclass(frozen=True, slots=True)
class Row:
    """One team's line in a table."""

    team: str
    position: int
    played: int
    won: int
    drawn: int
    lost: int
    goals_for: int
    goals_against: int
    away_goals_for: int
    away_wins: int
    points: int
    tied_with: tuple[str, ...]  # teams no rule separated from this one (same position)
    decided_by: str | None  # tie-break criterion that placed it among teams level on points

    @property
    def goal_difference(self) -> int:
        return self.goals_for - self.goals_against


@dataclass(frozen=True, slots=True)
class Table:
    """Rows in table order; teams sharing a position are listed by team id."""

    rows: tuple[Row, ...]

    def row(self, team: str) -> Row:
        """The team's row; ``KeyError`` if it is not in the table."""
        for row in self.rows:
            if row.team == team:
                return row
        raise KeyError(team)

    def position(self, team: str) -> int:
        return self.row(team).position


@dataclass(frozen=True, slots=True)
class PositionRange:
    """Best and worst final position of a team over every outcome of the remaining fixtures."""

    team: str
    best: int
    worst: int


# --- the tie-break engine --------------------------------------------------------------


def _points_of(team: str, matches: Iterable[MatchResult], points: Points) -> int:
    total = 0
    for m in matches:
        if team == m.home:
            total += {"H": points.win, "D": points.draw, "A": points.loss}[m.outcome]
        elif team == m.away:
            total += {"A": points.win, "D": points.draw, "H": points.loss}[m.outcome]
    return total


def _value(team: str, matches: Iterable[MatchResult], criterion: str, points: Points) -> int | None:
    """The team's value of a criterion over ``matches``; ``None`` when it needs unknown goals."""
    if criterion == "points":
        return _points_of(team, matches, points)
    total = 0
    for m in matches:
        if team == m.home:
            at_home = True
        elif team == m.away:
            at_home = False
        else:
            continue
        if criterion in ("wins", "away_wins"):
            won = m.outcome == ("H" if at_home else "A")
            if won and (criterion == "wins" or not at_home):
                total += 1
            continue
        if criterion == "away_goals_for" and at_home:
            continue
        if m.home_goals is None or m.away_goals is None:
            return None
        scored, conceded = (m.home_goals, m.away_goals) if at_home else (m.away_goals, m.home_goals)
        total += scored - conceded if criterion == "goal_difference" else scored
    return total


@dataclass(frozen=True, slots=True)
class _Block:
    """Teams the engine could not order among themselves, and what separated them from above."""

    teams: tuple[str, ...]
    label: str | None = None  # "scope.criterion" at the boundary above; None: points or first


def _split(
    teams: Sequence[str], keys: Mapping[str, tuple[int, ...]]
) -> list[tuple[tuple[str, ...], tuple[int, ...]]]:
    """Teams grouped by equal key, best (highest) key first, each group by team id."""
    ordered = sorted(teams, key=lambda t: (tuple(-k for k in keys[t]), t))
    return [(tuple(group), key) for key, group in itertools.groupby(ordered, key=keys.__getitem__)]


def _check_steps(steps: Sequence[TieBreakStep]) -> None:
    for step in steps:
        scope = Scope(step.scope)  # ValueError for an unknown scope
        allowed = _ALLOWED[scope]
        for criterion in step.criteria:
            if criterion not in allowed:
                raise ValueError(
                    f"unknown {scope.value} tie-break criterion {criterion!r}; "
                    f"expected one of {sorted(allowed)}"
                )


@dataclass(frozen=True, slots=True)
class _Ranker:
    results: tuple[MatchResult, ...]
    points: Points
    steps: tuple[TieBreakStep, ...]

    def blocks(self, teams: Sequence[str]) -> list[_Block]:
        """All teams in table order, as blocks the rules could not order further."""
        keys = {t: (_points_of(t, self.results, self.points),) for t in teams}
        out: list[_Block] = []
        for group, _ in _split(teams, keys):
            out.extend(self._resolve(group, 0))
        return out

    def _keys(
        self, teams: tuple[str, ...], step: TieBreakStep
    ) -> tuple[dict[str, tuple[int, ...]], bool]:
        """Each team's values of the step's criteria, and whether all could be computed.

        Computation stops at the first criterion that needs goals of a hypothetical match;
        the keys then hold only the criteria before it.
        """
        if step.scope == Scope.HEAD_TO_HEAD:
            members = set(teams)
            matches = tuple(m for m in self.results if m.home in members and m.away in members)
        else:
            matches = self.results
        keys: dict[str, tuple[int, ...]] = {t: () for t in teams}
        for criterion in step.criteria:
            values: dict[str, int] = {}
            for team in teams:
                value = _value(team, matches, criterion, self.points)
                if value is None:
                    return keys, False
                values[team] = value
            keys = {t: (*keys[t], values[t]) for t in teams}
        return keys, True

    def _resolve(self, teams: tuple[str, ...], index: int) -> list[_Block]:
        """Order teams level so far, from tie-break step ``index`` on."""
        if len(teams) == 1 or index == len(self.steps):
            return [_Block(teams)]
        step = self.steps[index]
        keys, complete = self._keys(teams, step)
        groups = _split(teams, keys)
        if len(groups) == 1:
            return self._resolve(teams, index + 1) if complete else [_Block(teams)]
        out: list[_Block] = []
        previous: tuple[int, ...] | None = None
        for group, key in groups:
            if len(group) == 1 or not complete:
                sub = [_Block(group)]
            else:
                sub = self._resolve(group, index if step.reapply else index + 1)
            label = None
            if previous is not None:
                first = next(
                    i for i, (a, b) in enumerate(zip(previous, key, strict=True)) if a != b
                )
                label = f"{Scope(step.scope).value}.{step.criteria[first]}"
            out.append(replace(sub[0], label=label))
            out.extend(sub[1:])
            previous = key
        return out


# --- public functions ------------------------------------------------------------------


def _check_teams(teams: Sequence[str]) -> tuple[str, ...]:
    team_list = tuple(teams)
    if len(set(team_list)) != len(team_list):
        raise ValueError(f"duplicate team in {team_list}")
    return team_list


def _check_fixture(teams: tuple[str, ...], home: str, away: str) -> None:
    for team in (home, away):
        if team not in teams:
            raise ValueError(f"{home} v {away}: {team!r} is not one of the table's teams")
    if home == away:
        raise ValueError(f"a team cannot play itself: {home!r}")


def _row(
    team: str,
    position: int,
    matches: Sequence[MatchResult],
    points: Points,
    tied_with: tuple[str, ...],
    decided_by: str | None,
) -> Row:
    own = [m for m in matches if team in (m.home, m.away)]
    won = sum(1 for m in own if m.outcome == ("H" if m.home == team else "A"))
    drawn = sum(1 for m in own if m.outcome == "D")
    goals_for = goals_against = away_goals_for = 0
    for m in own:
        if m.home_goals is None or m.away_goals is None:
            continue
        if m.home == team:
            goals_for += m.home_goals
            goals_against += m.away_goals
        else:
            goals_for += m.away_goals
            goals_against += m.home_goals
            away_goals_for += m.away_goals
    return Row(
        team=team,
        position=position,
        played=len(own),
        won=won,
        drawn=drawn,
        lost=len(own) - won - drawn,
        goals_for=goals_for,
        goals_against=goals_against,
        away_goals_for=away_goals_for,
        away_wins=sum(1 for m in own if m.away == team and m.outcome == "A"),
        points=_points_of(team, own, points),
        tied_with=tied_with,
        decided_by=decided_by,
    )


def compute_table(
    teams: Sequence[str],
    results: Iterable[MatchResult],
    points: Points,
    tie_breaks: Sequence[TieBreakStep],
) -> Table:
    """Rank ``teams`` on ``results`` with the competition's points and tie-break rules.

    Every result must be between two of ``teams``. Goal totals count only matches whose goals
    are known; teams a hypothetical match leaves unordered share a position.
    """
    team_list = _check_teams(teams)
    matches = tuple(results)
    for m in matches:
        _check_fixture(team_list, m.home, m.away)
    _check_steps(tie_breaks)
    blocks = _Ranker(matches, points, tuple(tie_breaks)).blocks(team_list)
    rows: list[Row] = []
    position = 1
    for i, block in enumerate(blocks):
        below = blocks[i + 1].label if i + 1 < len(blocks) else None
        decided_by = below if below is not None else block.label
        for team in block.teams:
            tied_with = tuple(t for t in block.teams if t != team)
            rows.append(_row(team, position, matches, points, tied_with, decided_by))
        position += len(block.teams)
    return Table(tuple(rows))


def _points_bounds(
    teams: tuple[str, ...],
    results: tuple[MatchResult, ...],
    remaining: tuple[tuple[str, str], ...],
    points: Points,
) -> dict[str, PositionRange]:
    """Best/worst positions from the fewest and most points each team can still reach."""
    per_match = (points.win, points.draw, points.loss)
    lo: dict[str, int] = {}
    hi: dict[str, int] = {}
    for team in teams:
        now = _points_of(team, results, points)
        left = sum(1 for home, away in remaining if team in (home, away))
        lo[team] = now + left * min(per_match)
        hi[team] = now + left * max(per_match)
    return {
        team: PositionRange(
            team,
            best=1 + sum(1 for o in teams if o != team and lo[o] > hi[team]),
            worst=1 + sum(1 for o in teams if o != team and hi[o] >= lo[team]),
        )
        for team in teams
    }


def position_ranges(
    teams: Sequence[str],
    results: Iterable[MatchResult],
    remaining: Sequence[tuple[str, str]],
    points: Points,
    tie_breaks: Sequence[TieBreakStep],
    max_outcomes: int = 3**8,
) -> dict[str, PositionRange]:
    """Each team's best and worst final position over all outcomes of ``remaining``.

    ``remaining`` holds (home, away) fixtures still to play. See the module docstring for the
    method and the points-only fallback used beyond ``max_outcomes`` outcomes.
    """
    team_list = _check_teams(teams)
    played = tuple(results)
    fixtures = tuple((home, away) for home, away in remaining)
    for m in played:
        _check_fixture(team_list, m.home, m.away)
    for home, away in fixtures:
        _check_fixture(team_list, home, away)
    _check_steps(tie_breaks)
    if len(OUTCOMES) ** len(fixtures) > max_outcomes:
        return _points_bounds(team_list, played, fixtures, points)
    best = dict.fromkeys(team_list, len(team_list))
    worst = dict.fromkeys(team_list, 1)
    steps = tuple(tie_breaks)
    for combination in itertools.product(OUTCOMES, repeat=len(fixtures)):
        assumed = tuple(
            MatchResult.hypothetical(home, away, outcome)
            for (home, away), outcome in zip(fixtures, combination, strict=True)
        )
        position = 1
        for block in _Ranker(played + assumed, points, steps).blocks(team_list):
            last = position + len(block.teams) - 1
            for team in block.teams:
                best[team] = min(best[team], position)
                worst[team] = max(worst[team], last)
            position = last + 1
    return {team: PositionRange(team, best[team], worst[team]) for team in team_list}
