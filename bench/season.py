"""A realistic synthetic season, written as fact files in newsgen's schema.

Each played fixture is as rich as the bundled Liverpool-Napoli file: goals with assists,
finishes and the keeper beaten, VAR checks, cards, substitutions, injuries, chances,
spells, half-time scores, a venue and a kick-off time; tables and next fixtures come from
the season itself. The generator is seeded, so every run writes the same files.

    write_season(root, leagues=1, groups=8)  # 20-team league (380 fixtures) + 8 groups (96)
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

GIVEN = ("Adam", "Bruno", "Carlos", "Daniel", "Emil", "Felix", "Gabriel", "Hugo", "Ivan",
         "Jonas", "Karim", "Luca", "Marco", "Nico", "Oscar", "Pablo", "Rafael", "Sven",
         "Tomas", "Victor", "Youssef", "Lukas", "Mateo", "Andrea")
FAMILY = ("Almeida", "Berger", "Costa", "Duarte", "Eriksen", "Fischer", "Garcia", "Hansen",
          "Iversen", "Jansen", "Kovac", "Lindqvist", "Moreau", "Novak", "Okafor", "Petit",
          "Quaresma", "Rossi", "Schmidt", "Toure", "Urban", "Vidal", "Weber", "Zielinski",
          "de Jong", "van Beek", "Mendes", "Horvat", "Keller", "Laine")
CITIES = (("Northport", "GB-ENG", "Europe/London"), ("Eastfield", "GB-ENG", "Europe/London"),
          ("Rivermouth", "GB-ENG", "Europe/London"), ("Ashby", "GB-ENG", "Europe/London"),
          ("Valdora", "ES", "Europe/Madrid"), ("Montclair", "FR", "Europe/Paris"),
          ("Rosenau", "DE", "Europe/Berlin"), ("Castelvino", "IT", "Europe/Rome"),
          ("Porto Alto", "PT", "Europe/Lisbon"), ("Hollum", "NL", "Europe/Amsterdam"),
          ("Leuvenberg", "BE", "Europe/Brussels"), ("Salzach", "AT", "Europe/Vienna"),
          ("Kastrup", "DK", "Europe/Copenhagen"), ("Brnovice", "CZ", "Europe/Prague"),
          ("Ostrava Nova", "PL", "Europe/Warsaw"), ("Lindholm", "SE", "Europe/Stockholm"))
ASSISTS = ("pass", "long-pass", "through-ball", "cross", "corner", "free-kick", "cut-back",
           "counter-attack")
FINISHES = ("first-time", "low", "far-corner", "near-corner", "top-corner", "volley")
BODY = ("header", "left-foot", "right-foot")
CHANCE_OUTCOMES = ("saved", "wide", "over", "post", "bar", "blocked")
INJURIES = ("ankle", "hamstring", "knee", "thigh")


@dataclass
class Team:
    id: str
    name: str
    city: str
    country: str
    timezone: str
    manager: str
    keeper: str
    players: list[str] = field(default_factory=list)  # outfield, starters first
    bench: list[str] = field(default_factory=list)


@dataclass
class Season:
    """What was written: the root, the fixture files and how many played fixtures."""

    root: Path
    played: int
    fixture_files: list[Path]
    competitions: list[str]
    teams: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # competition, group and venue fact ids


def _teams(rng: random.Random, prefix: str, count: int, people: list[str]) -> list[Team]:
    teams = []
    for n in range(count):
        city, country, tz = CITIES[(n + len(prefix)) % len(CITIES)]
        tid = f"{prefix}-{n + 1:02d}"
        name = f"{city} {('United', 'City', 'Rovers', 'Athletic', 'Town', 'Wanderers')[n % 6]}"
        if n >= len(CITIES):
            name += f" {n // len(CITIES) + 1}"
        def person(k: int, role: str | None = None, tid: str = tid) -> str:
            pid = f"{tid}-p{k:02d}"
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            extra = f", role: {role}" if role else ""
            people.append(f"  - {{id: {pid}, given: {given}, family: {family}, team: {tid}"
                          f"{extra}}}")
            return pid
        team = Team(tid, name, city, country, tz, person(0, "manager"), person(1, "goalkeeper"))
        team.players = [person(k, ("defender", "midfielder", "forward", None)[k % 4])
                        for k in range(2, 12)]
        team.bench = [person(k) for k in range(12, 19)]
        teams.append(team)
    return teams


def _team_yaml(t: Team) -> str:
    return (f"  - id: {t.id}\n    name: {t.name}\n"
            f"    home: {{city: {t.city}, country: {t.country}, timezone: {t.timezone}}}\n"
            f"    venue: {t.id}-ground\n    manager: {t.manager}\n")


def _venue_yaml(t: Team) -> str:
    return (f"  - {{id: {t.id}-ground, name: {t.city} Park, city: {t.city}, "
            f"country: {t.country}, timezone: {t.timezone}}}\n")


def _round_robin(teams: list[Team]) -> list[list[tuple[Team, Team]]]:
    """Double round robin by the circle method: every pair meets home and away."""
    ts = list(teams)
    rounds = []
    for r in range(len(ts) - 1):
        pairs = [(ts[i], ts[len(ts) - 1 - i]) for i in range(len(ts) // 2)]
        rounds.append([(a, b) if (r + i) % 2 == 0 else (b, a) for i, (a, b) in enumerate(pairs)])
        ts = [ts[0], ts[-1], *ts[1:-1]]
    return rounds + [[(b, a) for a, b in rnd] for rnd in rounds]


def _minutes(rng: random.Random, n: int) -> list[int]:
    return sorted(rng.sample(range(2, 90), n))


def _events(rng: random.Random, home: Team, away: Team) -> tuple[list[str], str, str]:
    """Events in order, the score and the half-time score."""
    goals = {home.id: rng.choice((0, 1, 1, 2, 2, 3, 4)), away.id: rng.choice((0, 0, 1, 1, 2, 3))}
    slots: list[tuple[int, str]] = []
    for side, n in goals.items():
        slots += [(0, side)] * n
    times = _minutes(rng, len(slots) + 9)
    rng.shuffle(slots)
    kinds = ["goal"] * len(slots) + ["card", "card", "card", "chance", "chance", "sub", "sub",
                                     "injury", "var"]
    rng.shuffle(kinds)
    events: list[str] = []
    score = {home.id: 0, away.id: 0}
    half = {home.id: 0, away.id: 0}
    goal_iter = iter(t for _, t in slots)
    on_pitch = {t.id: list(t.players) for t in (home, away)}
    bench = {t.id: list(t.bench) for t in (home, away)}
    booked: set[str] = set()
    by_id = {home.id: home, away.id: away}
    spells = 0
    for minute, kind in zip(times, kinds, strict=True):
        tid = next(goal_iter) if kind == "goal" else rng.choice((home.id, away.id))
        other = by_id[away.id if tid == home.id else home.id]
        if minute > 55 and spells == 0:
            events.append(f"    - {{period: second-half, type: spell, team: {tid}, "
                          f"kind: {rng.choice(('pressure', 'sat-deep'))}}}")
            spells = 1
        if kind == "goal":
            scorer, assist = rng.sample(on_pitch[tid], 2)
            parts = [f"minute: {minute}", "type: goal", f"team: {tid}", f"scorer: {scorer}"]
            roll = rng.random()
            if roll < 0.1:
                parts += ["penalty: true",
                          f"conceded_by: {rng.choice(on_pitch[other.id])}"]
            else:
                parts += [f"assist: {assist}", f"assist_kind: {rng.choice(ASSISTS)}",
                          f"body: {rng.choice(BODY)}",
                          f"finish: [{', '.join(rng.sample(FINISHES, 2))}]",
                          f"beat: {other.keeper}"]
            if rng.random() < 0.2:
                parts.append(f"var: {{reasons: [{rng.choice(('offside', 'foul', 'handball'))}],"
                             f" involving: {scorer}, outcome: stands}}")
            events.append(f"    - {{{', '.join(parts)}}}")
            score[tid] += 1
            if minute <= 45:
                half[tid] += 1
        elif kind == "card":
            person = rng.choice(on_pitch[tid])
            color = "second-yellow" if person in booked else \
                "red" if rng.random() < 0.05 else "yellow"
            booked.add(person)
            if color != "yellow":
                on_pitch[tid].remove(person)
            events.append(f"    - {{minute: {minute}, type: card, team: {tid}, "
                          f"person: {person}, color: {color}}}")
        elif kind == "chance":
            player, assist = rng.sample(on_pitch[tid], 2)
            outcome = rng.choice(CHANCE_OUTCOMES)
            keeper = f", keeper: {other.keeper}" if outcome == "saved" else ""
            events.append(f"    - {{minute: {minute}, type: chance, team: {tid}, "
                          f"player: {player}, kind: {rng.choice(('shot', 'header'))}, "
                          f"outcome: {outcome}{keeper}, assist: {assist}, "
                          f"assist_kind: {rng.choice(ASSISTS)}}}")
        elif kind in ("sub", "injury") and bench[tid] and len(on_pitch[tid]) > 4 and (
                kind == "injury" or minute > 45):
            off = on_pitch[tid].pop(rng.randrange(len(on_pitch[tid])))
            on = bench[tid].pop(0)
            on_pitch[tid].append(on)
            if kind == "injury":
                events.append(f"    - {{minute: {minute}, type: injury, team: {tid}, "
                              f"person: {off}, body_part: {rng.choice(INJURIES)}, "
                              "went_off: true}")
                reason = "injury"
            else:
                reason = "tactical"
            events.append(f"    - {{minute: {minute}, type: substitution, team: {tid}, "
                          f"off: {off}, on: {on}, reason: {reason}}}")
        elif kind == "var":
            events.append(f"    - {{minute: {minute}, type: var, team: {tid}, reasons: [foul], "
                          f"involving: {rng.choice(on_pitch[tid])}, "
                          f"outcome: {rng.choice(('stands', 'overturned'))}}}")
    return (events, f"{score[home.id]}-{score[away.id]}", f"{half[home.id]}-{half[away.id]}")


def _fixture_yaml(rng: random.Random, comp: str, group: str | None, matchday: int,
                  kickoff: str, home: Team, away: Team, played: bool) -> str:
    lines = ["fixture:", f"  competition: {comp}"]
    if group:
        lines.append(f"  group: {group}")
    lines += [f"  matchday: {matchday}", f"  kickoff: {kickoff}", f"  home: {home.id}",
              f"  away: {away.id}", f"  venue: {home.id}-ground"]
    if played:
        events, score, half = _events(rng, home, away)
        lines += [f"  score: {score}", f"  half_time: {half}", "  goals: complete",
                  "  events:", *events]
    return "\n".join(lines) + "\n"


def write_season(root: Path, leagues: int = 1, groups: int = 8, league_teams: int = 20,
                 unplayed_matchdays: int = 1, seed: int = 2019) -> Season:
    """Write ``leagues`` 20-team leagues and a group stage of ``groups`` groups of four.

    The last ``unplayed_matchdays`` of each competition have no score, so the recaps before
    them have next fixtures and tables with games left.
    """
    rng = random.Random(seed)
    (root / "reference").mkdir(parents=True, exist_ok=True)
    (root / "house.yaml").write_text(
        "house:\n  credit: AP\n  draft: true\n  notice:\n"
        "    en: This story was generated automatically from data curated by the sports "
        "desk.\n", encoding="utf-8")
    people: list[str] = []
    teams_yaml: list[str] = []
    team_ids: list[str] = []
    venues_yaml: list[str] = []
    comps_yaml: list[str] = []
    files: list[Path] = []
    played = 0
    competitions: list[str] = []
    start = dt.date(2019, 8, 10)
    for n in range(leagues):
        comp = f"league-{n + 1}"
        competitions.append(comp)
        teams = _teams(rng, f"l{n + 1}", league_teams, people)
        teams_yaml += map(_team_yaml, teams)
        team_ids += [t.id for t in teams]
        venues_yaml += map(_venue_yaml, teams)
        relegated = league_teams - 2
        comps_yaml.append(
            f"  - id: {comp}\n    name: Synthetic League {n + 1}\n"
            f"    short_name: League {n + 1}\n    season: 2019/20\n"
            "    points: {win: 3, draw: 1, loss: 0}\n"
            "    tie_breaks:\n      - overall: [goal_difference, goals_for, wins]\n"
            "      - head_to_head: [points, goal_difference, goals_for]\n"
            "    zones:\n      - {positions: 1, outcome: champions}\n"
            "      - {positions: 2-4, outcome: champions-league}\n"
            f"      - {{positions: {relegated}-{league_teams}, outcome: relegation}}\n")
        rounds = _round_robin(teams)
        folder = root / comp
        folder.mkdir(exist_ok=True)
        for md, pairs in enumerate(rounds, start=1):
            day = start + dt.timedelta(days=7 * (md - 1))
            is_played = md <= len(rounds) - unplayed_matchdays
            for i, (home, away) in enumerate(pairs):
                kickoff = f"{day.isoformat()}T{('12:30', '15:00', '17:30')[i % 3]}"
                path = folder / f"{day.isoformat()}-{home.id}-{away.id}.yaml"
                path.write_text("defaults: {timezone: Europe/London}\n" + _fixture_yaml(
                    rng, comp, None, md, kickoff, home, away, is_played), encoding="utf-8")
                files.append(path)
                played += is_played
    if groups:
        comp = "cup-2019-20"
        competitions.append(comp)
        teams = _teams(rng, "c", groups * 4, people)
        teams_yaml += map(_team_yaml, teams)
        team_ids += [t.id for t in teams]
        venues_yaml += map(_venue_yaml, teams)
        group_lines = []
        for g in range(groups):
            members = ", ".join(t.id for t in teams[4 * g:4 * g + 4])
            group_lines.append(f"      - {{id: group-{chr(97 + g)}, name: Group {chr(65 + g)},"
                               f" teams: [{members}]}}\n")
        comps_yaml.append(
            f"  - id: {comp}\n    name: Synthetic Cup\n    short_name: Cup\n"
            "    season: 2019/20\n    points: {win: 3, draw: 1, loss: 0}\n"
            "    tie_breaks:\n"
            "      - head_to_head: [points, goal_difference, goals_for, away_goals_for]\n"
            "        reapply: true\n"
            "      - overall: [goal_difference, goals_for, away_goals_for, wins, away_wins]\n"
            "    zones:\n      - {positions: 1-2, outcome: round-of-16}\n"
            "      - {positions: 3, outcome: europa-league}\n"
            "      - {positions: 4, outcome: eliminated}\n"
            "    groups:\n" + "".join(group_lines))
        folder = root / comp
        folder.mkdir(exist_ok=True)
        cup_start = dt.date(2019, 9, 17)
        for g in range(groups):
            rounds = _round_robin(teams[4 * g:4 * g + 4])
            for md, pairs in enumerate(rounds, start=1):
                day = cup_start + dt.timedelta(days=14 * (md - 1) + g // 4)
                is_played = md <= len(rounds) - unplayed_matchdays
                for home, away in pairs:
                    path = folder / f"{day.isoformat()}-{home.id}-{away.id}.yaml"
                    path.write_text("defaults: {timezone: Europe/Paris}\n" + _fixture_yaml(
                        rng, comp, f"group-{chr(97 + g)}", md, f"{day.isoformat()}T21:00",
                        home, away, is_played), encoding="utf-8")
                    files.append(path)
                    played += is_played
    ref = root / "reference"
    (ref / "people.yaml").write_text("people:\n" + "\n".join(people) + "\n", encoding="utf-8")
    (ref / "teams.yaml").write_text("teams:\n" + "".join(teams_yaml), encoding="utf-8")
    (ref / "venues.yaml").write_text("venues:\n" + "".join(venues_yaml), encoding="utf-8")
    (ref / "competitions.yaml").write_text("competitions:\n" + "".join(comps_yaml),
                                           encoding="utf-8")
    names = [f"competition:{c}" for c in competitions]
    names += [f"competition:cup-2019-20/groups/group-{chr(97 + g)}" for g in range(groups)]
    names += [f"venue:{t}-ground" for t in team_ids]
    return Season(root, played, files, competitions, team_ids, names)


def _section(name: str, entries: str, _: re.Match[str]) -> str:
    """A lexicon's ``teams:``/``names:`` line with the season's entries under it."""
    return f"{name}:\n{entries}"


def write_templates(source: Path, dest: Path, season: Season) -> Path:
    """A copy of ``source`` (templates/) whose lexicons know the synthetic names' grammar.

    Locales with grammatical gender (``grammar.genders``) need one for every team, competition,
    group and venue they put an article before; the copy gives each synthetic one the first
    gender of the locale. The template text itself is copied unchanged.
    """
    shutil.copytree(source, dest)
    for lexicon in sorted(dest.glob("*/lexicon.yaml")):
        text = lexicon.read_text(encoding="utf-8")
        genders = re.search(r"^  genders: \[(\w+)", text, re.MULTILINE)
        if genders is None:
            continue
        g = genders.group(1)
        teams = "".join(f"  {t}: {{gender: {g}}}\n" for t in season.teams)
        names = "".join(f"  {n}: {{gender: {g}}}\n" for n in season.names)
        text = re.sub(r"^teams:( \{\})?\n", functools.partial(_section, "teams", teams), text,
                      count=1, flags=re.MULTILINE)
        text = re.sub(r"^names:( \{\})?\n", functools.partial(_section, "names", names), text,
                      count=1, flags=re.MULTILINE)
        lexicon.write_text(text, encoding="utf-8")
    return dest
