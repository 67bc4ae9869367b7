"""Stage 1 — facts: read the fact files, validate them, resolve ids into the domain model.

Every problem is reported with file, line, key, what was found and what was expected, and
all problems of a file at once. A fixture with a problem is left out of the fact set and
reported; the other fixtures load. Only ``load_directory`` touches the file system;
``load_texts`` does the same work on strings.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from sys import intern
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale

from .errors import FactError, NewsgenError, Problem
from .model import (
    PERIOD_END,
    PERIOD_ORDER,
    Card,
    Chance,
    Competition,
    Context,
    Correction,
    Event,
    FactSet,
    Fixture,
    Goal,
    Group,
    House,
    Injury,
    MatchTime,
    Period,
    Person,
    Place,
    Points,
    Scope,
    Score,
    Source,
    Spell,
    Substitution,
    Team,
    TieBreakStep,
    VarCheck,
    VarReview,
    Venue,
    Zone,
)
from .yamlsafe import YList, YMap, parse_lenient

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SCORE_RE = re.compile(r"^\s*(\d+)\s*[-:]\s*(\d+)\s*$")
MINUTE_RE = re.compile(r"^(\d{1,3})(?:\s*\+\s*(\d{1,2}))?$")
KICKOFF_RE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?)?$"
)
COUNTRY_RE = re.compile(r"^(?:[A-Z]{2}|GB-(?:ENG|SCT|WLS|NIR))$")

TIE_BREAK_CRITERIA = {
    Scope.HEAD_TO_HEAD: ("points", "goal_difference", "goals_for", "away_goals_for"),
    Scope.OVERALL: ("goal_difference", "goals_for", "away_goals_for", "wins", "away_wins"),
}
ZONE_OUTCOMES = ("round-of-16", "knockout-stage", "europa-league", "eliminated", "champions",
                 "champions-league", "relegation")
ROLES = ("goalkeeper", "defender", "midfielder", "forward", "manager", "head-coach")
ASSIST_KINDS = ("pass", "long-pass", "through-ball", "cross", "corner", "free-kick", "cut-back",
                "counter-attack")
BODY_PARTS = ("header", "left-foot", "right-foot")
FINISHES = ("first-time", "low", "far-corner", "near-corner", "top-corner", "volley",
            "deflected", "cross-drifted-in")
CHANCE_KINDS = ("shot", "header")
CHANCE_OUTCOMES = ("saved", "wide", "over", "post", "saved-onto-post", "bar",
                   "cleared-off-line", "blocked", "missed")
CHANCE_DETAILS = ("straight-at-keeper", "back-post", "one-two")
CARD_COLORS = ("yellow", "second-yellow", "red")
SUB_REASONS = ("injury", "tactical")
SPELL_KINDS = ("pressure", "sat-deep")
VAR_REASONS = ("offside", "foul", "handball", "push", "penalty")
VAR_OUTCOMES = ("stands", "overturned", "awarded", "disallowed")
CORRECTION_RE = re.compile(r"(?P<top>score|half_time|extra_time|shootout|kickoff|venue)"
                           r"|events/(?P<event>\d+)(?:/(?P<key>[a-z_]+))?")
TIME_KEYS = ("time", "minute", "added", "period", "phase")
PHASES = ("early", "late")
EVENT_TYPES = ("goal", "chance", "card", "substitution", "injury", "spell", "var")
CONTEXT_KINDS = ("only-defeat", "home-unbeaten-since", "appearance-milestone",
                 "first-knockout-stage")


# --- reading helpers ---------------------------------------------------------------------


class Sink:
    """Collects the problems of one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.soft: list[Problem] = []  # found while parsing, before any entry was read

    def soft_within(self, data: YMap) -> bool:
        """Whether a parsing problem lies inside this mapping's lines."""
        if not self.soft:
            return False
        end = getattr(data, "end_line", data.line)
        return any(data.line <= p.line <= end for p in self.soft)

    def add(self, pos: tuple[int, int], key: str, message: str) -> None:
        self.problems.append(Problem(self.file, pos[0], pos[1], key, message))


def _show(value: Any) -> str:
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def _closest(word: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


_KEY_SETS: dict[tuple[str, ...], frozenset[str]] = {}  # the keys a mapping may have, as a set


class Node:
    """A mapping being read: typed getters that report problems instead of raising.

    The text they return is interned: the facts are kept for the whole run, and the same
    ids and words (a team, a scorer, ``right-foot``) recur in every fixture, one string each
    instead of one per mention."""

    def __init__(self, sink: Sink, data: YMap, path: str | tuple[str, int]) -> None:
        self.sink = sink
        self.data = data
        self._path = path  # (the list's path, the index): written out when first asked for
        self._start = len(sink.problems)

    @property
    def path(self) -> str:
        """Where this mapping is, as problems name it (``fixture.events[2]``)."""
        path = self._path
        if isinstance(path, tuple):
            path = self._path = f"{path[0]}[{path[1]}]"
        return path

    @property
    def bad(self) -> bool:
        """Whether a problem was reported since this mapping began to be read.

        Mappings are read one after another, so this covers the mapping and everything
        inside it (an event's bad minute makes its fixture bad), and parsing problems
        (a duplicate key) written inside its lines.
        """
        return len(self.sink.problems) > self._start or self.sink.soft_within(self.data)

    def key(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def pos(self, key: str | None = None) -> tuple[int, int]:
        return self.data.pos(key) if key else (self.data.line, self.data.column)

    def error(self, key: str, message: str) -> None:
        self.sink.add(self.pos(key), self.key(key), message)

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def keys(self, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        known = _KEY_SETS.get(allowed)
        if known is None:
            known = frozenset(allowed)
            if len(_KEY_SETS) < 256:
                _KEY_SETS[allowed] = known
        if known.issuperset(self.data):  # every key allowed: nothing to tell
            return
        for key in self.data:
            if key not in allowed:
                self.error(key, f"found an unknown key '{key}'{_closest(key, allowed)}, "
                                f"expected one of: {', '.join(allowed)}")

    def raw(self, key: str, required: bool, expected: str) -> Any:
        value = self.data.get(key)
        if value is None and required:
            self.sink.add(self.pos(), self.key(key), f"found no '{key}', expected {expected}")
        return value

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.raw(key, required, "text")
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(key, f"found {_show(value)}, expected text")
            return None
        return intern(value.strip())

    def integer(self, key: str, required: bool = False, low: int = 0,
                high: int = 10**6) -> int | None:
        value = self.raw(key, required, "a whole number")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.error(key, f"found {_show(value)}, expected a whole number from {low} to {high}")
            return None
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(key, f"found {_show(value)}, expected true or false")
            return default
        return value

    def choice(self, key: str, choices: tuple[str, ...], required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.raw(key, required, f"one of: {', '.join(choices)}")
            return None
        if value not in choices:
            hint = _closest(str(value), choices) if isinstance(value, str) else ""
            self.error(key, f"found {_show(value)}{hint}, expected one of: {', '.join(choices)}")
            return None
        return intern(str(value))

    def choices(self, key: str, choices: tuple[str, ...]) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        good = []
        for item in items:
            if item in choices:
                good.append(intern(str(item)))
            else:
                hint = _closest(str(item), choices) if isinstance(item, str) else ""
                self.error(key, f"found {_show(item)}{hint}, expected a list of: "
                                f"{', '.join(choices)}")
        return tuple(good)

    def ref(self, key: str, known: Mapping[str, Any], what: str,
            required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.raw(key, required, f"the id of a {what}")
            return None
        if not isinstance(value, str) or value not in known:
            broken = getattr(known, "broken", {})
            if isinstance(value, str) and value in broken:
                self.error(key, f"found {value!r}, a {what} whose own entry did not validate "
                                f"(see {broken[value]}), expected a {what} that loads")
                return None
            hint = _closest(str(value), known) if isinstance(value, str) else ""
            self.error(key, f"found {_show(value)}{hint}, expected the id of a known {what}")
            return None
        return intern(value)

    def ident(self, key: str = "id") -> str | None:
        value = self.text(key, required=True)
        if value is not None and not ID_RE.match(value):
            self.error(key, f"found {value!r}, expected an id of lower-case letters, digits "
                            "and hyphens, like 'dries-mertens'")
            return None
        return value

    def mapping(self, key: str, required: bool = False) -> Node | None:
        value = self.raw(key, required, "a mapping")
        if value is None:
            return None
        if not isinstance(value, YMap):
            self.error(key, f"found {_show(value)}, expected a mapping of keys to values")
            return None
        return Node(self.sink, value, self.key(key))

    def items(self, key: str, required: bool = False) -> Iterator[Node]:
        """The entries of a list of mappings, each made when it is about to be read."""
        value = self.raw(key, required, "a list")
        if value is None:
            return
        if not isinstance(value, YList):
            self.error(key, f"found {_show(value)}, expected a list")
            return
        where = self.key(key)
        for i, item in enumerate(value):
            if isinstance(item, YMap):
                yield Node(self.sink, item, (where, i))
            else:
                self.sink.add(value.pos(i), f"{where}[{i}]",
                              f"found {_show(item)}, expected a mapping of keys to values")

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key, f"found {_show(value)}, expected a list of text")
            return ()
        return tuple(value)

    def source(self) -> Source:
        return Source(self.sink.file, self.data.line)


def parse_score(value: Any) -> Score | None:
    """Read ``1-1`` (or ``1:1``) as a score.

    >>> parse_score("2-0"), parse_score("1:0"), parse_score("one-nil")
    (Score(home=2, away=0), Score(home=1, away=0), None)
    """
    if not isinstance(value, str):
        return None
    m = SCORE_RE.match(value)
    return Score(int(m.group(1)), int(m.group(2))) if m else None


def _score(node: Node, key: str) -> Score | None:
    value = node.data.get(key)
    if value is None:
        return None
    score = parse_score(value)
    if score is None:
        node.error(key, f"found {_show(value)}, expected a score written home-away, like '1-1'")
    return score


# --- reference data ----------------------------------------------------------------------


class Registry(dict[str, Any]):
    """Entries by id, and the ids whose entry was written but did not validate."""

    def __init__(self) -> None:
        super().__init__()
        self.broken: dict[str, Source] = {}


@dataclass(slots=True)
class Reference:
    house: House | None = None
    competitions: Registry = field(default_factory=Registry)
    teams: Registry = field(default_factory=Registry)
    people: Registry = field(default_factory=Registry)
    venues: Registry = field(default_factory=Registry)
    first_seen: dict[str, Source] = field(default_factory=dict)
    # for this load: the time zones found (kept, not looked up again), and each way of
    # writing an event's time that was read without a problem, with what it was read as
    zones: dict[str, ZoneInfo] = field(default_factory=dict)
    times: dict[tuple[Any, ...], MatchTime] = field(default_factory=dict)


def _timezone(node: Node, key: str, zones: dict[str, ZoneInfo]) -> str | None:
    tz = node.text(key, required=True)
    if tz is None or tz in zones:
        return tz
    try:
        zones[tz] = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        node.error(key, f"found {tz!r}, expected an IANA time zone such as 'Europe/London'")
        return None
    return tz


def _country(node: Node, key: str) -> str | None:
    value = node.raw(key, True, "a country code")
    if value is None:
        return None
    if not isinstance(value, str) or not COUNTRY_RE.match(value) or (
            "-" not in value and value not in _territories()):
        node.error(key, f"found {_show(value)}, expected an ISO country code like 'IT', or "
                        "GB-ENG, GB-SCT, GB-WLS, GB-NIR")
        return None
    return value


@cache
def _territories() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes CLDR knows (so every locale can name the country)."""
    return frozenset(str(code) for code in Locale.parse("en").territories
                     if isinstance(code, str) and code.isalpha())


def _place(node: Node, zones: dict[str, ZoneInfo]) -> Place | None:
    city = node.text("city", required=True)
    country = _country(node, "country")
    tz = _timezone(node, "timezone", zones)
    if city is None or country is None or tz is None:
        return None
    return Place(city, country, tz)


def _claim(ref: Reference, node: Node, kind: str, ident: str) -> bool:
    key = f"{kind}:{ident}"
    if key in ref.first_seen:
        node.error("id", f"found the {kind} id '{ident}' a second time (first at "
                         f"{ref.first_seen[key]}), expected each id once")
        return False
    ref.first_seen[key] = node.source()
    return True


def _read_house(node: Node, ref: Reference) -> None:
    node.keys(("credit", "notice", "draft"))
    credit = node.text("credit", required=True)
    notice_node = node.mapping("notice", required=True)
    notice: dict[str, str] = {}
    if notice_node is not None:
        for loc in notice_node.data:
            text = notice_node.text(loc)
            if text:
                notice[loc] = text
    if ref.house is not None:
        node.error("", "found a second house style, expected one house.yaml")
    elif credit is not None and not node.bad:
        ref.house = House("house", credit, notice, node.flag("draft", True))


def _read_competition(node: Node, ref: Reference) -> None:
    node.keys(("id", "name", "short_name", "season", "defending_champion", "points",
               "tie_breaks", "zones", "groups"))
    ident = node.ident()
    name = node.text("name", required=True)
    season = node.raw("season", False, "text")
    points = Points()
    pnode = node.mapping("points")
    if pnode is not None:
        pnode.keys(("win", "draw", "loss"))
        points = Points(pnode.integer("win", True, 0, 10) or 0,
                        pnode.integer("draw", True, 0, 10) or 0,
                        pnode.integer("loss", False, 0, 10) or 0)
    steps: list[TieBreakStep] = []
    for step in node.items("tie_breaks"):
        step.keys(("head_to_head", "overall", "reapply"))
        scopes = [s for s in Scope if step.has(s.value)]
        if len(scopes) != 1:
            step.error("", "found a tie-break step without exactly one of 'head_to_head' or "
                           "'overall', expected one of them with a list of criteria")
            continue
        scope = scopes[0]
        steps.append(TieBreakStep(scope, step.choices(scope.value, TIE_BREAK_CRITERIA[scope]),
                                  step.flag("reapply")))
    zones: list[Zone] = []
    for z in node.items("zones"):
        z.keys(("positions", "outcome"))
        raw = z.raw("positions", True, "a position or a range like 1-2")
        first = last = 0
        if isinstance(raw, int) and not isinstance(raw, bool):
            first = last = raw
        elif isinstance(raw, str) and (sc := parse_score(raw)):
            first, last = sc.home, sc.away
        if raw is not None and not 1 <= first <= last:
            z.error("positions", f"found {_show(raw)}, expected a position or a range like 1-2")
        outcome = z.choice("outcome", ZONE_OUTCOMES, required=True)
        if outcome and first:
            zones.append(Zone(first, last, outcome))
    groups: list[Group] = []
    for g in node.items("groups"):
        g.keys(("id", "name", "teams"))
        gid, gname = g.ident(), g.text("name", required=True)
        teams = g.strings("teams")
        for t in teams:
            if t not in ref.teams:
                g.error("teams", f"found {t!r}{_closest(t, ref.teams)}, expected the id of a "
                                 "known team")
        if gid and gname and ident:
            groups.append(Group(gid, f"competition:{ident}/groups/{gid}", gname, teams))
    champion = node.ref("defending_champion", ref.teams, "team")
    if ident and node.bad:
        ref.competitions.broken.setdefault(ident, node.source())
    if ident and name and not node.bad and _claim(ref, node, "competition", ident):
        ref.competitions[ident] = Competition(
            ident, f"competition:{ident}", name, node.text("short_name") or name,
            str(season) if season is not None else "", points, tuple(steps), tuple(zones),
            tuple(groups), champion, node.source())


def _read_team(node: Node, ref: Reference) -> None:
    node.keys(("id", "name", "short_name", "nickname", "home", "venue", "manager", "aliases"))
    ident = node.ident()
    name = node.text("name", required=True)
    home_node = node.mapping("home", required=True)
    home = None
    if home_node is not None:
        home_node.keys(("city", "country", "timezone"))
        home = _place(home_node, ref.zones)
    venue = node.text("venue")
    manager = node.text("manager")
    if ident and node.bad:
        ref.teams.broken.setdefault(ident, node.source())
    if ident and name and home and not node.bad and _claim(ref, node, "team", ident):
        ref.teams[ident] = Team(ident, f"team:{ident}", name, node.text("short_name") or name,
                                node.text("nickname"), home, venue, manager,
                                node.strings("aliases"), node.source())


def _read_venue(node: Node, ref: Reference) -> None:
    node.keys(("id", "name", "city", "country", "timezone"))
    ident = node.ident()
    name = node.text("name", required=True)
    place = _place(node, ref.zones)
    if ident and node.bad:
        ref.venues.broken.setdefault(ident, node.source())
    if ident and name and place and not node.bad and _claim(ref, node, "venue", ident):
        ref.venues[ident] = Venue(ident, f"venue:{ident}", name, place, node.source())


def _read_person(node: Node, ref: Reference) -> None:
    node.keys(("id", "given", "family", "known_as", "team", "role"))
    ident = node.ident()
    family, known_as = node.text("family"), node.text("known_as")
    if not family and not known_as:
        node.error("family", "found neither 'family' nor 'known_as', expected at least one")
    team = node.ref("team", ref.teams, "team", required=True)
    role = node.choice("role", ROLES)
    if ident and node.bad:
        ref.people.broken.setdefault(ident, node.source())
    if ident and not node.bad and _claim(ref, node, "person", ident):
        ref.people[ident] = Person(ident, f"person:{ident}", node.text("given"), family,
                                   known_as, team, role, node.source())


def _check_team_links(ref: Reference, sinks: Mapping[str, Sink]) -> None:
    """Venue and manager ids of teams can only be checked once every file is read."""
    for team in list(ref.teams.values()):
        sink = sinks[team.source.file]
        bad = False
        if team.venue is not None and team.venue not in ref.venues:
            sink.add((team.source.line, 1), f"teams.{team.id}.venue",
                     f"found {team.venue!r}{_closest(team.venue, ref.venues)}, "
                     "expected the id of a known venue")
            bad = True
        if team.manager is not None and team.manager not in ref.people:
            sink.add((team.source.line, 1), f"teams.{team.id}.manager",
                     f"found {team.manager!r}{_closest(team.manager, ref.people)}, "
                     "expected the id of a known person")
            bad = True
        if bad:  # loaded facts never hold an id that does not resolve
            del ref.teams[team.id]
            ref.teams.broken[team.id] = team.source


# --- fixtures ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FailedFixture:
    """A fixture that did not validate: where it is, and (when known) what it would be."""

    file: str
    line: int
    fixture_id: str | None
    competition: str | None
    group: str | None
    date: str | None = None  # ISO date of the match, when it could be read
    teams: tuple[str, ...] = ()  # the teams, when they could be read


def _kickoff(node: Node, key: str, tz_name: str | None,
             place: Place | None) -> tuple[dt.date | None, dt.datetime | None]:
    value = node.raw(key, True, "a date or date-time like 2019-11-27T21:00+01:00")
    if value is None:
        return None, None
    m = KICKOFF_RE.match(value) if isinstance(value, str) else None
    expected = ("expected a date like 2019-11-27, or a date and time like 2019-11-27T21:00 "
                "or 2019-11-27T21:00+01:00")
    if not m:
        node.error(key, f"found {_show(value)}, {expected}")
        return None, None
    try:
        day = dt.date.fromisoformat(m.group(1))
        if m.group(2) is None:
            return day, None
        naive = dt.datetime(day.year, day.month, day.day, int(m.group(2)), int(m.group(3)),
                            int(m.group(4) or 0))
    except ValueError:
        node.error(key, f"found {_show(value)}, which is not a real date or time; {expected}")
        return None, None
    offset = m.group(5)
    venue_tz = ZoneInfo(place.timezone) if place else None
    if offset:
        stamp = dt.datetime.fromisoformat(naive.isoformat() + ("+00:00" if offset == "Z"
                                                               else offset))
    elif tz_name or venue_tz:
        stamp = naive.replace(tzinfo=ZoneInfo(tz_name) if tz_name else venue_tz)
    elif place is None:  # the home team is already reported; nothing to read the time in
        return None, None
    else:
        node.error(key, f"found {value!r} with no UTC offset and no time zone to read it in, "
                        "expected an offset like +01:00")
        return None, None
    local = stamp.astimezone(venue_tz) if venue_tz else stamp
    return local.date(), local


_PERIODS = tuple(p.value for p in Period if p is not Period.SHOOTOUT)
_ENDS = {last: [e for e in PERIOD_END.values() if e <= last] for last in (90, 120)}


def _match_time(node: Node, extra_time: bool,
                times: dict[tuple[Any, ...], MatchTime]) -> MatchTime | None:
    """An event's time; one read without a problem is kept in ``times`` by what was written
    (each value with its type: ``1``, ``1.0`` and ``true`` are told apart), so the same time
    written again (``minute: 90``) is the same answer, and the same absence of problems."""
    get = node.data.get
    minute, period, phase, stoppage = get("minute"), get("period"), get("phase"), \
        get("stoppage")
    key = (type(minute), minute, type(period), period, type(phase), phase, type(stoppage),
           stoppage, extra_time)
    try:
        known = times.get(key)
    except TypeError:  # a list or a mapping written where a time goes: read it to tell of it
        return _read_match_time(node, extra_time)
    if known is not None:
        return known
    before = len(node.sink.problems)
    time = _read_match_time(node, extra_time)
    if time is not None and len(node.sink.problems) == before:
        times[key] = time
    return time


def _read_match_time(node: Node, extra_time: bool) -> MatchTime | None:
    raw = node.data.get("minute")
    period_name = node.choice("period", _PERIODS)
    phase = node.choice("phase", PHASES)
    stoppage = node.flag("stoppage")
    last = 120 if extra_time else 90
    if raw is None:
        if period_name is None:
            if phase or stoppage:
                node.error("period", "found 'phase' or 'stoppage' without a period, expected "
                                     "'period' too")
            return None
        period = Period(period_name)
        if not extra_time and period in (Period.EXTRA_FIRST, Period.EXTRA_SECOND):
            node.error("period", f"found {period_name!r}, expected a period of normal time: "
                                 "this match had no extra time")
        return MatchTime(None, None, period, stoppage, phase)
    m = MINUTE_RE.match(str(raw)) if isinstance(raw, (int, str)) else None

    def wrong() -> None:  # the message made only when the minute is wrong
        node.error("minute", f"found {_show(raw)}, expected a minute from 1 to {last}, or "
                             f"{last}+N in stoppage time"
                             + ("" if extra_time else " (this match had no extra time)"))

    if not m or isinstance(raw, bool):
        wrong()
        return None
    minute, added = int(m.group(1)), int(m.group(2)) if m.group(2) else None
    ends = _ENDS[last]
    if not 1 <= minute <= last or (added is not None and (minute not in ends or added < 1)):
        wrong()
        return None
    period = next(p for p, e in PERIOD_END.items() if minute <= e)
    if period_name and period_name != period.value:
        node.error("period", f"found {period_name!r}, expected {period.value!r} for minute {raw}")
    return MatchTime(minute, added, period, added is not None, phase)


_EVENT_BASE = ("type", "team", "minute", "period", "stoppage", "phase")
_EVENT_KEYS = {  # the keys each type of event may have
    "goal": (*_EVENT_BASE, "scorer", "assist", "assist_kind", "body", "finish", "beat",
             "penalty", "own_goal", "conceded_by", "var"),
    "chance": (*_EVENT_BASE, "player", "kind", "outcome", "keeper", "cleared_by", "assist",
               "assist_kind", "detail"),
    "card": (*_EVENT_BASE, "person", "color"),
    "substitution": (*_EVENT_BASE, "off", "on", "reason"),
    "injury": (*_EVENT_BASE, "person", "body_part", "went_off"),
    "spell": (*_EVENT_BASE, "kind"),
}


def _event_has(events: YList, index: int, key: str) -> bool:
    """Whether event ``index`` exists and holds ``key`` (any time key names its time)."""
    if index >= len(events) or not isinstance(events[index], YMap):
        return False
    return not key or key in TIME_KEYS or key in events[index]


class FixtureReader:
    """Reads one fixture mapping against the reference data."""

    def __init__(self, ref: Reference, node: Node, defaults: Mapping[str, Any]) -> None:
        self.ref = ref
        self.node = node
        self.defaults = defaults

    def read(self) -> tuple[Fixture | None, FailedFixture]:
        node, ref = self.node, self.ref
        node.keys(("competition", "group", "matchday", "kickoff", "home", "away", "venue",
                   "score", "half_time", "extra_time", "shootout", "goals", "updated",
                   "events", "context", "corrections"))
        for key in ("competition", "group"):
            if key not in node.data and key in self.defaults:
                node.data[key] = self.defaults[key]
                node.data.positions[key] = node.pos()
        comp_id = node.ref("competition", ref.competitions, "competition", required=True)
        comp = ref.competitions.get(comp_id or "")
        group_id = None
        if node.has("group") and comp is not None:
            group_id = node.ref("group", {g.id: g for g in comp.groups},
                                f"group of {comp.id}")
        home = node.ref("home", ref.teams, "team", required=True)
        away = node.ref("away", ref.teams, "team", required=True)
        if home and home == away:
            node.error("away", f"found {away!r} again, expected a different team from 'home'")
        group = comp.group(group_id) if comp and group_id else None
        for side, team in (("home", home), ("away", away)):
            if group and team and team not in group.teams:
                node.error(side, f"found {team!r}, expected a team of {group.name}: "
                                 f"{', '.join(group.teams)}")
        venue_id = node.ref("venue", ref.venues, "venue")
        home_team = ref.teams.get(home or "")
        venue_id = venue_id or (home_team.venue if home_team else None)
        venue = ref.venues.get(venue_id or "")
        place = venue.place if venue else (home_team.home if home_team else None)
        day, kickoff = _kickoff(node, "kickoff", self.defaults.get("timezone"), place)
        fixture_id = f"{day.isoformat()}-{home}-{away}" if day and home and away else None
        failed = FailedFixture(node.sink.file, node.data.line, fixture_id, comp_id, group_id,
                               day.isoformat() if day else None,
                               tuple(t for t in (home, away) if t))
        fid = f"fixture:{fixture_id}"
        score = _score(node, "score")
        half_time = _score(node, "half_time")
        extra_time = _score(node, "extra_time")
        shootout = _score(node, "shootout")
        if not node.has("score") and any(node.has(k) for k in ("half_time", "extra_time",
                                                                "shootout", "events")):
            node.error("score", "found no 'score' but results or events, expected the "
                                "full-time score of a played match")
        if half_time and score and (half_time.home > score.home or half_time.away > score.away):
            node.error("half_time", f"found {half_time}, expected at most the full-time "
                                    f"score {score} for each team")
        if extra_time and score and (extra_time.home < score.home or extra_time.away < score.away):
            node.error("extra_time", f"found {extra_time}, expected at least the full-time "
                                     f"score {score} for each team")
        if extra_time and score and score.home != score.away:
            node.error("extra_time", f"found extra time after {score}, expected extra time "
                                     "only after a draw")
        if shootout and (final := extra_time or score) and final.home != final.away:
            node.error("shootout", "found a shoot-out after a decided match, expected one only "
                                   "after a draw")
        goals_mode = node.choice("goals", ("complete", "incomplete"))
        matchday = node.integer("matchday", low=1, high=100)
        updated = self._updated()
        events = self._events(fid, home, away, extra_time is not None) if home and away else ()
        if goals_mode is None:  # a bare result claims nothing about scorers
            listed = any(isinstance(e, Goal) for e in events)
            goals_mode = "complete" if listed or (score and not score.home + score.away) \
                else "incomplete"
        if score and home and away:
            self._check_goals(events, score, half_time, extra_time, goals_mode == "complete")
        context = self._context(fid, home, away)
        corrections = self._corrections(fid)
        if node.bad or not (comp_id and home and away and day and place and fixture_id):
            return None, failed
        return Fixture(fixture_id, fid, comp_id, group_id, matchday, day, kickoff, home, away,
                       venue_id, place, score, half_time, extra_time, shootout,
                       goals_mode == "complete", events, context, updated,
                       node.source(), corrections), failed

    def _updated(self, node: Node | None = None, key: str = "updated") -> dt.datetime | None:
        node = node or self.node
        value = node.data.get(key)
        if value is None:
            return None
        try:
            stamp = dt.datetime.fromisoformat(str(value))
        except ValueError:
            stamp = None
        if stamp is None or stamp.tzinfo is None:
            node.error(key, f"found {_show(value)}, expected a date-time with a UTC "
                            "offset like 2019-11-27T22:30+00:00")
            return None
        return stamp

    def _corrections(self, fid: str) -> tuple[Correction, ...]:
        """``corrections: [{at: 2019-11-28T09:30+00:00, fact: events/2/time}]``."""
        out = []
        events = self.node.data.get("events")
        events = events if isinstance(events, YList) else YList()
        for i, node in enumerate(self.node.items("corrections")):
            node.keys(("at", "fact"))
            at = self._updated(node, "at")
            if not node.has("at"):
                node.error("at", "found nothing, expected when the fact was corrected, like "
                                 "2019-11-28T09:30+00:00")
            path = node.text("fact", required=True)
            if at is None or path is None:
                continue
            m = CORRECTION_RE.fullmatch(path)
            index = int(m.group("event")) if m and m.group("event") else None
            key = (m.group("key") or "") if m else ""
            if index is not None and not _event_has(events, index, key):
                m = None
            if m is None:
                node.error("fact", f"found {path!r}, expected a fact of this fixture as "
                                   "`newsgen explain` shows it: score, half_time, kickoff, "
                                   f"venue, events/N or events/N/<key> (N below {len(events)})")
                continue
            field_name = "time" if key in TIME_KEYS else key or (m.group("top") or "event")
            out.append(Correction(f"{fid}/corrections/{i}", at, path, field_name, index,
                                  node.source()))
        return tuple(out)

    def _person(self, node: Node, key: str, team: str | None, role: str) -> str | None:
        pid = node.ref(key, self.ref.people, "person")
        if pid and team and self.ref.people[pid].team != team:
            node.error(key, f"found {pid!r}, who plays for {self.ref.people[pid].team}, expected "
                            f"{role} of {team}")
        return pid

    def _events(self, fid: str, home: str, away: str, extra_time: bool) -> tuple[Event, ...]:
        events: list[Event] = []
        last_period, last_exact = -1, (0, 0)
        teams = {home: home, away: away}
        what = f"team of this match ({home} or {away})"
        times = self.ref.times
        for i, node in enumerate(self.node.items("events")):
            etype = node.choice("type", EVENT_TYPES, required=True)
            team = node.ref("team", teams, what, required=True)
            time = _match_time(node, extra_time, times)
            if time is not None and time.period is not None:
                period = PERIOD_ORDER[time.period]
                exact = (time.minute or 0, time.added or 0)
                is_exact = time.minute is not None  # time.exact
                if period < last_period or (period == last_period and is_exact
                                            and exact < last_exact):
                    node.error("minute" if is_exact else "period",
                               f"found {time.label()} after an event later in the match, "
                               "expected events in the order they happened")
                elif period > last_period:
                    last_period, last_exact = period, (0, 0)
                if is_exact and exact > last_exact:
                    last_exact = exact
            if etype is None or team is None:
                continue
            other = away if team == home else home
            common = (f"{fid}/events/{i}", i, time, team, node.source())  # Event's fields
            event = self._event(node, etype, common, team, other)
            if event is not None:
                events.append(event)
        return tuple(events)

    def _var(self, node: Node | None, home: str, away: str,
             extra_keys: tuple[str, ...] = ()) -> VarCheck | None:
        if node is None:
            return None
        node.keys((*extra_keys, "reasons", "outcome", "involving"))
        involving = node.ref("involving", self.ref.people, "person")
        if involving and self.ref.people[involving].team not in (home, away):
            node.error("involving", f"found {involving!r}, expected a player of {home} or {away}")
        outcome = node.choice("outcome", VAR_OUTCOMES, required=True) or "stands"
        return VarCheck(node.choices("reasons", VAR_REASONS), outcome, involving)

    def _event(self, node: Node, etype: str,
               common: tuple[str, int, MatchTime | None, str, Source], team: str,
               other: str) -> Event | None:
        """The event of type ``etype``: each field given in order, ``common`` (Event's)
        first (as keywords they cost twice as much)."""
        e_fid, e_index, e_time, e_team, e_source = common
        home, away = sorted((team, other))
        if etype == "goal":
            node.keys(_EVENT_KEYS["goal"])
            own_goal = node.flag("own_goal")
            penalty = node.flag("penalty")
            if own_goal and penalty:
                node.error("own_goal", "found both own_goal and penalty, expected at most one")
            conceded = None
            if node.has("conceded_by"):
                if not penalty:
                    node.error("conceded_by", "found 'conceded_by' on a goal that is not a "
                                              "penalty, expected 'penalty: true' with it")
                conceded = self._person(node, "conceded_by", other, "a player")
            return Goal(e_fid, e_index, e_time, e_team, e_source,
                        self._person(node, "scorer", other if own_goal else team,  # scorer
                                     "an own-goal scorer" if own_goal else "a player"),
                        self._person(node, "assist", team, "a player"),  # assist
                        node.choice("assist_kind", ASSIST_KINDS),  # assist_kind
                        node.choice("body", BODY_PARTS),  # body
                        node.choices("finish", FINISHES),  # finish
                        self._person(node, "beat", other, "the goalkeeper"),  # beat
                        penalty, own_goal, conceded,  # penalty, own_goal, penalty_conceded_by
                        self._var(node.mapping("var"), home, away))  # var
        if etype == "chance":
            node.keys(_EVENT_KEYS["chance"])
            outcome = node.choice("outcome", CHANCE_OUTCOMES, required=True) or "missed"
            cleared_by = self._person(node, "cleared_by", other, "a defender")
            if outcome == "cleared-off-line" and not cleared_by:
                node.error("cleared_by", "found no 'cleared_by' for a clearance off the line, "
                                         "expected the defender who cleared")
            return Chance(e_fid, e_index, e_time, e_team, e_source,
                          self._person(node, "player", team, "a player"),  # player
                          node.choice("kind", CHANCE_KINDS) or "shot", outcome,  # kind, outcome
                          self._person(node, "keeper", other, "the goalkeeper"),  # keeper
                          cleared_by,
                          self._person(node, "assist", team, "a player"),  # assist
                          node.choice("assist_kind", ASSIST_KINDS),  # assist_kind
                          node.choices("detail", CHANCE_DETAILS))  # detail
        if etype == "card":
            node.keys(_EVENT_KEYS["card"])
            return Card(e_fid, e_index, e_time, e_team, e_source,
                        self._person(node, "person", team, "a player") or "",  # person
                        node.choice("color", CARD_COLORS, required=True) or "yellow")  # color
        if etype == "substitution":
            node.keys(_EVENT_KEYS["substitution"])
            off = self._person(node, "off", team, "a player")
            on = self._person(node, "on", team, "a player")
            if not node.has("off") and not node.has("on"):
                node.error("on", "found neither 'off' nor 'on', expected at least one player")
            return Substitution(e_fid, e_index, e_time, e_team, e_source, off, on,
                                node.choice("reason", SUB_REASONS))  # reason
        if etype == "injury":
            node.keys(_EVENT_KEYS["injury"])
            if not node.has("person"):
                node.error("person", "found no 'person', expected the injured player")
            return Injury(e_fid, e_index, e_time, e_team, e_source,
                          self._person(node, "person", team, "a player") or "",  # person
                          node.text("body_part"),  # body_part
                          node.flag("went_off", True))  # went_off
        if etype == "spell":
            node.keys(_EVENT_KEYS["spell"])
            return Spell(e_fid, e_index, e_time, e_team, e_source,
                         node.choice("kind", SPELL_KINDS, required=True) or "pressure")  # kind
        check = self._var(node, home, away, _EVENT_BASE)
        return VarReview(e_fid, e_index, e_time, e_team, e_source, check) if check else None

    def _check_goals(self, events: tuple[Event, ...], score: Score, half_time: Score | None,
                     extra_time: Score | None, complete: bool) -> None:
        node = self.node
        home = node.data.get("home")
        goals = [e for e in events if isinstance(e, Goal)]
        final = extra_time or score
        counts = {True: 0, False: 0}
        firsts = {True: 0, False: 0}
        normal = {True: 0, False: 0}
        for g in goals:
            counts[g.team == home] += 1
            period = g.time.period if g.time else None
            firsts[g.team == home] += period is Period.FIRST_HALF
            normal[g.team == home] += period in (Period.FIRST_HALF, Period.SECOND_HALF)
        got = Score(counts[True], counts[False])
        if complete and got != final:
            node.error("events", f"found goals adding up to {got}, expected {final} as in "
                                 "the score (write 'goals: incomplete' if not every goal is "
                                 "listed)")
        elif not complete and (got.home > final.home or got.away > final.away):
            node.error("events", f"found goals adding up to {got}, expected at most {final}")
        if half_time and (firsts[True] > half_time.home or firsts[False] > half_time.away):
            node.error("half_time", f"found first-half goals adding up to "
                                    f"{Score(firsts[True], firsts[False])}, expected at most "
                                    f"the half-time score {half_time}")
        elif complete and half_time and all(g.time and g.time.period for g in goals) and \
                Score(firsts[True], firsts[False]) != half_time:
            node.error("half_time", f"found first-half goals adding up to "
                                    f"{Score(firsts[True], firsts[False])}, expected "
                                    f"{half_time} as in the half-time score")
        if extra_time and (normal[True] > score.home or normal[False] > score.away):
            node.error("events", f"found goals in normal time adding up to "
                                 f"{Score(normal[True], normal[False])}, expected at most "
                                 f"{score}")

    def _context(self, fid: str, home: str | None, away: str | None) -> tuple[Context, ...]:
        out: list[Context] = []
        for i, node in enumerate(self.node.items("context")):
            kind = node.choice("kind", CONTEXT_KINDS, required=True)
            data: dict[str, object] = {}
            if kind == "only-defeat":
                node.keys(("kind", "team", "fixture", "scope"))
                data["team"] = node.ref("team", self.ref.teams, "team", required=True)
                data["fixture"] = node.text("fixture", required=True)  # checked once all load
                data["scope"] = node.choice("scope", ("all-competitions", "competition"),
                                            required=True)
            elif kind == "home-unbeaten-since":
                node.keys(("kind", "team", "since"))
                data["team"] = node.ref("team", self.ref.teams, "team", required=True)
                since = node.raw("since", True, "a month like 2014-10")
                if since is not None:
                    m = re.match(r"^(\d{4})-(\d{2})$", str(since))
                    if not m or not 1 <= int(m.group(2)) <= 12:
                        node.error("since", f"found {_show(since)}, expected a month like 2014-10")
                    else:
                        data["since"] = dt.date(int(m.group(1)), int(m.group(2)), 1)
            elif kind == "appearance-milestone":
                node.keys(("kind", "person", "team", "count"))
                team = node.ref("team", self.ref.teams, "team", required=True)
                data["team"] = team
                data["person"] = self._person(node, "person", team, "a player")
                data["count"] = node.integer("count", True, 1, 5000)
            elif kind == "first-knockout-stage":
                node.keys(("kind", "team"))
                data["team"] = node.ref("team", self.ref.teams, "team", required=True)
            if kind and not node.bad:
                out.append(Context(f"{fid}/context/{i}", kind, tuple(sorted(data.items())),
                                   node.source(), node.key("fixture"), node.pos("fixture")))
        return tuple(out)


# --- loading -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Loaded:
    """The outcome of loading a facts directory: the valid facts and every problem."""

    facts: FactSet
    problems: tuple[Problem, ...]
    failed: tuple[FailedFixture, ...]
    fatal: tuple[Problem, ...] = ()  # problems that stop every fixture (no house style)

    def tainted(self, fixture: Fixture) -> tuple[FailedFixture, ...]:
        """Failed fixtures this fixture's recap could depend on.

        Any fixture of its group (a result changes the table, a date the games left and the
        next fixture), and any fixture of either team (the next match, earlier meetings);
        a failure whose competition or group is unknown may be any of these.
        """
        teams = {fixture.home, fixture.away}
        return tuple(f for f in self.failed if f.fixture_id != fixture.id and (
            (f.competition in (None, fixture.competition) and f.group in (None, fixture.group))
            or teams & set(f.teams)))


REFERENCE_KINDS: dict[str, Callable[[Node, Reference], None]] = {
    "competitions": _read_competition,
    "teams": _read_team,
    "venues": _read_venue,
    "people": _read_person,
}
# teams before competitions (groups list teams), people after teams (people name a team)
REFERENCE_ORDER = ("teams", "venues", "people", "competitions")


TOP_LEVEL = ("house", *REFERENCE_KINDS, "fixture", "fixtures", "defaults")
_SCAN = re.compile(r"^[\s{,-]*(competition|group)\s*:\s*([\w-]+)", re.MULTILINE)


def _unreadable(name: str, line: int, text: str) -> FailedFixture:
    """A file that could not be read: what little its text shows of what it held.

    The competition and group are read from lines like ``group: group-e`` so that only the
    fixtures of that group are held back; a file that shows neither may have held anything.
    """
    seen: dict[str, set[str]] = {"competition": set(), "group": set()}
    for m in _SCAN.finditer(text):
        seen[m.group(1)].add(m.group(2))
    one = {k: next(iter(v)) if len(v) == 1 else None for k, v in seen.items()}
    return FailedFixture(name, line, None, one["competition"], one["group"])


# the start of a top-level line that is not a ``fixture:``, ``fixtures:`` or ``defaults:``
# key, a comment, an indented line or blank (in ``"\n" + text``: a newline is found at once,
# where a ``^`` would be tried at every character)
_NOT_FIXTURES = re.compile(r"\n(?!\n|\Z|[ #]|(?:fixtures?|defaults):(?: |\n|\Z))")


def _fixtures_only(text: str) -> bool:
    """True when a file can hold nothing but fixtures (its every top-level line is a
    ``fixture:``, ``fixtures:`` or ``defaults:`` key, a comment or blank): it need not be
    kept while the reference data is read. Anything else answers False, the safe side."""
    return _NOT_FIXTURES.search("\n" + text) is None and "\t" not in text and \
        "\r" not in text


def _parse_file(name: str, text: str, sink: Sink) -> YMap | None:
    """A fact file's top-level mapping, its problems told to ``sink``; None if unreadable."""
    try:
        doc, soft = parse_lenient(text, name)
    except FactError as exc:
        sink.problems.extend(exc.problems)
        return None
    sink.problems.extend(soft)  # duplicate keys and the like: the rest of the file loads
    sink.soft.extend(soft)
    if doc is not None and not isinstance(doc, YMap):
        sink.add((1, 1), "", f"found {_show(doc)}, expected a mapping with a top-level "
                             "key such as 'fixture' or 'teams'")
    elif isinstance(doc, YMap) and not doc:
        sink.add((1, 1), "", "found an empty file, expected a top-level key such as "
                             "'fixture' or 'teams'")
    elif isinstance(doc, YMap):
        Node(sink, doc, "").keys(TOP_LEVEL)
        return doc
    return None


def load_texts(texts: Mapping[str, str], unreadable: Iterable[Problem] = ()) -> Loaded:
    """Load fact files given as ``{file name: YAML text}``.

    A file that cannot be read as a whole (``unreadable``, a YAML syntax error, an empty
    file, an unknown top-level key) may have held any result, so it taints every table.

    Files that may hold reference data are parsed first and kept until it is read; a file of
    fixtures only is parsed when its fixtures are read and let go right after, so loading a
    season never holds every parsed file at once.
    """
    sinks = {name: Sink(name) for name in texts}
    docs: dict[str, YMap | None] = {}  # parsed, in file order; None: read when its turn comes
    failed: list[FailedFixture] = []
    unparsed: dict[str, FailedFixture] = {}  # files that could not be read, by name
    for problem in unreadable:
        sinks.setdefault(problem.file, Sink(problem.file)).problems.append(problem)
        failed.append(FailedFixture(problem.file, problem.line, None, None, None))

    def parse(name: str, text: str) -> YMap | None:
        sink = sinks[name]
        before = len(sink.problems)
        doc = _parse_file(name, text, sink)
        if len(sink.problems) > before and doc is None:
            unparsed[name] = _unreadable(name, sink.problems[before].line, text)
        return doc

    for name in sorted(texts):
        if isinstance(texts, _Texts) and texts.fixtures_only(name):
            docs[name] = None  # known without reading it again
            continue
        text = texts[name]
        if _fixtures_only(text):
            docs[name] = None
        else:
            doc = parse(name, text)
            if doc is not None:
                docs[name] = doc
    ref = Reference()
    kept = {name: doc for name, doc in docs.items() if doc is not None}
    for name, doc in kept.items():
        if "house" in doc:
            house = Node(sinks[name], doc, "").mapping("house")
            if house:
                _read_house(house, ref)
    for kind in REFERENCE_ORDER:
        for name, doc in kept.items():
            for node in Node(sinks[name], doc, "").items(kind):
                REFERENCE_KINDS[kind](node, ref)
    _check_team_links(ref, sinks)
    del kept
    fixtures: dict[str, Fixture] = {}
    files: dict[str, list[str]] = {}
    read_failed: list[FailedFixture] = []
    for name in list(docs):
        doc = docs.pop(name)  # let go of each file once its fixtures are read
        if doc is None:
            doc = parse(name, texts[name])
            if doc is None:
                continue
        top = Node(sinks[name], doc, "")
        defaults: dict[str, Any] = {}
        defaults_bad = False
        dnode = top.mapping("defaults")
        if dnode:
            dnode.keys(("competition", "group", "timezone"))
            defaults = dict(dnode.data)
            if dnode.has("timezone") and _timezone(dnode, "timezone", ref.zones) is None:
                defaults.pop("timezone")
            defaults_bad = dnode.bad  # every fixture of the file reads its defaults
        def nodes(top: Node = top) -> Iterator[Node]:
            yield from top.items("fixtures")
            single = top.mapping("fixture")
            if single:
                yield single

        for node in nodes():
            fixture, failure = FixtureReader(ref, node, defaults).read()
            if defaults_bad:
                fixture = None
            if fixture is not None and fixture.id in fixtures:
                node.error("kickoff", f"found the fixture {fixture.id} a second time (first "
                                      f"at {fixtures[fixture.id].source}), expected it once")
                fixture = None
            if fixture is None:
                read_failed.append(failure)
            else:
                fixtures[fixture.id] = fixture
                files.setdefault(name, []).append(fixture.id)
    # files that could not be read, in file order, then fixtures that did not validate
    failed += [unparsed[name] for name in sorted(unparsed)] + read_failed
    for fixture in list(fixtures.values()):
        for ctx in fixture.context:
            ref_id = ctx.get("fixture")
            if ctx.kind == "only-defeat" and ref_id not in fixtures:
                sink = sinks[ctx.source.file]
                sink.add(ctx.ref_pos, ctx.ref_key,
                         f"found {ref_id!r}{_closest(str(ref_id), fixtures)}, expected the id "
                         "of a fixture on file")
                del fixtures[fixture.id]
                files[fixture.source.file].remove(fixture.id)
                failed.append(FailedFixture(fixture.source.file, fixture.source.line,
                                            fixture.id, fixture.competition, fixture.group,
                                            fixture.date.isoformat(),
                                            (fixture.home, fixture.away)))
                break
    fatal: list[Problem] = []
    if ref.house is None:
        some = sorted(texts)[0] if texts else "facts/x"
        root = some.split("/")[0] + "/" if "/" in some else ""
        fatal.append(Problem(f"{root}house.yaml", 0, 0, "house",
                             "found no house style, expected a house.yaml with "
                             "'house: {credit: ..., notice: ...}' (every fixture needs it)"))
    problems = tuple(p for name in sorted(sinks) for p in sinks[name].problems) + tuple(fatal)
    facts = FactSet(ref.house or House("house", "", {}), ref.competitions, ref.teams,
                    ref.people, ref.venues, fixtures,
                    {k: tuple(v) for k, v in files.items()})
    return Loaded(facts, problems, tuple(failed), tuple(fatal))


class _Texts(Mapping[str, str]):
    """The texts of a facts directory's files, by name. A file of fixtures only is read
    again when its turn comes instead of being kept: a season's texts are never all in
    memory at once beside its facts. (A file is read twice only if it is one of those.)"""

    def __init__(self, kept: dict[str, str | Path]) -> None:
        self._kept = kept

    def __getitem__(self, name: str) -> str:
        value = self._kept[name]
        if isinstance(value, str):
            return value
        try:
            data = value.read_bytes()
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            raise NewsgenError(f"{name}: changed or removed while the facts were being "
                               "read; expected it as it was a moment before (run again)") \
                from None
        return text

    def fixtures_only(self, name: str) -> bool:
        return not isinstance(self._kept[name], str)

    def __iter__(self) -> Iterator[str]:
        return iter(self._kept)

    def __len__(self) -> int:
        return len(self._kept)


def load_directory(root: Path) -> Loaded:
    """Load every ``*.yaml`` file under ``root`` (file names are reported relative to it)."""
    texts: dict[str, str | Path] = {}
    unreadable: list[Problem] = []
    base = root.parent if root.name else root
    for path in sorted(root.rglob("*.yaml")):
        name = path.relative_to(base).as_posix()
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            unreadable.append(Problem(name, line, column, "",
                                      f"found bytes that are not UTF-8 "
                                      f"({data[exc.start:exc.end]!r}), expected a UTF-8 "
                                      "text file (save it as UTF-8)"))
            continue
        texts[name] = path if _fixtures_only(text) else text
    return load_texts(_Texts(texts), unreadable)
