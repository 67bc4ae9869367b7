"""Benchmark: the scenario engine on a 4-team group and on a 20-team league.

Run from the project root:  .venv/bin/python bench/bench_scenarios.py [--repeat N] [--quick]

Figures are wall times of one machine (best of ``--repeat`` cold runs, cache cleared):

* a 4-team group with two matches left (its last round): every outcome and the score-lines
  that decide ties — expected well under a second;
* the same group with two rounds (four matches) left: win/draw/defeat outcomes only;
* a 6-team league's last round (three matches): every outcome and the score-lines that
  decide ties, some 10**5 of them (a lighter season with ``--quick``);
* a 20-team league with three rounds (30 matches) left: 3**30 outcomes cannot be enumerated,
  so the engine uses points arithmetic; the cost that enumeration would have is estimated
  from the measured cost of one 20-team table.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from league import LEAGUE, write_league  # type: ignore[import-not-found]  # noqa: E402

from newsgen.facts import load_directory  # noqa: E402
from newsgen.model import Points, Scope, TieBreakStep  # noqa: E402
from newsgen.report import competition_report  # noqa: E402
from newsgen.scenarios import Remaining, Scenarios, clear_cache, scenarios  # noqa: E402
from newsgen.standings import MatchResult, compute_table  # noqa: E402

UEFA = (
    TieBreakStep(Scope.HEAD_TO_HEAD, ("points", "goal_difference", "goals_for",
                                      "away_goals_for"), reapply=True),
    TieBreakStep(Scope.OVERALL, ("goal_difference", "goals_for", "away_goals_for", "wins",
                                 "away_wins")),
)
TEAMS = ("liverpool", "napoli", "salzburg", "genk")
# Group E 2019/20, matchdays 1-5 in order (home, away, score)
GROUP_E = (
    ("napoli", "liverpool", 2, 0), ("salzburg", "genk", 6, 2), ("genk", "napoli", 0, 0),
    ("liverpool", "salzburg", 4, 3), ("salzburg", "napoli", 2, 3), ("genk", "liverpool", 1, 4),
    ("liverpool", "genk", 2, 1), ("napoli", "salzburg", 1, 1), ("liverpool", "napoli", 1, 1),
    ("genk", "salzburg", 1, 4),
)
LAST = (("napoli", "genk"), ("salzburg", "liverpool"))


def best_of(fn: Callable[[], Scenarios], repeat: int) -> tuple[float, Scenarios]:
    best, result = float("inf"), None
    for _ in range(repeat):
        clear_cache()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def group(played_count: int) -> Callable[[], Scenarios]:
    played = tuple(MatchResult.of(h, a, x, y) for h, a, x, y in GROUP_E[:played_count])
    rest = [(h, a) for h, a, _, _ in GROUP_E[played_count:]] + list(LAST)
    remaining = tuple(Remaining(h, a) for h, a in rest)
    return lambda: scenarios(TEAMS, played, remaining, Points(), UEFA, 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one run each (CI smoke test)")
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    print(f"python {platform.python_version()} on {platform.machine()}, best of {repeat}")

    seconds, s = best_of(group(10), repeat)
    print(f"4-team group, two matches left (last round): {seconds * 1000:.1f} ms "
          f"[method {s.method}, bound {s.bound}, {s.outcomes} outcomes, {s.scored} ranked "
          "with score-lines]")
    seconds, s = best_of(group(8), repeat)
    print(f"4-team group, two rounds left (four matches): {seconds * 1000:.1f} ms "
          f"[method {s.method}, {s.outcomes} outcomes]")

    with tempfile.TemporaryDirectory() as tmp:
        # seed 7's table leaves more teams level than seed 3's: ten times the score-lines
        small = load_directory(write_league(Path(tmp) / "six", teams=6, rounds_left=1,
                                            seed=3 if args.quick else 7)).facts
        seconds, s = best_of(lambda: competition_report(small, LEAGUE)[0].scenarios, repeat)
    print(f"6-team league, last round ({len(s.remaining)} matches): {seconds * 1000:.1f} ms "
          f"[method {s.method}, bound {s.bound}, {s.outcomes} outcomes, {s.scored} ranked "
          "with score-lines]")

    with tempfile.TemporaryDirectory() as tmp:
        facts = load_directory(write_league(Path(tmp), teams=20, rounds_left=3)).facts

        def league() -> Scenarios:
            return competition_report(facts, LEAGUE)[0].scenarios

        seconds, s = best_of(league, repeat)
        comp = facts.competitions[LEAGUE]
        played = tuple(MatchResult.of(f.home, f.away, f.final.home, f.final.away)
                       for f in facts.fixtures.values() if f.final is not None)
        teams = tuple(t.team for t in s.teams)
        start = time.perf_counter()
        runs = 20 if args.quick else 200
        for _ in range(runs):
            compute_table(teams, played, comp.points, comp.tie_breaks)
        per_table = (time.perf_counter() - start) / runs
    outcomes = 3 ** len(s.remaining)
    years = outcomes * per_table / (3600 * 24 * 365)
    print(f"20-team league, three rounds left ({len(s.remaining)} matches): "
          f"{seconds * 1000:.1f} ms [method {s.method}]; enumeration would rank "
          f"{outcomes:.3g} tables at {per_table * 1e6:.0f} µs each, about {years:.3g} years")
    return 0


if __name__ == "__main__":
    sys.exit(main())
