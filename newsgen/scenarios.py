"""What is at stake: who is through, out or sure of a place, and what each team still needs.

Pure arithmetic over results, like ``standings``: every table is ranked by
``standings.compute_table`` under the competition's own points and tie-break rules, so there
is one table engine. Three methods, the first that fits is used and recorded in
``Scenarios.method``:

``scores``
    When every team has at most one match left (a group's or league's last round) and the
    ``3 ** n`` win/draw/defeat combinations of the ``n`` remaining matches fit in
    ``max_outcomes``. Each combination is ranked with its matches as hypothetical results
    (outcome known, goals not). Where that leaves teams level after the points-based
    criteria, so that goals decide, the matches of those teams are enumerated again with
    every score-line up to ``bound`` goals a side, and ranked with real goals. Every
    statement ("through with a one-goal defeat scoring four or more if Napoli win") is read
    off these enumerated outcomes.
``outcomes``
    When a team has two or more matches left: the win/draw/defeat combinations only. A tie
    that goals would break counts as open (the team may finish anywhere in its block), so a
    status is never claimed that a score-line could contradict; a team whose fate is not
    settled is labelled "depends on N of M outcomes".
``points``
    When ``3 ** n`` exceeds ``max_outcomes`` (a 20-team league with several rounds left):
    exact points arithmetic. With ``lo`` and ``hi`` a team's fewest and most possible final
    points, it "can no longer be caught" for a place when more than the teams below that
    place cannot reach its ``lo``, and "cannot finish in the top k" when k teams already
    have more than its ``hi``. Coarser, still never wrong; it costs one pass over the teams.

Why the score bound is safe, criterion by criterion (the ``scores`` method):

* points, wins, away wins, head-to-head points: they follow from the outcome alone, which
  is enumerated completely; no bound is involved.
* goal difference, goals scored, away goals scored (overall or head-to-head): every
  comparison a criterion makes between two teams is their current difference plus a
  difference of goals in the remaining matches. The bound is chosen above every current
  difference between two teams that can still finish level on points (``_bound``), so for
  every comparison each sign (ahead, level, behind) occurs among the enumerated outcomes:
  a verdict that is the same on every enumerated outcome is not contradicted by a larger
  score-line changing one comparison. A statement with "or more" ("scoring four or more")
  extends past the bound; the engine accepts it only when the verdicts on the outermost
  layer of score-lines (a side scoring ``bound`` goals) equal those one goal a side below,
  at the same margin, and otherwise reports the case as one that "depends on N of M
  outcomes".
* What it misses: when the current differences exceed ``MAX_BOUND`` the bound is capped
  (``Scenarios.bound_covers`` is then False and the docs' caveat applies); criteria past
  the configured list (fair play, coefficients, lots) are not modelled, so teams no
  configured rule separates share a block and count as open.

The grammar of statements (``Clause``): a team's own result (win, draw, defeat), optionally
narrowed by its margin, the goals it scores or concedes (each ``==``, ``>=`` or ``<=`` a
number, or "unless" such a conjunction), and the results of other fixtures, each from one
team's side (win, draw, lose, or two of them: "avoid defeat", "fail to win", "do not
draw"). A team's ``needs`` are the clauses under which it goes through, its ``otherwise``
the clauses under which it certainly fails and finishes in one known position. When no
clause list is exact, ``depends`` gives how many of the win/draw/defeat combinations send it
through and how many are decided by goals. ``holds`` re-checks a clause on one outcome; the
tests check every statement against every enumerated outcome.

Results are cached per set of inputs, which is one competition (group) and matchday.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .model import Points, TieBreakStep
from .standings import OUTCOMES, MatchResult, Ranking, Table

MIN_BOUND = 5  # goals a side: covers "scoring four or more" with a layer to spare
MAX_BOUND = 8  # beyond this the enumeration grows past a second for two matches
MAX_OUTCOMES = 3**8  # win/draw/defeat combinations enumerated before points arithmetic

WIN, DRAW, DEFEAT = "win", "draw", "defeat"
RESULTS = (WIN, DRAW, DEFEAT)


@dataclass(frozen=True, slots=True)
class Remaining:
    """A fixture still to play."""

    home: str
    away: str
    fid: str = ""


@dataclass(frozen=True, slots=True)
class Atom:
    """One condition on the team's own score-line: ``kind`` ``op`` ``value``.

    ``kind`` is ``margin`` (goals between the sides), ``scored`` or ``conceded``; ``op`` is
    ``eq``, ``ge`` or ``le``.
    """

    kind: str
    op: str
    value: int

    def test(self, scored: int, conceded: int) -> bool:
        x = {"margin": abs(scored - conceded), "scored": scored, "conceded": conceded}[self.kind]
        return {"eq": x == self.value, "ge": x >= self.value, "le": x <= self.value}[self.op]


@dataclass(frozen=True, slots=True)
class Predicate:
    """A conjunction of atoms, or ("unless") its negation."""

    atoms: tuple[Atom, ...]
    negated: bool = False

    def test(self, scored: int, conceded: int) -> bool:
        value = all(a.test(scored, conceded) for a in self.atoms)
        return value != self.negated


@dataclass(frozen=True, slots=True)
class Other:
    """Another fixture's result, said from ``team``'s side: ``results`` ⊆ win/draw/defeat."""

    fixture: Remaining
    team: str
    results: tuple[str, ...]

    def test(self, outcome: str) -> bool:
        return _result_for(self.team, self.fixture, outcome) in self.results


@dataclass(frozen=True, slots=True)
class Clause:
    """Own result (narrowed by ``predicate``) and other fixtures' results → a verdict.

    ``position`` is None for "goes through" clauses and the certain final position for the
    ``otherwise`` clauses.
    """

    results: tuple[str, ...]
    predicate: Predicate | None
    others: tuple[Other, ...]
    position: int | None = None


@dataclass(frozen=True, slots=True)
class TeamScenario:
    team: str
    best: int
    worst: int
    status: str | None  # first, through, out, or None (still open)
    match: Remaining | None  # the team's own remaining match, when it has exactly one
    needs: tuple[Clause, ...]  # how it goes through (status None, summarised)
    otherwise: tuple[Clause, ...]  # when it certainly fails, and where it then finishes
    depends: tuple[int, int, int] | None  # (through in, goals decide in, of) combinations


@dataclass(frozen=True, slots=True)
class Scenarios:
    table: Table
    method: str  # scores, outcomes, points
    bound: int | None  # goals a side enumerated (scores method)
    bound_covers: bool  # the bound exceeds every relevant current difference
    outcomes: int  # win/draw/defeat combinations enumerated (0 for points)
    scored: int  # tables ranked with enumerated score-lines
    qualify_last: int
    remaining: tuple[Remaining, ...]
    teams: tuple[TeamScenario, ...]

    def team(self, team: str) -> TeamScenario:
        for t in self.teams:
            if t.team == team:
                return t
        raise KeyError(team)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One enumerated outcome: each remaining match's result and, where enumerated, score.

    ``positions`` maps each team to (best, worst): equal unless the rules left it level.
    """

    results: tuple[str, ...]  # "H", "D", "A" per remaining fixture
    scores: tuple[tuple[int, int] | None, ...]
    positions: tuple[tuple[str, int, int], ...]

    def position(self, team: str) -> tuple[int, int]:
        for t, best, worst in self.positions:
            if t == team:
                return best, worst
        raise KeyError(team)


def _result_for(team: str, fixture: Remaining, outcome: str) -> str:
    if outcome == "D":
        return DRAW
    home_won = outcome == "H"
    return WIN if home_won == (team == fixture.home) else DEFEAT


def _scorelines(outcome: str, bound: int) -> list[tuple[int, int]]:
    if outcome == "D":
        return [(g, g) for g in range(bound + 1)]
    wins = [(w, lo) for w in range(1, bound + 1) for lo in range(w)]
    return wins if outcome == "H" else [(a, h) for h, a in wins]


def _positions(blocks: list[tuple[str, ...]]) -> tuple[tuple[str, int, int], ...]:
    """Each team's (team, best, worst) position, by team id, from the table's blocks."""
    out: list[tuple[str, int, int]] = []
    position = 1
    for block in blocks:
        last = position + len(block) - 1
        out.extend((t, position, last) for t in block)
        position = last + 1
    out.sort()
    return tuple(out)


def _bound(table: Table, level_pairs: set[tuple[str, str]]) -> tuple[int, bool]:
    """Goals a side to enumerate: above every current goals difference that could matter."""
    gap = 0
    for a, b in level_pairs:
        ra, rb = table.row(a), table.row(b)
        gap = max(gap, abs(ra.goal_difference - rb.goal_difference),
                  abs(ra.goals_for - rb.goals_for),
                  abs(ra.away_goals_for - rb.away_goals_for))
    wanted = max(MIN_BOUND, gap + 1)
    return min(wanted, MAX_BOUND), wanted <= MAX_BOUND


def enumerate_outcomes(
    teams: tuple[str, ...],
    played: tuple[MatchResult, ...],
    remaining: tuple[Remaining, ...],
    points: Points,
    tie_breaks: tuple[TieBreakStep, ...],
    bound: int | None,
) -> Iterator[Outcome]:
    """Every outcome the ``scores`` (``bound`` set) or ``outcomes`` method looks at."""
    yield from _enumerate(Ranking(teams, played, points, tie_breaks), remaining, bound)


def _enumerate(ranking: Ranking, remaining: tuple[Remaining, ...],
               bound: int | None) -> Iterator[Outcome]:
    """``enumerate_outcomes``: the played matches are tallied once (in ``ranking``), and
    each outcome adds only its own matches to them."""
    for f in remaining:
        ranking.check_fixture(f.home, f.away)
    hypothetical = [{o: MatchResult.hypothetical(f.home, f.away, o, f.fid) for o in OUTCOMES}
                    for f in remaining]
    nothing: tuple[tuple[int, int] | None, ...] = (None,) * len(remaining)
    for combo in itertools.product(OUTCOMES, repeat=len(remaining)):
        hypo = tuple(h[o] for h, o in zip(hypothetical, combo, strict=True))
        blocks = ranking.blocks(hypo)
        level = {t for block in blocks if len(block) > 1 for t in block}
        scoring = [i for i, f in enumerate(remaining) if f.home in level or f.away in level]
        if bound is None or not scoring:
            yield Outcome(combo, nothing, _positions(blocks))
            continue
        choices = [_scorelines(combo[i], bound) for i in scoring]
        matches = []
        for i, options in zip(scoring, choices, strict=True):
            f = remaining[i]
            matches.append([MatchResult.of(f.home, f.away, h, a, f.fid) for h, a in options])
        fixed = tuple(m for i, m in enumerate(hypo) if i not in scoring)
        seen: dict[tuple[tuple[str, ...], ...], tuple[tuple[str, int, int], ...]] = {}
        for lines, blocks in zip(itertools.product(*choices),
                                 ranking.blocks_each(fixed, matches), strict=True):
            scores: list[tuple[int, int] | None] = list(nothing)
            for i, line in zip(scoring, lines, strict=True):
                scores[i] = line
            key = tuple(blocks)
            positions = seen.get(key)
            if positions is None:
                positions = seen[key] = _positions(blocks)
            yield Outcome(combo, tuple(scores), positions)


# --- statements ------------------------------------------------------------------------


def holds(clause: Clause, scenario: TeamScenario, remaining: tuple[Remaining, ...],
          outcome: Outcome, qualify_last: int) -> bool | None:
    """Whether ``outcome`` is covered by ``clause``: None if not covered, else whether the
    clause's verdict (through, or the clause's certain position) is true on it."""
    match = scenario.match
    if match is None:
        return None
    i = remaining.index(match)
    if _result_for(scenario.team, match, outcome.results[i]) not in clause.results:
        return None
    if clause.predicate is not None:
        score = outcome.scores[i]
        if score is None:
            # goals not enumerated: the ranking did not depend on them, so the clause must
            # hold for every score-line of this result; it is checked as covered
            pass
        else:
            mine = score if scenario.team == match.home else (score[1], score[0])
            if not clause.predicate.test(*mine):
                return None
    for other in clause.others:
        if not other.test(outcome.results[remaining.index(other.fixture)]):
            return None
    best, worst = outcome.position(scenario.team)
    if clause.position is not None:
        return best == worst == clause.position
    return worst <= qualify_last


def check(scen: Scenarios, outcome: Outcome) -> list[str]:
    """Every statement of ``scen`` that ``outcome`` contradicts (empty: all hold)."""
    wrong = []
    for t in scen.teams:
        best, worst = outcome.position(t.team)
        if not (t.best <= best and worst <= t.worst):
            wrong.append(f"{t.team}: position {best}-{worst} outside {t.best}-{t.worst}")
        if t.status in ("first", "through") and worst > (1 if t.status == "first"
                                                         else scen.qualify_last):
            wrong.append(f"{t.team}: {t.status} but {best}-{worst} on {outcome}")
        if t.status == "out" and best <= scen.qualify_last:
            wrong.append(f"{t.team}: out but {best}-{worst} on {outcome}")
        for c in (*t.needs, *t.otherwise):
            if holds(c, t, scen.remaining, outcome, scen.qualify_last) is False:
                wrong.append(f"{t.team}: {c} fails on {outcome}")
    return wrong


_ATOM_KINDS = {WIN: ("margin", "scored", "conceded"), DEFEAT: ("margin", "scored", "conceded"),
               DRAW: ("scored",)}


def _predicate(result: str, verdicts: dict[tuple[int, int], bool],
               bound: int) -> Predicate | None:
    """The simplest predicate true exactly on the qualifying own score-lines, or None."""
    lines = sorted(verdicts)
    # an "or more" statement must have settled before the bound: the outer layer agrees
    for (x, y), v in verdicts.items():
        if max(x, y) == bound and min(x, y) >= 1 and verdicts.get((x - 1, y - 1), v) != v:
            return None
    # the candidates, in order: single atoms, pairs of atoms of different kinds, then the
    # negations of those; the first true exactly where the verdicts are is the answer. Each
    # is tested at once on every score-line: bit k of a mask is its value on lines[k]
    full = (1 << len(lines)) - 1
    target = sum(1 << k for k, line in enumerate(lines) if verdicts[line])
    atoms: list[tuple[Atom, int]] = []
    for kind in _ATOM_KINDS[result]:
        for op in ("eq", "le", "ge"):
            for value in range(bound + 1):
                a = Atom(kind, op, value)
                mask = sum(1 << k for k, (x, y) in enumerate(lines) if a.test(x, y))
                if 0 != mask != full:  # true on some lines and false on others
                    atoms.append((a, mask))
    pairs = [(a, b, ma & mb) for (a, ma), (b, mb) in itertools.combinations(atoms, 2)
             if a.kind != b.kind]
    for negated, want in ((False, target), (True, full & ~target)):
        for a, mask in atoms:
            if mask == want:
                return Predicate((a,), negated)
        for a, b, mask in pairs:
            if mask == want:
                return Predicate((a, b), negated)
    return None


def _products(combos: set[tuple[str, ...]], width: int
              ) -> list[tuple[tuple[str, ...] | None, ...]]:
    """``combos`` as a union of products: per fixture a set of outcomes, None for any."""
    if not combos:
        return []
    projections = [tuple(o for o in OUTCOMES if any(c[i] == o for c in combos))
                   for i in range(width)]
    size = 1
    for p in projections:
        size *= len(p)
    if size == len(combos):
        return [tuple(None if len(p) == 3 else p for p in projections)]
    split = next(i for i, p in enumerate(projections) if len(p) > 1)
    parts: dict[tuple[tuple[str, ...] | None, ...], list[str]] = {}
    for o in OUTCOMES:
        sub = {c for c in combos if c[split] == o}
        for prod in _products(sub, width):
            key = (*prod[:split], None, *prod[split + 1:])
            parts.setdefault(key, []).append(o)
    return [(*key[:split], None if len(os) == 3 else tuple(os), *key[split + 1:])
            for key, os in parts.items()]


def _subject(fixture: Remaining, status: dict[str, str | None],
             position: dict[str, int]) -> str:
    """Which side of another fixture a condition is said from: the rival still in it."""
    return min((fixture.home, fixture.away),
               key=lambda t: (status[t] is not None, position[t], t))


def _others(prod: tuple[tuple[str, ...] | None, ...], fixtures: tuple[Remaining, ...],
            status: dict[str, str | None], position: dict[str, int]) -> tuple[Other, ...]:
    out = []
    for f, outcomes in zip(fixtures, prod, strict=True):
        if outcomes is None:
            continue
        subject = _subject(f, status, position)
        results = tuple(r for r in RESULTS if any(_result_for(subject, f, o) == r
                                                  for o in outcomes))
        out.append(Other(f, subject, results))
    return tuple(out)


def _summarise(team: str, match: Remaining, remaining: tuple[Remaining, ...],
               outs: list[Outcome], qualify_last: int, bound: int,
               status: dict[str, str | None], position: dict[str, int], at: int
               ) -> tuple[tuple[Clause, ...], tuple[Clause, ...]] | None:
    """The team's needs and otherwise clauses, or None; ``at`` is the index of its entry in
    every outcome's ``positions``."""
    i = remaining.index(match)
    others = tuple(f for j, f in enumerate(remaining) if j != i)
    width = len(others)
    # cell (own result, other outcomes) -> own score-line (None: any) -> verdicts seen
    cells: dict[tuple[str, tuple[str, ...]], dict[tuple[int, int] | None, set[str]]] = {}
    cell_of: dict[tuple[str, ...], dict[tuple[int, int] | None, set[str]]] = {}
    at_home = team == match.home
    for o in outs:
        cell = cell_of.get(o.results)
        if cell is None:
            result = _result_for(team, match, o.results[i])
            rest = o.results[:i] + o.results[i + 1:]
            cell = cell_of[o.results] = cells.setdefault((result, rest), {})
        score = o.scores[i]
        mine = None if score is None else (score if at_home else (score[1], score[0]))
        _, best, worst = o.positions[at]
        verdict = ("Q" if worst <= qualify_last else
                   "?" if best <= qualify_last else f"F{best}" if best == worst else "F")
        seen_here = cell.get(mine)
        if seen_here is None:
            cell[mine] = {verdict}
        else:
            seen_here.add(verdict)
    full: dict[str, set[tuple[str, ...]]] = {}
    preds: dict[tuple[str, Predicate], set[tuple[str, ...]]] = {}
    fails: dict[tuple[str, int], set[tuple[str, ...]]] = {}
    for (result, rest), lines in cells.items():
        seen: set[str] = set().union(*lines.values())
        if any(len(v) > 1 for v in lines.values()) or "?" in seen:
            return None  # the other matches' goals decide: no short exact statement
        if seen == {"Q"}:
            full.setdefault(result, set()).add(rest)
        elif "Q" not in seen:
            if len(seen) == 1 and seen != {"F"}:
                fails.setdefault((result, int(next(iter(seen))[1:])), set()).add(rest)
        else:
            if None in lines:
                return None
            verdicts = {k: v == {"Q"} for k, v in lines.items() if k is not None}
            p = _predicate(result, verdicts, bound)
            if p is None:
                return None
            preds.setdefault((result, p), set()).add(rest)
    needs: dict[tuple[Predicate | None, tuple[Other, ...], int | None], list[str]] = {}

    def add(result: str, p: Predicate | None, combos: set[tuple[str, ...]],
            pos: int | None) -> None:
        for prod in _products(combos, width):
            key = (p, _others(prod, others, status, position), pos)
            needs.setdefault(key, []).append(result)

    for result in RESULTS:
        if result in full:
            add(result, None, full[result], None)
    for (result, p), combos in preds.items():
        add(result, p, combos, None)
    for (result, pos), combos in sorted(fails.items()):
        add(result, None, combos, pos)
    clauses = [Clause(tuple(r for r in (DRAW, WIN, DEFEAT) if r in results), p, o, pos)
               for (p, o, pos), results in needs.items()]
    # unconditional first, then conditional, then those narrowed by the score-line
    clauses.sort(key=lambda c: (len(c.others) > 0, c.predicate is not None,
                                RESULTS.index(c.results[-1])))
    return (tuple(c for c in clauses if c.position is None),
            tuple(c for c in clauses if c.position is not None))


def _points_only(table: Table, left: dict[str, int],
                 points: Points) -> dict[str, tuple[int, int]]:
    per_match = (points.win, points.draw, points.loss)
    low, high = min(per_match), max(per_match)
    lo = {r.team: r.points + left[r.team] * low for r in table.rows}
    hi = {r.team: r.points + left[r.team] * high for r in table.rows}
    # best: 1 + the teams whose lo exceeds its hi; worst: 1 + the other teams whose hi
    # reaches its lo (its own hi reaches its lo: counting every team gives 1 + the others)
    los = sorted(lo.values())
    his = sorted(hi.values())
    return {t: (1 + len(los) - bisect.bisect_right(los, hi[t]),
                len(his) - bisect.bisect_left(his, lo[t])) for t in lo}


def _status(best: int, worst: int, qualify_last: int, remaining: bool) -> str | None:
    if not remaining:
        return None
    if worst == 1:
        return "first"
    if worst <= qualify_last:
        return "through"
    if best > qualify_last:
        return "out"
    return None


@lru_cache(maxsize=256)
def scenarios(
    teams: tuple[str, ...],
    played: tuple[MatchResult, ...],
    remaining: tuple[Remaining, ...],
    points: Points,
    tie_breaks: tuple[TieBreakStep, ...],
    qualify_last: int,
    max_outcomes: int = MAX_OUTCOMES,
) -> Scenarios:
    """Who is through, out or sure of a place, and what each team needs (see module doc)."""
    ranking = Ranking(teams, played, points, tie_breaks)
    return scenarios_of(ranking, ranking.table(), remaining, qualify_last, max_outcomes)


def scenarios_of(ranking: Ranking, table: Table, remaining: tuple[Remaining, ...],
                 qualify_last: int, max_outcomes: int = MAX_OUTCOMES) -> Scenarios:
    """``scenarios``, not cached, of the played matches ranked by ``ranking`` and their
    ``table`` (``ranking.table()``), for a caller that has them and caches the answer."""
    teams = ranking.teams
    left = dict.fromkeys(teams, 0)
    for f in remaining:
        if f.home in left:
            left[f.home] += 1
        if f.away != f.home and f.away in left:
            left[f.away] += 1
    if len(OUTCOMES) ** len(remaining) > max_outcomes:
        ranges = _points_only(table, left, ranking.base.points)
        rows = tuple(TeamScenario(r.team, *ranges[r.team],
                                  _status(*ranges[r.team], qualify_last, bool(remaining)),
                                  None, (), (), None) for r in table.rows)
        return Scenarios(table, "points", None, True, 0, 0, qualify_last, remaining, rows)
    by_scores = all(n <= 1 for n in left.values())
    bound: int | None = None
    covers = True
    if by_scores:
        level: set[tuple[str, str]] = set()
        for o in _enumerate(ranking, remaining, None):
            blocks: dict[int, list[str]] = {}
            for t, first, _ in o.positions:
                blocks.setdefault(first, []).append(t)
            level |= {(a, b) for block in blocks.values() for a, b in
                      itertools.combinations(block, 2)}
        bound, covers = _bound(table, level)
    outs = list(_enumerate(ranking, remaining, bound))
    # every outcome's positions list all the teams by team id: a team's is at one index
    at = {t: i for i, t in enumerate(sorted(teams))}
    # (outcomes ranked alike share one positions tuple: each is looked at once)
    distinct = list({id(o.positions): o.positions for o in outs}.values())
    best = {t: min(p[at[t]][1] for p in distinct) for t in teams}
    worst = {t: max(p[at[t]][2] for p in distinct) for t in teams}
    status = {t: _status(best[t], worst[t], qualify_last, bool(remaining)) for t in teams}
    position = {r.team: r.position for r in table.rows}
    combos = len(OUTCOMES) ** len(remaining)
    rows_out = []
    for t in teams:
        own = [f for f in remaining if t in (f.home, f.away)]
        match = own[0] if len(own) == 1 else None
        needs: tuple[Clause, ...] = ()
        otherwise: tuple[Clause, ...] = ()
        depends = None
        if status[t] is None and remaining:
            summary = None
            if match is not None and bound is not None:
                summary = _summarise(t, match, remaining, outs, qualify_last, bound, status,
                                     position, at[t])
            if summary is not None:
                needs, otherwise = summary
            else:
                through: set[tuple[str, ...]] = set()
                unsure: set[tuple[str, ...]] = set()
                failing: set[tuple[str, ...]] = set()
                k = at[t]
                for o in outs:
                    _, b, w = o.positions[k]
                    (through if w <= qualify_last else
                     failing if b > qualify_last else unsure).add(o.results)
                open_ = (through & failing) | unsure
                depends = (len(through - open_), len(open_), combos)
        rows_out.append(TeamScenario(t, best[t], worst[t], status[t], match, needs, otherwise,
                                     depends))
    unscored = (None,) * len(remaining)
    scored = sum(1 for o in outs if o.scores != unscored)
    order = {r.team: i for i, r in enumerate(table.rows)}
    rows_out.sort(key=lambda r: order[r.team])
    return Scenarios(table, "scores" if by_scores else "outcomes", bound, covers, combos,
                     scored, qualify_last, remaining, tuple(rows_out))


def clear_cache() -> None:
    """Forget computed scenarios (benchmarks start cold)."""
    scenarios.cache_clear()


def outcomes_of(scen: Scenarios, teams: Sequence[str], played: tuple[MatchResult, ...],
                points: Points, tie_breaks: tuple[TieBreakStep, ...]) -> Iterator[Outcome]:
    """The outcomes ``scen`` was read from (for tests and ``explain``)."""
    if scen.method == "points":
        return iter(())
    return enumerate_outcomes(tuple(teams), played, scen.remaining, points, tie_breaks,
                              scen.bound)
