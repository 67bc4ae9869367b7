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

import bisect
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import cast

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


# --- the tie-break engine ---------------------------------------------------------------

# A team's tally over a set of matches, as a list indexed by these positions. Goal totals
# count only matches whose goals are known; the two ``UNKNOWN`` counters say how many of the
# team's matches (its away matches) have unknown goals, so that a goals-based criterion can
# say it cannot be computed.
PLAYED, WON, DRAWN, GF, GA, AGF, AWAY_WINS, PTS, UNKNOWN, UNKNOWN_AWAY = range(10)
_ZERO = (0,) * 10

_Tally = dict[str, list[int]]


def _add(tally: _Tally, m: MatchResult, win: int, draw: int, loss: int) -> None:
    """Add one match to ``tally`` (both teams' lines)."""
    h = tally.get(m.home)
    if h is None:
        h = tally[m.home] = [0] * 10
    a = tally.get(m.away)
    if a is None:
        a = tally[m.away] = [0] * 10
    h[PLAYED] += 1
    a[PLAYED] += 1
    outcome = m.outcome
    if outcome == "H":
        h[WON] += 1
        h[PTS] += win
        a[PTS] += loss
    elif outcome == "D":
        h[DRAWN] += 1
        a[DRAWN] += 1
        h[PTS] += draw
        a[PTS] += draw
    else:
        a[WON] += 1
        a[AWAY_WINS] += 1
        a[PTS] += win
        h[PTS] += loss
    hg, ag = m.home_goals, m.away_goals
    if hg is None or ag is None:
        h[UNKNOWN] += 1
        a[UNKNOWN] += 1
        a[UNKNOWN_AWAY] += 1
    else:
        h[GF] += hg
        h[GA] += ag
        a[GF] += ag
        a[GA] += hg
        a[AGF] += ag


def _tally(matches: Iterable[MatchResult], points: Points) -> _Tally:
    tally: _Tally = {}
    win, draw, loss = points.win, points.draw, points.loss
    for m in matches:
        _add(tally, m, win, draw, loss)
    return tally


def _criterion(line: Sequence[int], criterion: str) -> int | None:
    """A team's value of a criterion from its tally; ``None`` when it needs unknown goals."""
    if criterion == "points":
        return line[PTS]
    if criterion == "goal_difference":
        return None if line[UNKNOWN] else line[GF] - line[GA]
    if criterion == "goals_for":
        return None if line[UNKNOWN] else line[GF]
    if criterion == "away_goals_for":
        return None if line[UNKNOWN_AWAY] else line[AGF]
    if criterion == "wins":
        return line[WON]
    if criterion == "away_wins":
        return line[AWAY_WINS]
    raise ValueError(f"unknown tie-break criterion {criterion!r}")


@dataclass(frozen=True, slots=True)
class _Block:
    """Teams the engine could not order among themselves, and what separated them from above."""

    teams: tuple[str, ...]
    label: str | None = None  # "scope.criterion" at the boundary above; None: points or first


def _split(
    teams: Sequence[str], keys: Mapping[str, tuple[int, ...]]
) -> list[tuple[tuple[str, ...], tuple[int, ...]]]:
    """Teams grouped by equal key, best (highest) key first, each group by team id."""
    # keys have one length: highest key first is the keys' descending order, and the sort
    # keeps the order by team id among equal keys (a reverse sort is stable too)
    ordered = sorted(sorted(teams), key=keys.__getitem__, reverse=True)
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


def _plus(tally: _Tally, extra: tuple[MatchResult, ...], points: Points) -> _Tally:
    """``tally`` with ``extra`` matches added; ``tally`` and its lines are left as they
    were (the lines of the teams in ``extra`` are copied, the others shared)."""
    out = dict(tally)
    copied: set[str] = set()
    win, draw, loss = points.win, points.draw, points.loss
    for m in extra:
        for t in (m.home, m.away):
            if t not in copied:
                copied.add(t)
                line = out.get(t)
                out[t] = [0] * 10 if line is None else line.copy()
        _add(out, m, win, draw, loss)
    return out


class _Base:
    """The tally of a set of matches and their index by home team, computed once and shared
    by every ranking that adds a few (hypothetical or enumerated) matches to them. Neither
    is changed once made."""

    __slots__ = ("home", "points", "tally")

    def __init__(self, matches: tuple[MatchResult, ...], points: Points) -> None:
        self.points = points
        self.tally = _tally(matches, points)
        home: dict[str, list[MatchResult]] = {}
        for m in matches:
            home.setdefault(m.home, []).append(m)
        self.home = {t: tuple(ms) for t, ms in home.items()}

    def extended(self, extra: tuple[MatchResult, ...]) -> _Base:
        """The base of these matches and ``extra`` ones."""
        out = _Base((), self.points)
        out.tally = _plus(self.tally, extra, self.points)
        out.home = home = dict(self.home)
        for m in extra:
            home[m.home] = (*home.get(m.home, ()), m)
        return out


class _Ranker:
    """Ranks teams on the matches of ``base`` plus ``extra``."""

    __slots__ = ("base", "extra", "points", "steps", "tally")

    def __init__(self, base: _Base, extra: tuple[MatchResult, ...],
                 steps: tuple[TieBreakStep, ...]) -> None:
        self.base = base
        self.extra = extra
        self.points = base.points
        self.steps = steps
        self.tally = _plus(base.tally, extra, base.points) if extra else base.tally

    def order(self, teams: Sequence[str]) -> list[tuple[str, ...]]:
        """``blocks``' teams without the labels (for the enumerations)."""
        tally = self.tally
        keys = {t: (tally.get(t, _ZERO)[PTS],) for t in teams}
        out: list[tuple[str, ...]] = []
        for group, _ in _split(teams, keys):
            if len(group) == 1:
                out.append(group)
            else:
                out.extend(self._order(group, 0))
        return out

    def _order(self, teams: tuple[str, ...], index: int) -> list[tuple[str, ...]]:
        """``_resolve`` without the labels."""
        if len(teams) == 1 or index == len(self.steps):
            return [teams]
        step = self.steps[index]
        keys, complete = self._keys(teams, step)
        groups = _split(teams, keys)
        if len(groups) == 1:
            return self._order(teams, index + 1) if complete else [teams]
        out: list[tuple[str, ...]] = []
        for group, _ in groups:
            if len(group) == 1 or not complete:
                out.append(group)
            else:
                out.extend(self._order(group, index if step.reapply else index + 1))
        return out

    def blocks(self, teams: Sequence[str]) -> list[_Block]:
        """All teams in table order, as blocks the rules could not order further."""
        tally = self.tally
        keys = {t: (tally.get(t, _ZERO)[PTS],) for t in teams}
        out: list[_Block] = []
        for group, _ in _split(teams, keys):
            if len(group) == 1:
                out.append(_Block(group))
            else:
                out.extend(self._resolve(group, 0))
        return out

    def _among(self, teams: tuple[str, ...]) -> _Tally:
        """The tally of the matches among ``teams`` only."""
        members = set(teams)
        tally: _Tally = {}
        win, draw, loss = self.points.win, self.points.draw, self.points.loss
        home = self.base.home
        for t in teams:
            for m in home.get(t, ()):
                if m.away in members:
                    _add(tally, m, win, draw, loss)
        for m in self.extra:
            if m.home in members and m.away in members:
                _add(tally, m, win, draw, loss)
        return tally

    def _keys(
        self, teams: tuple[str, ...], step: TieBreakStep
    ) -> tuple[dict[str, tuple[int, ...]], bool]:
        """Each team's values of the step's criteria, and whether all could be computed.

        Computation stops at the first criterion that needs goals of a hypothetical match;
        the keys then hold only the criteria before it.
        """
        tally = self._among(teams) if step.scope == Scope.HEAD_TO_HEAD else self.tally
        lines = [tally.get(t, _ZERO) for t in teams]
        columns: list[list[int]] = []
        complete = True
        for criterion in step.criteria:
            column = [_criterion(line, criterion) for line in lines]
            if None in column:
                complete = False
                break
            columns.append(cast(list[int], column))
        if not columns:
            return {t: () for t in teams}, complete
        return dict(zip(teams, zip(*columns, strict=True), strict=True)), complete

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


def _check_matches(teams: tuple[str, ...], matches: Iterable[MatchResult]) -> None:
    members = frozenset(teams)
    for m in matches:
        if m.home not in members or m.away not in members:
            _check_fixture(teams, m.home, m.away)  # raises


class Ranking:
    """The rankings of ``teams`` on a fixed set of matches, plus a few more each time.

    The fixed matches are checked and tallied once; ``table`` ranks them as ``compute_table``
    does, ``ranges`` answers ``position_ranges``, and ``blocks`` ranks them together with
    ``extra`` matches (hypothetical or enumerated ones) exactly as ``compute_table`` would
    rank all of them, without building rows (for the enumerations).
    """

    __slots__ = ("base", "steps", "teams")

    def __init__(self, teams: Sequence[str], matches: Iterable[MatchResult], points: Points,
                 tie_breaks: Sequence[TieBreakStep]) -> None:
        self.teams = _check_teams(teams)
        played = tuple(matches)
        _check_matches(self.teams, played)
        _check_steps(tie_breaks)
        self.base = _Base(played, points)
        self.steps = tuple(tie_breaks)

    def extended(self, extra: Iterable[MatchResult]) -> Ranking:
        """The ranking of these matches and ``extra`` ones (tallied on top of these)."""
        more = tuple(extra)
        _check_matches(self.teams, more)
        out = Ranking.__new__(Ranking)
        out.teams, out.steps = self.teams, self.steps
        out.base = self.base.extended(more)
        return out

    def check_fixture(self, home: str, away: str) -> None:
        """``ValueError`` unless ``home`` v ``away`` is a fixture between two of the teams."""
        _check_fixture(self.teams, home, away)

    def blocks(self, extra: tuple[MatchResult, ...] = ()) -> list[tuple[str, ...]]:
        """The teams in table order, as blocks of teams sharing a position.

        ``extra`` must be between the table's teams (the caller checks them once).
        """
        return _Ranker(self.base, extra, self.steps).order(self.teams)

    def blocks_each(self, fixed: tuple[MatchResult, ...],
                    choices: Sequence[Sequence[MatchResult]]) -> Iterator[list[tuple[str, ...]]]:
        """``blocks(fixed + combination)`` for each combination of one match from each of
        ``choices`` (in ``itertools.product`` order), where the matches of one choice are
        one fixture with one outcome and differ only in their goals.

        Points then split the teams the same way in every combination, and the order within
        a group level on points depends only on the matches of its teams: it is worked out
        once per combination of those matches' goals and reused.
        """
        for choice in choices:
            if len({(m.home, m.away, m.outcome) for m in choice}) != 1:
                raise ValueError("each choice must be one fixture with one outcome")
        first = _Ranker(self.base, fixed + tuple(c[0] for c in choices), self.steps)
        groups = [g for g, _ in _split(self.teams, {
            t: (first.tally.get(t, _ZERO)[PTS],) for t in self.teams})]
        touched = [[k for k, c in enumerate(choices) if c[0].home in g or c[0].away in g]
                   for g in groups]
        orders: dict[tuple[int, tuple[int, ...]], list[tuple[str, ...]]] = {}
        level = [(g, group, touching)
                 for g, (group, touching) in enumerate(zip(groups, touched, strict=True))
                 if len(group) > 1]
        for picks in itertools.product(*(range(len(c)) for c in choices)):
            ranker: _Ranker | None = None
            parts: list[list[tuple[str, ...]]] = [[group] for group in groups]
            for g, group, touching in level:
                key = (g, tuple([picks[k] for k in touching]))
                order = orders.get(key)
                if order is None:
                    if ranker is None:
                        ranker = _Ranker(self.base, fixed + tuple(
                            c[j] for c, j in zip(choices, picks, strict=True)), self.steps)
                    order = orders[key] = ranker._order(group, 0)
                parts[g] = order
            yield [block for part in parts for block in part]

    def table(self) -> Table:
        """``compute_table`` of the matches."""
        ranker = _Ranker(self.base, (), self.steps)
        blocks = ranker.blocks(self.teams)
        tally = ranker.tally
        rows: list[Row] = []
        position = 1
        for i, block in enumerate(blocks):
            below = blocks[i + 1].label if i + 1 < len(blocks) else None
            decided_by = below if below is not None else block.label
            for team in block.teams:
                tied_with = tuple(t for t in block.teams if t != team)
                line = tally.get(team, _ZERO)
                rows.append(Row(team, position, line[PLAYED], line[WON], line[DRAWN],
                                line[PLAYED] - line[WON] - line[DRAWN], line[GF], line[GA],
                                line[AGF], line[AWAY_WINS], line[PTS], tied_with, decided_by))
            position += len(block.teams)
        return Table(tuple(rows))

    def ranges(self, remaining: Sequence[tuple[str, str]],
               max_outcomes: int = 3**8) -> dict[str, PositionRange]:
        """``position_ranges`` of the matches and the ``remaining`` (home, away) fixtures."""
        fixtures = tuple((home, away) for home, away in remaining)
        members = frozenset(self.teams)
        for home, away in fixtures:
            if home not in members or away not in members or home == away:
                _check_fixture(self.teams, home, away)  # raises
        teams = self.teams
        if len(OUTCOMES) ** len(fixtures) > max_outcomes:
            return _points_bounds(teams, self.base.tally, fixtures, self.base.points)
        best = dict.fromkeys(teams, len(teams))
        worst = dict.fromkeys(teams, 1)
        choices = [[MatchResult.hypothetical(home, away, o) for o in OUTCOMES]
                   for home, away in fixtures]
        for assumed in itertools.product(*choices):
            position = 1
            for block in self.blocks(assumed):
                last = position + len(block) - 1
                for team in block:
                    if position < best[team]:
                        best[team] = position
                    if last > worst[team]:
                        worst[team] = last
                position = last + 1
        return {team: PositionRange(team, best[team], worst[team]) for team in teams}


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
    return Ranking(teams, results, points, tie_breaks).table()


def _points_bounds(
    teams: tuple[str, ...],
    tally: _Tally,
    remaining: tuple[tuple[str, str], ...],
    points: Points,
) -> dict[str, PositionRange]:
    """Best/worst positions from the fewest and most points each team can still reach."""
    per_match = (points.win, points.draw, points.loss)
    low, high = min(per_match), max(per_match)
    left = dict.fromkeys(teams, 0)
    for home, away in remaining:
        left[home] += 1
        left[away] += 1
    lo: dict[str, int] = {}
    hi: dict[str, int] = {}
    for team in teams:
        now = tally.get(team, _ZERO)[PTS]
        lo[team] = now + left[team] * low
        hi[team] = now + left[team] * high
    # best: 1 + the teams whose lo exceeds its hi; worst: 1 + the other teams whose hi
    # reaches its lo (its own hi reaches its lo: counting every team gives 1 + the others)
    los = sorted(lo.values())
    his = sorted(hi.values())
    return {team: PositionRange(team, best=1 + len(los) - bisect.bisect_right(los, hi[team]),
                                worst=len(his) - bisect.bisect_left(his, lo[team]))
            for team in teams}


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
    _check_matches(team_list, played)
    for home, away in fixtures:  # checked in this order: the first problem is reported
        _check_fixture(team_list, home, away)
    return Ranking(team_list, played, points, tie_breaks).ranges(fixtures, max_outcomes)
