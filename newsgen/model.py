"""The domain model: validated facts as frozen dataclasses.

Every object a fact file describes carries ``fid``, the id of the fact it came from, so any
value printed from it can be traced back (``team:liverpool``,
``fixture:2019-11-27-liverpool-napoli/events/3``). ``facts.py`` builds these; nothing else
constructs them from YAML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from .frozen import frozen


@frozen
class Source:
    """Where a fact was written: file and 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


# --- reference data --------------------------------------------------------------------


@frozen
class Place:
    """A city with its country code (ISO 3166-1 alpha-2, or GB-ENG style) and time zone."""

    city: str
    country: str
    timezone: str


@frozen
class Venue:
    id: str
    fid: str
    name: str
    place: Place
    source: Source


@frozen
class Team:
    id: str
    fid: str
    name: str
    short_name: str
    nickname: str | None
    home: Place
    venue: str | None
    manager: str | None
    aliases: tuple[str, ...]
    source: Source


@frozen
class Person:
    """A player or coach.

    ``known_as`` is the single name readers know (``Fabinho``); otherwise the first mention is
    ``given family`` and later ones ``family``. A lower-case particle (``van Dijk``) stays
    lower-case mid-sentence; templates capitalise it at the start of a sentence.
    """

    id: str
    fid: str
    given: str | None
    family: str | None
    known_as: str | None
    team: str | None
    role: str | None
    source: Source

    @property
    def full_name(self) -> str:
        if self.known_as:
            return self.known_as
        return " ".join(p for p in (self.given, self.family) if p)

    @property
    def short_name(self) -> str:
        return self.known_as or self.family or self.full_name


class Scope(StrEnum):
    HEAD_TO_HEAD = "head_to_head"
    OVERALL = "overall"


@frozen
class TieBreakStep:
    """One step of a competition's tie-break rules.

    ``criteria`` are applied in order to the teams level on points; a head-to-head step
    with ``reapply`` starts again among the teams still level after it (UEFA 2019/20).
    """

    scope: Scope
    criteria: tuple[str, ...]
    reapply: bool = False


@frozen
class Zone:
    """Positions ``first``..``last`` of a table lead to ``outcome`` (``round-of-16``)."""

    first: int
    last: int
    outcome: str


@frozen
class Group:
    id: str
    fid: str
    name: str
    teams: tuple[str, ...]


@frozen
class Points:
    win: int = 3
    draw: int = 1
    loss: int = 0


@frozen
class Competition:
    id: str
    fid: str
    name: str
    short_name: str
    season: str
    points: Points
    tie_breaks: tuple[TieBreakStep, ...]
    zones: tuple[Zone, ...]
    groups: tuple[Group, ...]
    defending_champion: str | None
    source: Source

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)


@frozen
class House:
    """The newsroom's house style: dateline credit and the generated-text notice per locale."""

    fid: str
    credit: str
    notice: dict[str, str]
    draft: bool = True


# --- match time ------------------------------------------------------------------------


class Period(StrEnum):
    FIRST_HALF = "first-half"
    SECOND_HALF = "second-half"
    EXTRA_FIRST = "extra-time-first-half"
    EXTRA_SECOND = "extra-time-second-half"
    SHOOTOUT = "penalty-shootout"


PERIOD_ORDER = {p: i for i, p in enumerate(Period)}
PERIOD_END = {
    Period.FIRST_HALF: 45,
    Period.SECOND_HALF: 90,
    Period.EXTRA_FIRST: 105,
    Period.EXTRA_SECOND: 120,
}


@frozen
class MatchTime:
    """When an event happened, as exactly as the facts know it.

    ``minute`` is the clock minute (``65``; ``90`` with ``added=4`` for ``90+4``). Without a
    minute, ``period`` (and ``stoppage``/``phase``) say what is known; with neither, only the
    event's order in the list is known.
    """

    minute: int | None = None
    added: int | None = None
    period: Period | None = None
    stoppage: bool = False
    phase: str | None = None  # "early" | "late" within the period, when that is all we know

    @property
    def exact(self) -> bool:
        return self.minute is not None

    def label(self) -> str:
        """The minute as written in a fact file.

        >>> MatchTime(90, 4, Period.SECOND_HALF, True).label()
        '90+4'
        """
        if self.minute is None:
            return self.period.value if self.period else "?"
        return f"{self.minute}+{self.added}" if self.added else str(self.minute)


# --- events ----------------------------------------------------------------------------


@frozen
class VarCheck:
    """A video review. ``reasons``: offside, foul, handball, penalty, push, ...;
    ``involving``: the player the check was about (fouled or fouling)."""

    reasons: tuple[str, ...]
    outcome: str  # "stands" | "overturned" | "awarded" | "disallowed"
    involving: str | None = None


@frozen
class Event:
    fid: str
    index: int
    time: MatchTime | None
    team: str
    source: Source


@frozen
class Goal(Event):
    scorer: str | None = None
    assist: str | None = None
    assist_kind: str | None = None  # pass, long-pass, cross, corner, free-kick, cut-back, ...
    body: str | None = None  # header, left-foot, right-foot
    finish: tuple[str, ...] = ()  # first-time, low, far-corner, ...
    beat: str | None = None  # goalkeeper beaten
    penalty: bool = False
    own_goal: bool = False
    penalty_conceded_by: str | None = None
    var: VarCheck | None = None


@frozen
class Card(Event):
    person: str = ""
    color: str = "yellow"  # yellow | second-yellow | red


@frozen
class Substitution(Event):
    off: str | None = None
    on: str | None = None
    reason: str | None = None  # injury | tactical


@frozen
class Injury(Event):
    person: str = ""
    body_part: str | None = None
    went_off: bool = True


@frozen
class Chance(Event):
    player: str | None = None
    kind: str = "shot"  # shot | header
    outcome: str = "missed"  # saved, wide, over, post, bar, cleared-off-line, blocked, ...
    keeper: str | None = None
    cleared_by: str | None = None
    assist: str | None = None
    assist_kind: str | None = None
    detail: tuple[str, ...] = ()


@frozen
class Spell(Event):
    """A stretch of play a person recorded: ``pressure`` or ``sat-deep``."""

    kind: str = "pressure"


@dataclass(frozen=True, slots=True)
class VarReview(Event):
    check: VarCheck = field(default_factory=lambda: VarCheck((), "stands"))


# --- context a person curated ----------------------------------------------------------


@frozen
class Context:
    """A curated fact about the match's background.

    ``kind`` is one of the documented context kinds (``only-defeat``,
    ``home-unbeaten-since``, ``appearance-milestone``, ``first-knockout-stage``); its
    fields live in ``data`` as ids, ints and dates.
    """

    fid: str
    kind: str
    data: tuple[tuple[str, object], ...]
    source: Source
    ref_key: str = ""  # where the fixture id of an ``only-defeat`` was written
    ref_pos: tuple[int, int] = (0, 0)

    def get(self, key: str) -> object:
        return dict(self.data).get(key)


@frozen
class Correction:
    """A published fact that was corrected: when, and which fact of the fixture.

    ``fact`` is the path of the fact inside its fixture, as ``newsgen explain`` shows it
    (``events/2/time``, ``score``); ``event`` is the index of the event it belongs to.
    """

    fid: str
    at: dt.datetime
    fact: str
    field: str  # time, scorer, assist, person, player, team, score, half_time, kickoff, venue
    event: int | None
    source: Source


# --- fixtures --------------------------------------------------------------------------


@frozen
class Score:
    home: int
    away: int

    def __str__(self) -> str:
        return f"{self.home}-{self.away}"

    def leading_first(self) -> Score:
        """The higher figure first, as a score is written after a team's name.

        >>> Score(0, 2).leading_first()
        Score(home=2, away=0)
        """
        return Score(max(self.home, self.away), min(self.home, self.away))


@dataclass(frozen=True, slots=True)
class Fixture:
    id: str
    fid: str
    competition: str
    group: str | None
    matchday: int | None
    date: dt.date
    kickoff: dt.datetime | None  # aware, in the venue's time zone; None when only the date is known
    home: str
    away: str
    venue: str | None
    place: Place
    score: Score | None
    half_time: Score | None
    extra_time: Score | None
    shootout: Score | None
    goals_complete: bool
    events: tuple[Event, ...]
    context: tuple[Context, ...]
    updated: dt.datetime | None
    source: Source
    corrections: tuple[Correction, ...] = ()
    # kick-off in UTC (ISO), or the date alone when the time is not known; compared often
    start: str = field(init=False)

    def __post_init__(self) -> None:
        start = self.kickoff.astimezone(dt.UTC).isoformat() if self.kickoff else str(self.date)
        object.__setattr__(self, "start", start)

    @property
    def played(self) -> bool:
        return self.score is not None

    @property
    def last_modified(self) -> dt.datetime | None:
        """When the facts last changed: ``updated`` or the latest correction."""
        stamps = [s for s in (self.updated, *(c.at for c in self.corrections)) if s]
        return max(stamps, key=lambda s: s.astimezone(dt.UTC)) if stamps else None

    @property
    def final(self) -> Score | None:
        return self.extra_time or self.score

    @property
    def winner_on_goals(self) -> str | None:
        """The team with more goals at the end of play; None when level (or not played)."""
        final = self.final
        if final is None or final.home == final.away:
            return None
        return self.home if final.home > final.away else self.away

    @property
    def goals(self) -> tuple[Goal, ...]:
        return tuple(e for e in self.events if isinstance(e, Goal))

    def side(self, team: str) -> str:
        return "home" if team == self.home else "away"

    def opponent(self, team: str) -> str:
        return self.away if team == self.home else self.home

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.start, self.id)


@frozen
class FactSet:
    """Everything loaded from one facts directory, resolved and validated."""

    house: House
    competitions: dict[str, Competition]
    teams: dict[str, Team]
    people: dict[str, Person]
    venues: dict[str, Venue]
    fixtures: dict[str, Fixture]
    files: dict[str, tuple[str, ...]]  # fact file -> ids of the fixtures it holds
