"""A synthetic league written as fact files: a newsroom's new competition is only YAML."""

from __future__ import annotations

import random
from pathlib import Path

LEAGUE = "synthetic-league"


def round_robin(teams: list[str]) -> list[list[tuple[str, str]]]:
    """A double round robin by the circle method: each round a list of (home, away)."""
    n = len(teams)
    rotation = list(teams)
    rounds = []
    for r in range(n - 1):
        pairs = [(rotation[i], rotation[n - 1 - i]) for i in range(n // 2)]
        rounds.append([(a, b) if r % 2 else (b, a) for a, b in pairs])
        rotation = [rotation[0], rotation[-1], *rotation[1:-1]]
    return rounds + [[(b, a) for a, b in rnd] for rnd in rounds]


def write_league(root: Path, teams: int = 20, rounds_left: int = 3, seed: int = 7) -> Path:
    """Write house, reference and fixture files of a league; returns the facts directory."""
    names = [f"club-{i:02d}" for i in range(1, teams + 1)]
    (root / "ref").mkdir(parents=True, exist_ok=True)
    (root / "house.yaml").write_text("house:\n  credit: AP\n  notice: {en: Generated.}\n")
    (root / "ref" / "teams.yaml").write_text("teams:\n" + "".join(
        f"  - {{id: {t}, name: Club {t[-2:]}, home: {{city: Town {t[-2:]}, country: GB-ENG, "
        "timezone: Europe/London}}\n" for t in names))
    (root / "ref" / "competitions.yaml").write_text(f"""competitions:
  - id: {LEAGUE}
    name: Synthetic League
    season: 2019/20
    points: {{win: 3, draw: 1, loss: 0}}
    tie_breaks:
      - overall: [goal_difference, goals_for]
      - head_to_head: [points, goal_difference]
    zones:
      - {{positions: 1-4, outcome: champions-league}}
      - {{positions: 5, outcome: europa-league}}
      - {{positions: {teams - 2}-{teams}, outcome: relegation}}
""")
    rng = random.Random(seed)
    strength = {t: rng.random() for t in names}
    rounds = round_robin(names)
    lines = [f"defaults: {{competition: {LEAGUE}, timezone: Europe/London}}", "fixtures:"]
    for r, matches in enumerate(rounds):
        month, day = divmod(r, 28)
        date = f"2019-{8 + month:02d}-{day + 1:02d}" if month < 5 else f"2020-{month - 4:02d}-" \
            f"{day + 1:02d}"
        for home, away in matches:
            fixture = f"  - {{matchday: {r + 1}, kickoff: {date}T15:00, home: {home}, away: {away}"
            if r < len(rounds) - rounds_left:
                h = min(5, int(rng.random() * 3 * strength[home] + rng.random() * 1.5))
                a = min(5, int(rng.random() * 2.5 * strength[away] + rng.random()))
                fixture += f", score: {h}-{a}"
            lines.append(fixture + "}")
    (root / "league.yaml").write_text("\n".join(lines) + "\n")
    return root
