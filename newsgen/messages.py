"""The plan's vocabulary: one frozen dataclass per message kind, and the parts they share.

This is the template context. A template macro named after a kind (``goal``, ``stake``)
receives a ``Message`` whose attributes are the fields of that kind's dataclass here:
``m.scorer``, ``m.time``. Values to print are ``V`` (a value with its fact id) or
``Mention`` (a team or person); everything else (flags, enum words such as
``assist_kind``) steers the wording and prints nothing by itself.
"""

from __future__ import annotations

from typing import Any

from .frozen import frozen

Text = str  # an enum word from the facts, turned into words by the lexicon's terms


@frozen
class V:
    """A value to print, with the id of the fact it came from."""

    value: Any
    fid: str

    def __str__(self) -> str:
        return str(self.value)


@frozen
class City(V):
    """A city, printed in the locale's form (the lexicon's ``cities``: Naples → Napoli)."""


@frozen
class Mention:
    """A reference to a team or person.

    ``form`` is empty for the default policy, applied in reading order when the text is
    realised (a person in full at first mention and by the short form after; a team by its
    full name first, then its short name), or a variant the planner chose for a later team
    mention: ``nickname``, ``home-role``/``away-role`` ("the hosts").
    """

    kind: str  # "team" | "person"
    id: str
    fid: str
    form: str = ""
    start: bool = False  # the mention may open a sentence (so no nickname or role)


@frozen
class Story:
    """What every template of a fixture can use (``story`` in the length templates)."""

    fixture: V
    home: Mention
    away: Mention
    competition: V
    group: V | None
    venue: V | None
    city: City  # for the dateline
    country: V  # a country code: print it with the ``country`` filter
    date: V
    credit: V  # the house style's dateline credit ("AP")


# --- lede, headline, brief, stake ----------------------------------------------------------


@frozen
class LedeGoal:
    """The goal the story turns on, as the lede tells it."""

    scorer: Mention | None
    team: Mention
    time: V | None
    header: bool
    penalty: bool
    role: str | None  # opener, equaliser, go-ahead, winner, extends-lead, pulls-back
    stoppage: bool


@frozen
class Multiple:
    """A player who scored more than once (``count`` 2: a brace, 3: a hat trick)."""

    scorer: Mention | None
    count: V
    team: Mention
    late: bool


@frozen
class Headline:
    angle: str  # late-winner, late-equaliser, comeback-win, ..., win, draw, goalless
    draw: bool
    winner: Mention  # the home team when the match was drawn
    loser: Mention
    winner_home: bool
    score: V  # winner's goals first (after extra time, if any)
    extra_time: bool
    shootout: V | None  # the shoot-out score, winner's first
    goal: LedeGoal | None
    multiple: Multiple | None
    clinched: V | None  # the zone outcome (round-of-16) the match made sure of
    clinched_first: bool
    deficit: V | None  # goals a comeback overcame
    opening: int  # which opening to use, so a matchday's recaps do not open alike


@frozen
class Lede(Headline):
    competition: V
    group: V | None  # only when the lede must name it (the stake sentence does otherwise)
    venue: V | None  # when the team named first played at home
    day: V  # the match date
    champion: Mention | None  # the defending champion, if one of the teams
    clinched_team: str | None
    first_time: V | None  # the team reached the knockout stage for the first time


@frozen
class Stake:
    """Where the result leaves the leader, or the better-placed of the two teams."""

    team: Mention
    position: V
    group: V | None
    competition: V
    gap: V  # points to the team above (or below, for the leader)
    other: Mention
    level: bool
    tied: bool  # shares its position: no tiebreaker on file separates it
    matches_left: V
    draw: bool
    later: V | None  # games later that day changed the table: "after Wednesday's games"
    fid: str


@frozen
class OtherGoal:
    scorer: Mention | None
    team: Mention
    time: V | None
    role: str | None
    among: bool  # the goal list is incomplete: "among the scorers"


@frozen
class Brief(Lede):
    others: tuple[OtherGoal, ...]
    stake: Stake | None
    need: NeedsBrief | None = None  # the stake in one clause, when it is the story


# --- goals -------------------------------------------------------------------------------


@frozen
class VarItem:
    reasons: tuple[Text, ...]  # offside, foul, handball, push, penalty
    outcome: Text  # stands, overturned, awarded, disallowed
    involving: Mention | None
    fid: str


@frozen
class MilestoneItem:
    count: V
    person: Mention | None


@frozen
class Goal:
    scorer: Mention | None  # None: the scorer is not on file
    team: Mention
    opponent: Mention
    time: V | None
    role: str | None
    score: V | None  # the score after it, leading team first
    scorer_role: V | None  # defender, forward ... for a first mention
    penalty: bool
    own_goal: bool
    header: bool
    in_lede: bool  # the lede already told its scorer and minute
    late: bool
    nth: V | None  # the scorer's n-th goal of the match
    among: bool  # incomplete list, time unknown: "was among the scorers"
    assist: Mention | None
    assist_kind: Text | None
    beat: Mention | None  # the goalkeeper beaten (full recap)
    beat_role: V | None  # "goalkeeper", when the facts say so
    finish: tuple[Text, ...]  # first-time, low, far-corner ... (full recap)
    conceded_by: Mention | None
    var: VarItem | None
    milestone: MilestoneItem | None
    substitute: bool


@frozen
class GoalExchange:
    """Two goals in a row in which two players set each other up."""

    first: Goal
    second: Goal
    team: Mention


@frozen
class VarSummary:
    count: V
    all_goals: bool
    scorer: Mention | None


@frozen
class HalfTime:
    leader: Mention | None
    score: V
    goalless: bool
    after_90: V | None  # the score after normal time, when extra time followed


# --- the run of play ---------------------------------------------------------------------


@frozen
class Injury:
    person: Mention | None
    team: Mention
    role: V | None
    time: V | None
    body_part: Text | None
    went_off: bool


@frozen
class Clearances:
    defender: Mention | None
    team: Mention
    count: V
    each_half: bool
    shooter: Mention | None
    assist: Mention | None
    assist_kind: Text | None
    one_two: bool
    first_time: V | None


@frozen
class ChanceItem:
    player: Mention | None
    team: Mention
    time: V | None
    kind: Text  # shot, header
    outcome: Text  # saved, wide, over, post, saved-onto-post, bar, blocked, missed
    keeper: Mention | None
    assist: Mention | None
    assist_kind: Text | None
    detail: tuple[Text, ...]


@frozen
class Chances:
    """Chances; ``keeper`` is set when they are the saves of one goalkeeper."""

    keeper: Mention | None
    chances: tuple[ChanceItem, ...]


@frozen
class Spell:
    team: Mention
    spell: Text  # pressure, sat-deep
    time: V | None
    manager: Mention | None
    after: str | None  # "equaliser": the spell followed the equalizer


@frozen
class SubItem:
    off: Mention | None
    on: Mention | None
    time: V | None
    scored: bool


@frozen
class Substitutions:
    team: Mention
    subs: tuple[SubItem, ...]


@frozen
class VarReview:
    """A video review not tied to a goal that stood (a goal ruled out, a penalty given)."""

    team: Mention  # the team it was about
    involving: Mention | None
    reasons: tuple[Text, ...]
    outcome: Text  # stands, overturned, awarded, disallowed
    time: V | None


@frozen
class RedCard:
    person: Mention | None
    team: Mention
    time: V | None
    second_yellow: bool


# --- context -----------------------------------------------------------------------------


@frozen
class PreviousMeeting:
    winner: Mention  # the home team when drawn
    loser: Mention
    draw: bool
    score: V
    city: City
    date: V
    matchday: V | None
    opening_day: bool
    only_defeat: V | None  # the curated note: the loser's only defeat (scope)
    champion: Mention | None
    h2h_leader: Mention | None  # ahead on head-to-head record after this match
    h2h_other: Mention | None


@frozen
class HomeRecord:
    team: Mention
    visitor: Mention
    since: V
    venue: V | None
    competition: V
    broken: bool  # the visitors won: the run ended


@frozen
class Milestone:
    person: Mention | None
    team: Mention
    count: V


# --- table and what is next --------------------------------------------------------------


@frozen
class Row:
    team: Mention
    points: V
    won: V
    drawn: V
    lost: V
    position: V


@frozen
class Tie:
    """Teams level on points and what separated them."""

    teams: tuple[Mention, ...]
    scope: str  # head_to_head, overall, shared
    criterion: Text | None  # for overall: goal_difference, goals_for, ...
    points: V
    shared: tuple[Mention, ...]  # those the rules could not separate


@frozen
class Table:
    group: V | None
    rows: tuple[Row, ...]
    ties: tuple[Tie, ...]
    competition: V


@frozen
class Zone:
    first: V
    last: V
    outcome: V
    size: V


@frozen
class Format:
    zones: tuple[Zone, ...]


@frozen
class Result:
    winner: Mention  # the home team when drawn
    loser: Mention
    winner_home: bool
    draw: bool
    score: V
    fid: str


@frozen
class SameDay:
    results: tuple[Result, ...]


@frozen
class Status:
    status: str  # first, through, out
    new: bool  # settled by this match (or that day), not before it
    teams: tuple[Mention, ...]
    outcome: V
    places: V  # size of the top zone: "the top two"
    first_time: V | None
    group: V | None


@frozen
class StillOpen:
    teams: tuple[Mention, ...]
    places: V
    remaining: bool
    outcome: V


@frozen
class Earlier:
    """The earlier meeting of a team and its next opponent."""

    winner: Mention
    loser: Mention
    draw: bool
    score: V
    venue: V | None
    city: City
    date: V
    winner_home: bool


@frozen
class NextItem:
    team: Mention
    opponent: Mention
    final_round: bool
    home: bool
    date: V
    days: int  # after this match: within a week, a weekday is enough
    fid: str
    earlier: Earlier | None


@frozen
class NextFixtures:
    fixtures: tuple[NextItem, ...]
    same_day: bool


@frozen
class ElsewhereItem:
    team: Mention
    opponent: Mention
    home: bool
    date: V
    days: int
    competition: V
    fid: str


@frozen
class NextElsewhere:
    fixtures: tuple[ElsewhereItem, ...]


# --- corrections -----------------------------------------------------------------------


@frozen
class CorrectionNote:
    """A fact published earlier was corrected: say so, naming what was wrong."""

    field: Text  # what was wrong: time, scorer, assist, score, half_time, kickoff, venue...
    event: Text | None  # the event it belongs to: goal, card, substitution, injury, chance
    person: Mention | None  # the event's player (the scorer of a goal), if any
    team: Mention | None  # the event's team, if any
    at: V  # when it was corrected


# --- what is at stake (``scenarios``) -------------------------------------------------------


@frozen
class NeedOther:
    """Another fixture's result said from ``team``'s side.

    ``results`` is one or two of ``win``, ``draw``, ``defeat``: one → "if Napoli lose";
    win + draw → "avoid defeat"; draw + defeat → "fail to win"; win + defeat → "do not draw".
    """

    team: Mention
    results: tuple[Text, ...]


@frozen
class NeedScore:
    """A condition on the team's own score-line: ``kind`` ``op`` ``value``.

    ``kind``: ``margin`` (goals between the sides: "a one-goal defeat"), ``scored`` ("scoring
    four or more"), ``conceded``; ``op``: ``eq`` (exactly), ``ge`` (or more), ``le`` (or
    fewer).
    """

    kind: Text
    op: Text
    value: V


@frozen
class NeedClause:
    """One way a team's last match can go: its own result, narrowed, and others' results.

    ``results`` are the team's own possible results (``win``, ``draw``, ``defeat``; two of
    them read "a draw or a win"); ``scores`` all hold for its score-line ("a one-goal
    defeat scoring four or more") — or, with ``unless``, do not all hold ("any win except a
    one-goal win scoring five or more"); ``others`` must all hold ("if Napoli lose").
    ``position`` is set only in ``Needs.otherwise``: where the team then finishes for sure.
    """

    results: tuple[Text, ...]
    scores: tuple[NeedScore, ...]
    unless: bool
    others: tuple[NeedOther, ...]
    position: V | None


@frozen
class Needs:
    """What a team still needs to reach the top zone (``outcome``), from the scenario engine.

    The team goes through if any of ``clauses`` holds, and on no other outcome; each of
    ``otherwise`` leaves it out for sure, in that clause's ``position``. When no short exact
    statement exists, ``clauses`` is empty and ``depends`` holds (through in N, goals decide
    in K, of M win/draw/defeat combinations of the remaining matches). ``opponent``/``home``
    name the team's own remaining match when it has exactly one.
    """

    team: Mention
    opponent: Mention | None
    home: bool
    outcome: V
    clauses: tuple[NeedClause, ...]
    otherwise: tuple[NeedClause, ...]
    depends: tuple[V, V, V] | None


@frozen
class NeedsBrief:
    """The stake in one clause, for the brief: a result that is enough on its own.

    ``results`` as in ``NeedClause`` (``draw`` + ``win``: "a draw would be enough").
    """

    team: Mention
    opponent: Mention
    home: bool
    results: tuple[Text, ...]
    outcome: V


KINDS: dict[str, type] = {
    "headline": Headline, "lede": Lede, "brief": Brief, "stake": Stake, "goal": Goal,
    "goal_exchange": GoalExchange, "var_summary": VarSummary, "half_time": HalfTime,
    "injury": Injury, "clearances": Clearances, "chance": Chances, "saves": Chances,
    "spell": Spell, "substitutions": Substitutions, "red_card": RedCard,
    "var_review": VarReview,
    "previous_meeting": PreviousMeeting, "home_record": HomeRecord, "milestone": Milestone,
    "table": Table, "format": Format, "same_day": SameDay, "status": Status,
    "still_open": StillOpen, "next_fixtures": NextFixtures, "next_elsewhere": NextElsewhere,
    "correction": CorrectionNote, "needs": Needs,
}
"""Message kind (template macro name) → the dataclass of its fields."""
