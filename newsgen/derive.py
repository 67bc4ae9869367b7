"""Stage 2 — derive: everything that follows from the facts without a person writing it.

Result, running score, the role of each goal (opener, equaliser, go-ahead, winner), late
goals, braces, comebacks, red cards, clean sheets, previous meetings, each team's next
fixture, and the table after the match with who is already through or out. Each derived fact
has an id (``derived:<fixture>/...``) and records the fact ids it was derived from, so a
printed value stays traceable.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .model import (
    Card,
    Competition,
    FactSet,
    Fixture,
    Goal,
    Period,
    Score,
)
from .scenarios import Remaining, Scenarios, scenarios, scenarios_of
from .standings import MatchResult, PositionRange, Ranking, Table

LATE_MINUTE = 85
_T = TypeVar("_T")
MAX_OUTCOMES = 3**5


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result from the facts' point of view: winner and loser, or a draw."""

    fid: str
    winner: str | None
    loser: str | None
    margin: int
    after_extra_time: bool
    on_penalties: bool

    @property
    def draw(self) -> bool:
        return self.winner is None


@dataclass(frozen=True, slots=True)
class GoalInfo:
    """A goal with what follows from it; ``before``/``after`` are None when order is unknown."""

    goal: Goal
    fid: str
    number: int
    before: Score | None
    after: Score | None
    role: str | None  # opener, equaliser, go-ahead, winner, extends-lead, pulls-back
    late: bool
    scorer_nth: int
    scorer_total: int

    @property
    def stoppage(self) -> bool:
        t = self.goal.time
        return bool(t and t.stoppage)


@dataclass(frozen=True, slots=True)
class Comeback:
    fid: str
    team: str
    deficit: int  # largest deficit overcome
    won: bool


@dataclass(frozen=True, slots=True)
class Standing:
    """The table of the fixture's group (or league) just after it, and what is settled."""

    fid: str
    competition: Competition
    group: str | None
    name: str | None
    table: Table
    ranges: dict[str, PositionRange]
    ranges_before: dict[str, PositionRange] | None
    qualify_last: int  # last position of the top zone (2 in a Champions League group)
    top_outcome: str | None
    sources: tuple[str, ...]
    remaining: tuple[Fixture, ...]
    scenarios: Scenarios | None = None  # what each team needs (None: the group is over)
    # per team, how many of ``remaining`` it plays (None: count them in ``remaining``)
    left: dict[str, int] | None = field(default=None, compare=False, repr=False)
    # the later stages' work on this table, shared by every standing of the same table (the
    # fixtures of a matchday): keyed on what it depends on besides the table
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def matches_left(self, team: str) -> int:
        """How many of the remaining fixtures ``team`` plays."""
        if self.left is None:
            return sum(1 for x in self.remaining if team in (x.home, x.away))
        return self.left.get(team, 0)

    def row_fid(self, team: str) -> str:
        return f"{self.fid}/{team}"

    def scenario_fid(self, team: str) -> str:
        return f"{self.fid}/scenarios/{team}"

    def _status(self, r: PositionRange | None) -> str | None:
        if r is None:
            return None
        if r.worst == 1:
            return "first"
        if r.worst <= self.qualify_last:
            return "through"
        if r.best > self.qualify_last:
            return "out"
        return None

    def status(self, team: str) -> str | None:
        """``first`` (sure of first place), ``through``, ``out`` or None (still open)."""
        if not self.remaining:
            return None  # the group is over: the table says it all
        return self._status(self.ranges.get(team))

    def status_before(self, team: str) -> str | None:
        """The team's status just before this match."""
        return self._status((self.ranges_before or {}).get(team))

    def clinched(self, teams: tuple[str, ...]) -> tuple[str, str] | None:
        """The first of ``teams`` that this match made sure of first place or of going through."""
        for team in teams:
            now = self.status(team)
            if now in ("first", "through") and self.status_before(team) != now:
                return team, now
        return None


@dataclass(frozen=True, slots=True)
class HeadToHead:
    """The two teams' meetings in this competition's group so far, this one included."""

    fid: str
    meetings: tuple[Fixture, ...]
    points: dict[str, int]
    goal_difference: dict[str, int]

    @property
    def leader(self) -> str | None:
        a, b = sorted(self.points)
        key = {t: (self.points[t], self.goal_difference[t]) for t in (a, b)}
        if key[a] == key[b]:
            return None
        return a if key[a] > key[b] else b


@dataclass(frozen=True, slots=True)
class Derived:
    fixture: Fixture
    outcome: Outcome
    goals: tuple[GoalInfo, ...]
    order_known: bool
    comeback: Comeback | None
    multiples: tuple[tuple[str, int], ...]  # scorer, goals (2 = brace, 3 = hat-trick)
    red_cards: tuple[Card, ...]
    clean_sheets: tuple[str, ...]
    previous_meetings: tuple[Fixture, ...]
    next_fixture: dict[str, Fixture | None]
    next_in_competition: dict[str, Fixture | None]
    standing: Standing | None
    head_to_head: HeadToHead | None
    same_day: tuple[Fixture, ...]  # other results of the group (or competition) that day
    sources: dict[str, tuple[str, ...]]  # derived fact id -> fact ids it came from



def _outcome(f: Fixture) -> Outcome:
    final = f.final
    assert final is not None
    winner = f.winner_on_goals
    margin = abs(final.home - final.away)
    if winner is None and f.shootout:
        s = f.shootout
        winner = f.home if s.home > s.away else f.away
    loser = f.opponent(winner) if winner else None
    return Outcome(f"derived:{f.id}/result", winner, loser, margin, f.extra_time is not None,
                   f.shootout is not None)


def _is_late(goal: Goal) -> bool:
    t = goal.time
    if t is None or t.period is None:
        return False
    if t.period in (Period.EXTRA_FIRST, Period.EXTRA_SECOND):
        return t.period is Period.EXTRA_SECOND and (t.stoppage or (t.minute or 0) >= 115
                                                    or t.phase == "late")
    if t.period is not Period.SECOND_HALF:
        return False
    return t.stoppage or (t.minute or 0) >= LATE_MINUTE or t.phase == "late"


def _goals(f: Fixture, outcome: Outcome) -> tuple[tuple[GoalInfo, ...], Comeback | None]:
    goals = f.goals
    order_known = f.goals_complete
    totals = Counter(g.scorer for g in goals if g.scorer and not g.own_goal)
    seen: Counter[str] = Counter()
    infos: list[GoalInfo] = []
    home = away = 0
    worst: dict[str, int] = {f.home: 0, f.away: 0}
    winner_goal = None
    if order_known and outcome.winner and not outcome.on_penalties:
        # the winner's goal that put them ahead for good: their (loser's total + 1)-th
        final = f.final
        assert final is not None
        loser_total = final.away if outcome.winner == f.home else final.home
        n = 0
        for g in goals:
            if g.team == outcome.winner:
                n += 1
                if n == loser_total + 1:
                    winner_goal = g
    for i, g in enumerate(goals, 1):
        if g.scorer and not g.own_goal:
            seen[g.scorer] += 1
        before = after = None
        role = None
        if order_known:
            before = Score(home, away)
            if g.team == f.home:
                home += 1
            else:
                away += 1
            after = Score(home, away)
            lead_before = (before.home - before.away) * (1 if g.team == f.home else -1)
            if i == 1:
                role = "opener"
            elif lead_before == -1:
                role = "equaliser"
            elif lead_before == 0:
                role = "go-ahead"
            elif lead_before > 0:
                role = "extends-lead"
            else:
                role = "pulls-back"
            if g is winner_goal and outcome.margin == 1:
                role = "winner"
            worst[f.home] = min(worst[f.home], after.home - after.away)
            worst[f.away] = min(worst[f.away], after.away - after.home)
        infos.append(GoalInfo(g, f"derived:{f.id}/goals/{i}", i, before, after, role,
                              _is_late(g), seen[g.scorer] if g.scorer else 0,
                              totals[g.scorer] if g.scorer else 0))
    comeback = None
    if order_known:
        for team in (outcome.winner,) if outcome.winner else (f.home, f.away):
            if team and worst[team] < 0:
                comeback = Comeback(f"derived:{f.id}/comeback", team, -worst[team],
                                    outcome.winner == team)
    return tuple(infos), comeback


class _Index:
    """Lookups over one fact set, built once: fixtures by group and by team, and what is
    shared by the fixtures of a group (or league): its played matches as results, its tables
    and what is settled, one per competition, group and set of results, computed once and
    shared by every fixture that sees the same table (the fixtures of a matchday)."""

    def __init__(self, facts: FactSet) -> None:
        self.facts = facts
        groups: dict[tuple[str, str | None], list[Fixture]] = {}
        teams: dict[str, list[Fixture]] = {}
        for x in facts.fixtures.values():  # in the fact set's order, as the scans were
            groups.setdefault((x.competition, x.group), []).append(x)
            teams.setdefault(x.home, []).append(x)
            if x.away != x.home:
                teams.setdefault(x.away, []).append(x)
        self.groups = {k: tuple(v) for k, v in groups.items()}
        days: dict[tuple[str, dt.date], list[str]] = {}
        for x in facts.fixtures.values():
            if x.played:
                days.setdefault((x.competition, x.date), []).append(x.id)
        self.days = {k: tuple(sorted(v)) for k, v in days.items()}
        self.teams = {k: tuple(sorted(v, key=lambda x: x.sort_key)) for k, v in teams.items()}
        # the sort keys of each team's fixtures, to find one's place among them
        self.team_keys = {k: [x.sort_key for x in v] for k, v in self.teams.items()}
        # the rest is filled as fixtures ask for it
        self.scored: dict[tuple[str, str | None], _Played] = {}
        self.same_day: dict[tuple[str, str | None, dt.date], tuple[Fixture, ...]] = {}
        self.windows: dict[tuple[str, str | None, str, dt.date], _Window] = {}
        self.tables: dict[tuple[object, ...], _Tables] = {}
        self.unplayed: dict[str, Remaining] = {}
        self.meetings: dict[tuple[str, str], tuple[Fixture, ...]] = {}
        self.group_teams: dict[tuple[str, str | None], tuple[str, ...]] = {}
        self.after: dict[tuple[object, ...], _After] = {}
        self.last_after: dict[tuple[str, str | None], tuple[object, ...]] = {}
        # the later stages' work over the fact set (see ``memo``)
        self.memo: dict[Any, Any] = {}
        # per group, the key of its window (and of its tables) made last: fixtures come in
        # kick-off order, so a group's earlier ones are not asked for again and are let go
        # (one asked for again is made again, the same), and memory does not grow with a
        # season's matchdays
        self.last_window: dict[tuple[str, str | None], tuple[str, str | None, str, dt.date]] = {}
        self.last_tables: dict[tuple[str, str | None], tuple[object, ...]] = {}

    def window(self, comp: Competition, f: Fixture) -> _Window:
        """The fixture's group seen from its kick-off time and date (see ``_window``)."""
        key = (f.competition, f.group, f.start, f.date)
        window = self.windows.get(key)
        if window is None:
            window = self.windows[key] = _window(self, comp, f)
            previous = self.last_window.get(key[:2])
            if previous is not None and previous != key:
                self.windows.pop(previous, None)
            self.last_window[key[:2]] = key
        return window

    def keep(self, cache: dict[Any, Any], last: dict[tuple[str, str | None], Any],
             group: tuple[str, str | None], key: object, value: object) -> None:
        """Cache a group's value, letting go of the one it made before."""
        cache[key] = value
        previous = last.get(group)
        if previous is not None and previous != key:
            cache.pop(previous, None)
        last[group] = key

    def keep_tables(self, group: tuple[str, str | None], key: tuple[object, ...],
                    tables: _Tables) -> None:
        """Cache a group's tables, letting go of the ones it made before."""
        self.tables[key] = tables
        previous = self.last_tables.get(group)
        if previous is not None and previous != key:
            self.tables.pop(previous, None)
        self.last_tables[group] = key

    def played_in(self, competition: str, group: str | None) -> _Played:
        """The group's fixtures that have a score, in kick-off order, as results."""
        key = (competition, group)
        out = self.scored.get(key)
        if out is None:
            out = self.scored[key] = _Played(tuple(sorted(
                (x for x in self.groups.get(key, ()) if x.score is not None),
                key=lambda x: x.sort_key)))
        return out

    def teams_of(self, competition: str, group: str | None) -> tuple[str, ...]:
        """The teams of a group's (or league's) fixtures, sorted (made once)."""
        key = (competition, group)
        out = self.group_teams.get(key)
        if out is None:
            out = self.group_teams[key] = tuple(sorted(
                {t for x in self.groups.get(key, ()) for t in (x.home, x.away)}))
        return out

    def remaining(self, x: Fixture) -> Remaining:
        """The fixture as one still to play, for the scenarios (made once)."""
        out = self.unplayed.get(x.id)
        if out is None:
            out = self.unplayed[x.id] = Remaining(x.home, x.away, x.fid)
        return out

    def played_on(self, competition: str, group: str | None,
                  date: dt.date) -> tuple[Fixture, ...]:
        """The group's played fixtures on a date, in kick-off order."""
        key = (competition, group, date)
        out = self.same_day.get(key)
        if out is None:
            out = self.same_day[key] = tuple(sorted(
                (x for x in self.groups.get((competition, group), ())
                 if x.date == date and x.played), key=lambda x: x.sort_key))
        return out


class _Played:
    """A group's fixtures that have a score, in kick-off order, with their results and ids,
    and for a kick-off time and date the ones done by then (see ``_window``)."""

    __slots__ = ("by_date", "fids", "fixtures", "ids", "prefixes", "results", "starts")

    def __init__(self, fixtures: tuple[Fixture, ...]) -> None:
        self.fixtures = fixtures
        self.ids = tuple(x.id for x in fixtures)
        self.fids = tuple(x.fid for x in fixtures)
        self.starts = [x.start for x in fixtures]
        results = []
        for x in fixtures:
            final = x.final
            assert final is not None
            results.append(MatchResult.of(x.home, x.away, final.home, final.away, fid=x.fid))
        self.results = tuple(results)
        by_date: dict[dt.date, list[int]] = {}
        for i, x in enumerate(fixtures):
            by_date.setdefault(x.date, []).append(i)
        self.by_date = by_date
        self.prefixes: dict[int, Ranking] = {}

    def ranking(self, n: int, teams: tuple[str, ...], comp: Competition) -> Ranking:
        """The ranking of the first ``n`` results (the ones before a kick-off time), made
        from the longest such ranking already made, if any."""
        out = self.prefixes.get(n)
        if out is None:
            shorter = max((k for k in self.prefixes if k < n), default=None)
            if shorter is None:
                out = Ranking(teams, self.results[:n], comp.points, comp.tie_breaks)
            else:
                out = self.prefixes[shorter].extended(self.results[shorter:n])
            self.prefixes[n] = out
            # kick-off order asks for longer ones next: the shorter ones are let go
            for k in [k for k in self.prefixes if k < n]:
                del self.prefixes[k]
        return out

    def done(self, start: str, date: dt.date) -> tuple[int, list[int], int]:
        """The fixtures kicked off by ``start`` or played on ``date``: the first ``n`` ones
        and those at ``later`` indices; and how many of them kicked off before ``start``."""
        n = bisect.bisect_right(self.starts, start)
        later = [i for i in self.by_date.get(date, ()) if i >= n]
        return n, later, bisect.bisect_left(self.starts, start)

    def pick(self, items: tuple[_T, ...], n: int, later: list[int]) -> tuple[_T, ...]:
        return items[:n] + tuple(items[i] for i in later) if later else items[:n]


@dataclass(frozen=True, slots=True)
class _Tables:
    """What a table's fixtures share: the table, the ranges after and before, the scenarios."""

    table: Table
    ranges: dict[str, PositionRange]
    ranges_before: dict[str, PositionRange]
    remaining: tuple[Fixture, ...]
    remaining_fids: tuple[str, ...]
    scenarios: Scenarios | None
    left: dict[str, int]  # per team, how many of ``remaining`` it plays
    memo: dict[Any, Any]  # see ``Standing.memo``


@dataclass(frozen=True, slots=True)
class _Window:
    """A group seen from one kick-off time and date: what is done, what remains."""

    sources: tuple[str, ...]
    rows: tuple[str, ...]  # what each row of the table (and scenario) comes from
    tables: _Tables


_INDEX: list[_Index] = []  # the index of the fact set seen last


def _index(facts: FactSet) -> _Index:
    if not _INDEX or _INDEX[0].facts is not facts:
        _INDEX[:] = [_Index(facts)]
    return _INDEX[0]


def played_that_day(facts: FactSet, competition: str, date: dt.date) -> tuple[str, ...]:
    """The ids of the played fixtures of a competition on a date, sorted."""
    return _index(facts).days.get((competition, date), ())


def memo(facts: FactSet) -> dict[Any, Any]:
    """Scratch space for a later stage's work over one fact set (the planner's mentions, the
    results of a day): the fact set is immutable once loaded, so what is kept here stays
    true; it is let go with the index (another fact set, or ``clear_caches``)."""
    return _index(facts).memo


def first_meeting(facts: FactSet, a: str, b: str, before: tuple[str, str]) -> Fixture | None:
    """The first played meeting of teams ``a`` and ``b`` with a sort key below ``before``."""
    index = _index(facts)
    meetings = index.meetings.get((a, b))
    if meetings is None:  # team a's fixtures against b, in kick-off order
        meetings = index.meetings[(a, b)] = tuple(
            m for m in index.teams.get(a, ()) if {m.home, m.away} == {a, b})
    for m in meetings:
        if m.sort_key >= before:
            return None
        if m.played:
            return m
    return None


def clear_caches() -> None:
    """Forget shared computations (for benchmarks that must start cold)."""
    scenarios.cache_clear()
    _INDEX.clear()


@dataclass(frozen=True, slots=True)
class _After:
    """The table after a day's games and what follows from it alone (see ``_Tables``)."""

    table: Table
    ranges: dict[str, PositionRange]
    remaining: tuple[Fixture, ...]
    remaining_fids: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]  # the remaining fixtures' teams
    scenarios: Scenarios | None
    left: dict[str, int]


def _after(index: _Index, comp: Competition, played: _Played, peers: tuple[Fixture, ...],
           before: Ranking, n: int, later: list[int], n_before: int,
           ids: tuple[str, ...]) -> _After:
    done_ids = set(ids)
    remaining = tuple(x for x in peers if x.id not in done_ids)
    results = played.pick(played.results, n, later)
    ranking = before.extended(results[n_before:])
    table = ranking.table()
    pairs = tuple((x.home, x.away) for x in remaining)
    # enumerate outcomes only near the end of a group, where statuses can be settled;
    # earlier, the engine's conservative points bounds are as good and cost nothing
    ranges = ranking.ranges(pairs, MAX_OUTCOMES)
    top = min(comp.zones, key=lambda z: z.first) if comp.zones else None
    scen = scenarios_of(ranking, table, tuple(index.remaining(x) for x in remaining),
                        top.last if top else 1, MAX_OUTCOMES) if remaining else None
    left: Counter[str] = Counter()
    for x in remaining:
        left[x.home] += 1
        if x.away != x.home:
            left[x.away] += 1
    return _After(table, ranges, remaining, tuple(x.fid for x in remaining), pairs, scen,
                  dict(left))


def _window(index: _Index, comp: Competition, f: Fixture) -> _Window:
    """The fixture's group as the table after it sees it (shared by the group's fixtures
    with the same kick-off time and date)."""
    peers = index.groups.get((f.competition, f.group), ())
    group = comp.group(f.group) if f.group else None
    teams = group.teams if group else index.teams_of(f.competition, f.group)
    # matches kicked off at the same time count as finished with this one
    # the table after the match is the table at the end of its day: a recap is read after
    # the night's games, and every recap of a matchday then shows the same table
    played = index.played_in(f.competition, f.group)
    n, later, n_before = played.done(f.start, f.date)
    done = played.pick(played.fixtures, n, later)  # in kick-off order
    ids = played.pick(played.ids, n, later)
    # "before" is before kick-off: games played at the same time had not been decided;
    # done is in kick-off order, so the games before kick-off are its first ones
    key = (comp.id, f.group, ids, n_before)
    tables = index.tables.get(key)
    if tables is None:
        # the ranking before kick-off, and after it with the games of its time and day
        before = played.ranking(n_before, teams, comp)
        # what the table after the day is, shared by the day's kick-off times (the ranking
        # is that of the day's results, whichever of them came before kick-off)
        after = index.after.get(key[:3])
        if after is None:
            after = _after(index, comp, played, peers, before, n, later, n_before, ids)
            index.keep(index.after, index.last_after, (f.competition, f.group), key[:3], after)
        before_pairs = tuple((x.home, x.away) for x in done[n_before:])
        ranges_before = before.ranges((*after.pairs, *before_pairs), MAX_OUTCOMES)
        tables = _Tables(after.table, after.ranges, ranges_before, after.remaining,
                         after.remaining_fids, after.scenarios, after.left, {})
        index.keep_tables((f.competition, f.group), key, tables)
    scope = f"{comp.id}/groups/{f.group}" if f.group else comp.id
    sources = (*played.pick(played.fids, n, later), f"competition:{scope}")
    return _Window(sources, sources + tables.remaining_fids, tables)


def _standing(facts: FactSet, f: Fixture) -> tuple[Standing, tuple[str, ...]] | None:
    """The fixture's standing, and the sources of its rows."""
    comp = facts.competitions[f.competition]
    if not comp.tie_breaks:
        return None
    window = _index(facts).window(comp, f)
    group = comp.group(f.group) if f.group else None
    top = min(comp.zones, key=lambda z: z.first) if comp.zones else None
    t = window.tables
    return Standing(f"derived:{f.id}/table", comp, f.group, group.name if group else None,
                    t.table, t.ranges, t.ranges_before, top.last if top else 1,
                    top.outcome if top else None, window.sources, t.remaining,
                    t.scenarios, t.left, t.memo), window.rows


def _next(facts: FactSet, f: Fixture, team: str, same_competition: bool) -> Fixture | None:
    index = _index(facts)
    fixtures = index.teams.get(team, ())  # in kick-off order: the first is the next
    date = f.date
    # the fixtures before the first with a later sort key cannot be next
    for x in fixtures[bisect.bisect_right(index.team_keys.get(team, ()), f.sort_key):]:
        if x.date > date and (not same_competition or x.competition == f.competition):
            return x
    return None


def _head_to_head(f: Fixture, meetings: tuple[Fixture, ...],
                  comp: Competition) -> HeadToHead | None:
    """Head-to-head record when the group's meetings of the two teams are all played."""
    legs = (*(m for m in meetings if m.competition == f.competition and m.group == f.group), f)
    if f.group is None or len(legs) < 2:
        return None
    points = {f.home: 0, f.away: 0}
    diff = {f.home: 0, f.away: 0}
    for m in legs:
        final = m.final
        assert final is not None
        for team, mine, theirs in ((m.home, final.home, final.away),
                                   (m.away, final.away, final.home)):
            diff[team] += mine - theirs
            points[team] += (comp.points.win if mine > theirs else
                             comp.points.draw if mine == theirs else comp.points.loss)
    return HeadToHead(f"derived:{f.id}/head-to-head", legs, points, diff)


def derive(facts: FactSet, fixture_id: str) -> Derived:
    """Derive everything for one played fixture of the fact set."""
    f = facts.fixtures[fixture_id]
    outcome = _outcome(f)
    goals, comeback = _goals(f, outcome)
    counts = Counter(g.goal.scorer for g in goals if g.goal.scorer and not g.goal.own_goal)
    multiples = tuple(sorted(((s, n) for s, n in counts.items() if n >= 2),
                             key=lambda x: (-x[1], x[0])))
    red_cards = tuple(e for e in f.events
                      if isinstance(e, Card) and e.color in ("red", "second-yellow"))
    final = f.final
    assert final is not None
    clean = tuple(t for t, against in ((f.home, final.away), (f.away, final.home)) if against == 0)
    key = f.sort_key
    index = _index(facts)
    before = index.teams.get(f.home, ())[:bisect.bisect_left(index.team_keys.get(f.home, ()),
                                                             key)]
    meetings = tuple(x for x in before if {x.home, x.away} == {f.home, f.away} and x.played)
    standing_rows = _standing(facts, f)
    standing = standing_rows[0] if standing_rows else None
    same_day = tuple(x for x in _index(facts).played_on(f.competition, f.group, f.date)
                     if x is not f)
    h2h = _head_to_head(f, meetings, facts.competitions[f.competition])
    sources: dict[str, tuple[str, ...]] = {outcome.fid: (f"{f.fid}/score",)}
    if h2h:
        sources[h2h.fid] = tuple(f"{x.fid}/score" for x in h2h.meetings)
    goal_sources = (f"{f.fid}/score", *(x.fid for x in f.goals))
    for g in goals:
        sources[g.fid] = goal_sources
    if comeback:
        sources[comeback.fid] = tuple(x.fid for x in f.goals)
    if standing_rows:
        standing, rows = standing_rows
        sources[standing.fid] = standing.sources
        for team in standing.ranges:
            sources[standing.row_fid(team)] = rows
            if standing.scenarios is not None:
                sources[standing.scenario_fid(team)] = rows
    return Derived(
        f, outcome, goals, f.goals_complete, comeback, multiples, red_cards, clean, meetings,
        {t: _next(facts, f, t, False) for t in (f.home, f.away)},
        {t: _next(facts, f, t, True) for t in (f.home, f.away)},
        standing, h2h, same_day, sources)


_FIXTURE_PARTS = ("score", "half_time", "extra_time", "shootout", "kickoff", "place", "matchday")


def resolves(facts: FactSet, derived: Derived, fid: str) -> bool:
    """Whether a fact id names a fact of the fact set, or a fact derived for this fixture.

    Used to check grounding from provenance: every printed value must resolve.
    """
    kind, _, rest = fid.partition(":")
    head, _, tail = rest.partition("/")
    if kind == "derived":
        return fid in derived.sources
    if kind == "house":
        return True
    if kind in ("team", "person", "venue"):
        table: dict[str, object] = {"team": facts.teams, "person": facts.people,
                                    "venue": facts.venues}[kind]  # type: ignore[assignment]
        return head in table and not tail
    if kind == "competition":
        comp = facts.competitions.get(head)
        if comp is None:
            return False
        if not tail:
            return True
        group = tail.removeprefix("groups/")
        return tail.startswith("groups/") and comp.group(group) is not None
    if kind != "fixture" or head not in facts.fixtures:
        return False
    fixture = facts.fixtures[head]
    if not tail or tail in _FIXTURE_PARTS:
        return True
    parts = tail.split("/")
    if parts[0] in ("events", "context") and len(parts) >= 2 and parts[1].isdigit():
        items = fixture.events if parts[0] == "events" else fixture.context
        index = int(parts[1])
        if index >= len(items):
            return False
        return len(parts) == 2 or (parts[0] == "events" and parts[2:] in (["time"], ["var"]))
    return False
