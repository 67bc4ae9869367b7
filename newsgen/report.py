"""The desk's check before publishing: a competition's tables and scenarios as Markdown.

``newsgen table COMPETITION [--after DATE]`` prints this. It is a plain working document in
English for the desk (team ids, figures), not a recap: recaps say the same statements in
each locale's words through the ``needs`` message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import UsageError
from .model import Competition, FactSet, Fixture, Zone
from .scenarios import DEFEAT, DRAW, WIN, Clause, Remaining, Scenarios, TeamScenario, scenarios
from .standings import MatchResult


@dataclass(frozen=True, slots=True)
class GroupReport:
    name: str
    scenarios: Scenarios
    next_date: dt.date | None  # when the remaining fixtures start


def _fixtures(facts: FactSet, comp: Competition, group: str | None) -> list[Fixture]:
    return sorted((f for f in facts.fixtures.values()
                   if f.competition == comp.id and f.group == group), key=lambda f: f.sort_key)


def competition_report(facts: FactSet, competition: str,
                       after: dt.date | None = None) -> list[GroupReport]:
    """Each group's (or the league's) table and scenarios, counting results up to ``after``."""
    comp = facts.competitions.get(competition)
    if comp is None:
        known = ", ".join(sorted(facts.competitions)) or "none"
        raise UsageError(f"{competition}: no such competition (known: {known})")
    if not comp.tie_breaks:
        raise UsageError(f"{competition}: the competition has no tie-break rules on file, so "
                         "no table can be computed; add tie_breaks to competitions.yaml")
    top = min(comp.zones, key=lambda z: z.first) if comp.zones else None
    groups: list[tuple[str, str | None, tuple[str, ...]]] = [
        (g.name, g.id, g.teams) for g in comp.groups]
    if not groups:
        fixtures = _fixtures(facts, comp, None)
        teams = tuple(sorted({t for f in fixtures for t in (f.home, f.away)}))
        groups = [(comp.name, None, teams)]
    out = []
    for name, group_id, teams in groups:
        fixtures = _fixtures(facts, comp, group_id)
        done = [f for f in fixtures if f.played and (after is None or f.date <= after)]
        played = []
        for f in done:
            assert f.final is not None
            played.append(MatchResult.of(f.home, f.away, f.final.home, f.final.away, f.fid))
        rest = [f for f in fixtures if f not in done]
        remaining = tuple(Remaining(f.home, f.away, f.fid) for f in rest)
        scen = scenarios(teams, tuple(played), remaining, comp.points, comp.tie_breaks,
                         top.last if top else 1)
        out.append(GroupReport(name, scen, min((f.date for f in rest), default=None)))
    return out


_WORDS = {WIN: "win", DRAW: "draw", DEFEAT: "defeat"}
_OTHER = {WIN: "win", DRAW: "draw", DEFEAT: "lose"}
_OPS = {"eq": "exactly", "ge": "at least", "le": "at most"}
METHODS = {
    "scores": "every outcome of the remaining matches, score-lines up to {bound} goals a side",
    "outcomes": "every win/draw/defeat outcome of the remaining matches (goals not enumerated)",
    "points": "points arithmetic only (too many outcomes to enumerate)",
}


def clause_text(c: Clause) -> str:
    """A clause in the desk's plain notation: ``defeat (margin exactly 1, scored at least 4)
    if napoli win``."""
    text = " or ".join(_WORDS[r] for r in c.results)
    if c.predicate:
        parts = ", ".join(f"{a.kind} {_OPS[a.op]} {a.value}" for a in c.predicate.atoms)
        text += f" ({'unless ' if c.predicate.negated else ''}{parts})"
    if c.others:
        text += " if " + " and ".join(
            f"{o.team} {' or '.join(_OTHER[r] for r in o.results)}" for o in c.others)
    return text


def zone_text(t: TeamScenario, zones: tuple[Zone, ...]) -> str:
    """Zones below the top one the team is sure of, or safe from (relegation)."""
    out = []
    for z in sorted(zones, key=lambda z: z.first)[1:]:
        if z.first <= t.best and t.worst <= z.last:
            out.append(f"sure of {z.outcome}")
        elif z.outcome == "relegation" and t.worst < z.first:
            out.append("safe from relegation")
        elif z.outcome == "relegation" and t.best <= z.last:
            out.append("can still be relegated")
    return "; ".join(out)


def team_text(t: TeamScenario, qualify_last: int, zones: tuple[Zone, ...] = ()) -> str:
    """One team's statement, the way the desk reads it."""
    where = f"positions {t.best}-{t.worst}" if t.best != t.worst else f"position {t.best}"
    extra = zone_text(t, zones)
    if extra:
        where = f"{where}; {extra}"
    if t.status == "first":
        return f"sure of first ({where})"
    if t.status == "through":
        return f"sure of the top {qualify_last} ({where})"
    if t.status == "out":
        return f"cannot finish in the top {qualify_last}; at best {t.best} ({where})"
    if t.needs:
        text = f"top {qualify_last} with: " + "; or ".join(map(clause_text, t.needs))
        for c in t.otherwise:
            text += f". Finishes {c.position} after {clause_text(c)}"
        return f"{text} ({where})"
    if t.depends:
        through, goals, total = t.depends
        return (f"depends on {through + goals} of {total} outcomes: top {qualify_last} in "
                f"{through}, goals decide {goals} ({where})")
    return where


def markdown(reports: list[GroupReport], competition: Competition,
             after: dt.date | None) -> str:
    """The tables and the scenarios as Markdown."""
    lines = [f"# {competition.name} {competition.season}"]
    if after is not None:
        lines.append(f"\nResults up to and including {after.isoformat()}.")
    for rep in reports:
        s = rep.scenarios
        lines += [f"\n## {rep.name}", "",
                  "| Pos | Team | P | W | D | L | GF | GA | GD | Pts | Stake |",
                  "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for row in s.table.rows:
            stake = team_text(s.team(row.team), s.qualify_last,
                              competition.zones) if s.remaining else ""
            tied = f" (level with {', '.join(row.tied_with)})" if row.tied_with else ""
            lines.append(f"| {row.position} | {row.team}{tied} | {row.played} | {row.won} | "
                         f"{row.drawn} | {row.lost} | {row.goals_for} | {row.goals_against} | "
                         f"{row.goal_difference:+d} | {row.points} | {stake} |")
        if s.remaining:
            method = METHODS[s.method].format(bound=s.bound)
            counted = f"{s.outcomes} outcomes, {s.scored} with score-lines" \
                if s.method != "points" else "no enumeration"
            caveat = "" if s.bound_covers else \
                " (the bound is below the largest goal difference that could matter)"
            start = f" from {rep.next_date.isoformat()}" if rep.next_date else ""
            left = f"{len(s.remaining)} {'match' if len(s.remaining) == 1 else 'matches'}"
            lines += ["", f"{left} left{start}. Method: {method}; "
                      f"{counted}{caveat}."]
        else:
            lines += ["", "All matches played."]
    return "\n".join(lines) + "\n"


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--after {text}: not a date; expected YYYY-MM-DD") from None


def explain_lines(s: Scenarios) -> list[str]:
    """What ``newsgen explain`` shows behind the stake sentences: method, counts, statements."""
    method = METHODS[s.method].format(bound=s.bound)
    lines = [f"Scenarios: {method}; {s.outcomes} outcomes enumerated, {s.scored} of them "
             "with score-lines" + ("" if s.bound_covers else "; bound below the gaps")]
    lines += [f"  - {t.team}: {team_text(t, s.qualify_last)}" for t in s.teams]
    return lines
