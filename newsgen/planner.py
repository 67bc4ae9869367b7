"""Stage 3 — plan: decide what to say, in what order, and how to refer to things.

Rules are registered objects with a name, a section and a priority (Python-Markdown style),
so a newsroom can switch one off or replace it. Each rule turns the derived facts into
messages; every message records the rule and the ids of the facts it states. One plan holds
the messages of every length; ``view`` picks a length's messages, orders them and resolves
referring expressions (first mention in full, then the short form).

What is said and in what order depends only on the fixture, its matchday and the length —
never on the locale — so every locale carries the same facts. Variation is seeded with
``stable_hash``, never the global random state or Python's salted ``hash()``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass, replace
from hashlib import blake2b
from typing import Any

from .derive import (
    Derived,
    GoalInfo,
    Standing,
    derive,
    first_meeting,
    memo,
    played_that_day,
)
from .frozen import frozen
from .messages import (
    KINDS,
    Brief,
    ChanceItem,
    Chances,
    City,
    Clearances,
    CorrectionNote,
    Earlier,
    ElsewhereItem,
    Format,
    Goal,
    GoalExchange,
    HalfTime,
    Headline,
    HomeRecord,
    Lede,
    LedeGoal,
    Mention,
    Milestone,
    MilestoneItem,
    Multiple,
    NeedClause,
    NeedOther,
    Needs,
    NeedsBrief,
    NeedScore,
    NextElsewhere,
    NextFixtures,
    NextItem,
    OtherGoal,
    PreviousMeeting,
    RedCard,
    Result,
    Row,
    SameDay,
    Stake,
    StillOpen,
    Story,
    SubItem,
    Substitutions,
    Tie,
    V,
    VarItem,
    VarReview,
    VarSummary,
    Zone,
)
from .messages import Injury as InjuryMsg
from .messages import Spell as SpellMsg
from .messages import Status as StatusMsg
from .messages import Table as TableMsg
from .model import (
    Chance,
    FactSet,
    Fixture,
    Injury,
    MatchTime,
    Period,
    Scope,
    Score,
    Spell,
    Substitution,
)
from .model import VarReview as VarReviewEvent
from .scenarios import Clause, TeamScenario

LENGTHS = ("headline", "brief", "short", "full")
TEXT = frozenset(("short", "full"))
FULL = frozenset(("full",))
SHORT = frozenset(("short",))
_HEADLINE = frozenset(("headline",))
_BRIEF = frozenset(("brief",))
SECTIONS = ("lede", "goals", "play", "context", "table", "next", "correction")
# upper bounds in words for the body of each length, from PRODUCT.md
WORD_LIMITS = {"brief": 50, "short": 225, "full": 600}


def stable_hash(*parts: object) -> int:
    """A hash that is the same on every machine and every run.

    >>> stable_hash("2019-11-27-liverpool-napoli", "full") == stable_hash(
    ...     "2019-11-27-liverpool-napoli", "full")
    True
    """
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


@frozen
class Message:
    """One thing to say: a template macro (``kind``) and the values it needs."""

    kind: str
    rule: str
    section: str
    priority: int
    lengths: frozenset[str]
    facts: tuple[str, ...]
    body: Any  # the dataclass of this kind in ``messages.KINDS``
    words: int  # an estimate used to keep each length within bounds
    variant: int = 0
    order: float = 1e9  # place in the match (event index) for telling the story in order

    def __getattr__(self, name: str) -> Any:
        """Templates read the fields of the body as the message's own: ``m.scorer``."""
        try:
            return getattr(self.body, name)
        except AttributeError:
            raise AttributeError(f"a {self.kind!r} message has no field {name!r}") from None


@frozen
class Plan:
    """The messages of one length, in order, grouped in paragraphs."""

    fixture: str
    length: str
    paragraphs: tuple[tuple[Message, ...], ...]
    story: Story

    @property
    def messages(self) -> tuple[Message, ...]:
        return tuple(m for p in self.paragraphs for m in p)


@frozen
class FullPlan:
    """Every message for every length of one fixture: lengths are views of it."""

    fixture: Fixture
    derived: Derived
    messages: tuple[Message, ...]
    story: Story
    # per message, its team mentions in reading order (team id, opens a sentence): what the
    # views need to know to leave a message's referring expressions as they are
    mentions: tuple[tuple[tuple[str, bool], ...], ...] | None = None


_UNSET = object()  # a memo not yet filled


# --- the situation rules look at ---------------------------------------------------------


@dataclass(slots=True)
class Situation:
    facts: FactSet
    fixture: Fixture
    derived: Derived
    opening: int
    angle: str = ""
    key: GoalInfo | None = None  # the goal the story turns on
    lede: Lede | None = None  # what the lede says, for the rules that build on it
    # mentions already made, by id: they are frozen values of the fact set alone, so the
    # rules share them (``plan`` gives every fixture of a fact set the same dicts)
    _teams: dict[tuple[str, bool], Mention] = field(default_factory=dict, init=False,
                                                    repr=False, compare=False)
    _people: dict[tuple[str, bool], Mention] = field(default_factory=dict, init=False,
                                                     repr=False, compare=False)
    # per message body walked by ``said`` (by id, with the body kept so the id stays its
    # own): its team mentions, which ``plan`` then need not walk the body again for
    _told: dict[int, tuple[Any, tuple[tuple[str, bool], ...]]] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    _stake: object = field(default=_UNSET, init=False, repr=False, compare=False)
    _goals: dict[str, dict[str, Any]] = field(default_factory=dict, init=False, repr=False,
                                              compare=False)
    _subs_on: dict[str | None, int] | None = field(default=None, init=False, repr=False,
                                                   compare=False)

    @property
    def lede_goal(self) -> str | None:
        """The fact id of the goal the lede tells (scorer, minute), if it tells one."""
        told = self.lede is not None and self.lede.goal is not None
        return self.key.goal.fid if told and self.key else None

    def team(self, team_id: str, start: bool = False) -> Mention:
        key = (team_id, start)
        mention = self._teams.get(key)
        if mention is None:
            mention = self._teams[key] = Mention("team", team_id, self.facts.teams[team_id].fid,
                                                 start=start)
        return mention

    def person(self, person_id: str | None, start: bool = False) -> Mention | None:
        if person_id is None:
            return None
        key = (person_id, start)
        mention = self._people.get(key)
        if mention is None:
            mention = self._people[key] = Mention("person", person_id,
                                                  self.facts.people[person_id].fid, start=start)
        return mention

    def said(self, body: Any) -> list[str]:
        """The fact ids a message's body prints (``_facts_of(body)``), keeping its team
        mentions for ``plan``."""
        fids: list[str] = []
        teams: list[tuple[str, bool]] = []
        _walk(body, fids, teams)
        self._told[id(body)] = (body, tuple(teams))
        return fids

    def role(self, person_id: str | None) -> V | None:
        """A player's position, for a first mention ("defender Dejan Lovren")."""
        person = self.facts.people.get(person_id or "")
        if person is None or person.role not in ("goalkeeper", "defender", "midfielder",
                                                 "forward"):
            return None
        return V(person.role, person.fid)

    def time(self, time: MatchTime | None, fid: str) -> V | None:
        return V(time, f"{fid}/time") if time is not None else None


Produce = Callable[[Situation], Iterable[Message]]


@frozen
class Rule:
    name: str
    section: str
    priority: int
    produce: Produce


class Rules:
    """The planner's rules, by name; ``disable`` or ``register`` again to replace one."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}
        self._order: tuple[Rule, ...] | None = None  # sorted, until the rules change

    def register(self, name: str, section: str, priority: int) -> Callable[[Produce], Produce]:
        if section not in SECTIONS:
            raise ValueError(f"unknown section {section!r}; expected one of {SECTIONS}")

        def add(fn: Produce) -> Produce:
            self._rules[name] = Rule(name, section, priority, fn)
            self._order = None
            return fn

        return add

    def disable(self, name: str) -> None:
        del self._rules[name]
        self._order = None

    def copy(self) -> Rules:
        other = Rules()
        other._rules = dict(self._rules)
        return other

    def __iter__(self) -> Iterator[Rule]:
        if self._order is None:
            self._order = tuple(sorted(
                self._rules.values(),
                key=lambda r: (SECTIONS.index(r.section), -r.priority, r.name)))
        return iter(self._order)

    def names(self) -> list[str]:
        return [r.name for r in self]


RULES = Rules()


def _msg(kind: str, rule: str, section: str, priority: int, lengths: frozenset[str],
         facts: Iterable[str], words: int, body: Any, order: float = 1e9) -> Message:
    """A rule's message. Its variant is ``_UNPLACED`` (-1) until ``plan`` sets it in place,
    so a rule must not hash it (use it as a key or in a set) before yielding it."""
    assert isinstance(body, KINDS[kind]), (kind, type(body))
    return Message(kind, rule, section, priority, lengths, tuple(dict.fromkeys(facts)), body,
                   words, _UNPLACED, order)


# The variant of a message made by ``_msg`` and not yet seen by ``plan``: ``plan`` gives such
# a message its variant in place (it is new, and no one else has it yet); any other message a
# rule yields (one it kept, or yields twice) is copied with its variant, as every message was.
_UNPLACED = -1
_place = Message.variant.__set__  # type: ignore[attr-defined]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _fields(obj: Any) -> dict[str, Any]:
    """A dataclass's fields by name (a shallow copy, unlike ``asdict``)."""
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in fields(obj))
    return {name: getattr(obj, name) for name in names}


# How the walks over message values treat a value, by its type (worked out once per type):
# a printed value (V or Mention), a sequence, another dataclass instance (its fields are
# walked), or anything else (a str, a number, a class, None: nothing to see inside).
_VALUE, _MENTION, _SEQUENCE, _DATACLASS, _LEAF = range(5)
_SHAPES: dict[type, int] = {}


def _shape(t: type) -> int:
    shape = _SHAPES.get(t)
    if shape is None:
        shape = _SHAPES[t] = (
            _MENTION if issubclass(t, Mention) else _VALUE if issubclass(t, V) else
            _SEQUENCE if issubclass(t, (list, tuple)) else
            _DATACLASS if is_dataclass(t) and not issubclass(t, type) else _LEAF)
    return shape


# What a dataclass field can hold, from its annotation (worked out once per class): nothing
# printed (a flag, a number, an enum word), only a V, only a Mention (either possibly None),
# or anything else, which the walks look into. An annotation not recognised here is looked
# into, so the shortcut can only skip fields whose type says they hold nothing printed.
_LEAF_TYPES: frozenset[object] = frozenset((
    "bool", "str", "int", "float", "Text", "tuple[Text, ...]", "tuple[str, ...]",
    bool, str, int, float))
_VALUE_TYPES: frozenset[object] = frozenset(("V", "City", V, City))
_MENTION_TYPES: frozenset[object] = frozenset(("Mention", Mention))


def _field_shape(annotation: object) -> int:
    parts: list[object] = [annotation]
    if isinstance(annotation, str):
        parts = [p.strip() for p in annotation.split("|")]
        parts = [p for p in parts if p != "None"] or parts
    for shapes, kinds in ((_LEAF, _LEAF_TYPES), (_VALUE, _VALUE_TYPES),
                          (_MENTION, _MENTION_TYPES)):
        if all(p in kinds for p in parts):
            return shapes
    return _DATACLASS  # anything: look inside


# The walk over what a message prints: the fact ids of its printed values (V and Mention),
# in field order, and its team mentions in reading order (team id, opens a sentence), as
# ``_resolve`` counts them. One function per type, made the first time the type is met: for
# a dataclass, straight-line code over the fields that can hold something printed (so no
# loop over a field list and no lookup per field). Team mentions are looked for in tuples,
# never in lists (``_resolve`` rebuilds tuples only); fact ids in both.
Walk = Callable[[Any, list[str], list[tuple[str, bool]]], None]
_WALKS: dict[type, Walk] = {}


def _walk(value: Any, fids: list[str], teams: list[tuple[str, bool]]) -> None:
    (_WALKS.get(value.__class__) or _walk_for(value.__class__))(value, fids, teams)


def _walk_value(v: Any, fids: list[str], teams: list[tuple[str, bool]]) -> None:
    fids.append(v.fid)


def _walk_mention(v: Any, fids: list[str], teams: list[tuple[str, bool]]) -> None:
    fids.append(v.fid)
    if v.kind != "person":
        teams.append((v.id, v.start))


def _walk_tuple(v: Any, fids: list[str], teams: list[tuple[str, bool]]) -> None:
    get = _WALKS.get
    for x in v:
        (get(x.__class__) or _walk_for(x.__class__))(x, fids, teams)


def _walk_list(v: Any, fids: list[str], teams: list[tuple[str, bool]]) -> None:
    unseen: list[tuple[str, bool]] = []  # mentions in a list are not counted
    for x in v:
        _walk(x, fids, unseen)


def _walk_leaf(v: Any, fids: list[str], teams: list[tuple[str, bool]]) -> None:
    pass


def _walk_for(t: type) -> Walk:
    shape = _shape(t)
    walk: Walk = (
        _walk_mention if shape == _MENTION else _walk_value if shape == _VALUE else
        (_walk_tuple if issubclass(t, tuple) else _walk_list) if shape == _SEQUENCE else
        _walk_dataclass(t) if shape == _DATACLASS else _walk_leaf)
    _WALKS[t] = walk
    return walk


def _walk_dataclass(t: type) -> Walk:
    lines = ["def walk(v, fids, teams):", "    F = fids.append"]
    for f in fields(t):
        shape = _field_shape(f.type)
        if shape == _LEAF:
            continue
        lines += [f"    x = v.{f.name}", "    if x is not None:"]
        if shape == _VALUE:
            lines.append("        F(x.fid)")
        elif shape == _MENTION:
            lines += ["        F(x.fid)",
                      "        if x.__class__ is Mention:",
                      "            if x.kind != 'person':",
                      "                teams.append((x.id, x.start))",
                      "        else:",  # not what the annotation says: its mentions only
                      "            _walk(x, [], teams)"]
        else:
            lines.append("        (get(x.__class__) or _walk_for(x.__class__))(x, fids, teams)")
    if len(lines) == 2:
        lines.append("    pass")
    namespace: dict[str, Any] = {"Mention": Mention, "_walk": _walk, "get": _WALKS.get,
                                 "_walk_for": _walk_for}
    exec("\n".join(lines), namespace)  # names from the class's own fields only
    walk: Walk = namespace["walk"]
    return walk


# per dataclass: the fields that can hold a Mention, in field order (what ``_resolve`` walks)
_MENTION_FIELDS: dict[type, tuple[str, ...]] = {}


def _mention_fields(t: type) -> tuple[str, ...]:
    names = _MENTION_FIELDS[t] = tuple(f.name for f in fields(t)
                                       if _field_shape(f.type) in (_MENTION, _DATACLASS))
    return names


def _facts_of(*values: Any) -> list[str]:
    """The fact ids of the values a message prints."""
    out: list[str] = []
    unseen: list[tuple[str, bool]] = []
    for v in values:
        _walk(v, out, unseen)
    return out


def _team_mentions(value: Any) -> tuple[tuple[str, bool], ...]:
    """The team mentions ``_resolve`` counts in a value, in the order it meets them."""
    teams: list[tuple[str, bool]] = []
    _walk(value, [], teams)
    return tuple(teams)


# --- angle: what the story is --------------------------------------------------------------

ANGLES = ("late-winner", "late-equaliser", "comeback-win", "comeback-draw", "hat-trick", "rout",
          "clinched", "brace", "equaliser-draw", "win", "draw", "goalless")


def angle_of(d: Derived) -> tuple[str, GoalInfo | None]:
    """The angle of the story and the goal it turns on, ranked by news value."""
    o, goals = d.outcome, d.goals
    key = next((g for g in goals if g.role == "winner"), None)
    last_eq = next((g for g in reversed(goals) if g.role == "equaliser"), None)
    if key and key.late:
        return "late-winner", key
    if o.draw and last_eq and last_eq.late and d.order_known:
        return "late-equaliser", last_eq
    if d.comeback and d.comeback.won:
        return "comeback-win", key
    if d.comeback and o.draw and d.comeback.deficit >= 2:
        return "comeback-draw", last_eq
    if any(n >= 3 for _, n in d.multiples):
        return "hat-trick", None
    if o.winner and o.margin >= 3:
        return "rout", None
    st = d.standing
    if o.winner and st and st.top_outcome and st.clinched((o.winner,)):
        return "clinched", key
    if any(n == 2 for _, n in d.multiples):
        return "brace", None
    if o.draw and last_eq and d.fixture.final and d.fixture.final.home:
        return "equaliser-draw", last_eq
    if o.draw:
        final = d.fixture.final
        return ("goalless" if final and not final.home else "draw"), None
    return "win", key


def opening_for(facts: FactSet, f: Fixture) -> int:
    """Which opening a fixture's lede uses: its place among the matchday's fixtures.

    Neighbours on the matchday get different openings. It depends on the fixture ids of the
    day only, not on their facts, so correcting one result rewords no other recap, and a
    fixture opens the same alone or in a batch.
    """
    peers = played_that_day(facts, f.competition, f.date)
    return peers.index(f.id) if f.id in peers else 0


# --- rules -------------------------------------------------------------------------------


def _score_for(d: Derived) -> V:
    """The final score, winner's goals first ("Napoli won 3-2 at Salzburg")."""
    f = d.fixture
    final = f.final
    assert final is not None
    score = final
    if d.outcome.winner == f.away:
        score = Score(final.away, final.home)
    return V(score, f"{f.fid}/score")


def _story(s: Situation) -> Story:
    f, facts = s.fixture, s.facts
    comp = facts.competitions[f.competition]
    group = comp.group(f.group) if f.group else None
    venue = facts.venues.get(f.venue or "")
    return Story(
        fixture=V(f.id, f.fid),
        home=s.team(f.home),
        away=s.team(f.away),
        competition=V(comp.short_name, comp.fid),
        group=V(group.name, group.fid) if group else None,
        venue=V(venue.name, venue.fid) if venue else None,
        city=City(f.place.city, f"{f.fid}/place"),
        country=V(f.place.country, f"{f.fid}/place"),
        date=V(f.date, f"{f.fid}/kickoff"),
        credit=V(facts.house.credit, facts.house.fid),
    )


def _lede_data(s: Situation) -> Lede:
    angle, key = s.angle, s.key
    d, f, facts = s.derived, s.fixture, s.facts
    o = d.outcome
    comp = facts.competitions[f.competition]
    group = comp.group(f.group) if f.group else None
    champion = comp.defending_champion if comp.defending_champion in (f.home, f.away) else None
    st = d.standing
    clinched = clinched_first = None
    teams = (o.winner,) if o.winner else (
        (f.home, f.away) if angle in ("late-equaliser", "comeback-draw", "equaliser-draw")
        else ())
    done = st.clinched(tuple(t for t in teams if t)) if st and st.top_outcome else None
    if st and st.top_outcome and done:
        clinched = V(st.top_outcome, st.row_fid(done[0]))
        clinched_first = done[1] == "first"
    first_time = next((c for c in f.context if c.kind == "first-knockout-stage"
                       and clinched is not None and c.get("team") in (f.home, f.away)), None)
    winner = o.winner or f.home
    loser = o.loser or f.away
    data: dict[str, Any] = {
        "angle": angle,
        "opening": s.opening,
        "draw": o.draw,
        "winner": s.team(winner, start=True),
        "loser": s.team(loser),
        "winner_home": winner == f.home,
        "score": _score_for(d),
        "extra_time": o.after_extra_time,
        "shootout": V(f.shootout.leading_first(), f"{f.fid}/shootout")
        if f.shootout else None,
        "competition": V(comp.short_name, comp.fid),
        # the stake sentence names the group; the lede does only when it is the news
        "group": V(group.name, group.fid) if group and (clinched_first or st is None)
        else None,
        "venue": V(facts.venues[f.venue].name, facts.venues[f.venue].fid)
        if f.venue and winner == f.home else None,
        "day": V(f.date, f"{f.fid}/kickoff"),
        "champion": s.team(champion) if champion else None,
        "clinched": clinched,
        "clinched_first": clinched_first,
        "clinched_team": done[0] if clinched and done else None,
        "first_time": V(True, first_time.fid) if first_time else None,
        "multiple": None,
        "goal": None,
        "deficit": None,
    }
    if key is not None and key.goal.scorer:
        g = key.goal
        data["goal"] = LedeGoal(
            scorer=s.person(g.scorer, start=True),
            team=s.team(g.team),
            time=s.time(g.time, g.fid),
            header=g.body == "header",
            penalty=g.penalty,
            role=key.role,
            stoppage=key.stoppage,
        )
    if d.comeback and angle in ("comeback-win", "comeback-draw", "late-equaliser"):
        data["deficit"] = V(d.comeback.deficit, d.comeback.fid)
    if angle in ("hat-trick", "brace", "late-equaliser") and d.multiples:
        scorer, count = d.multiples[0]
        if angle != "late-equaliser" or (key and key.goal.scorer == scorer):
            goals = [g for g in d.goals if g.goal.scorer == scorer]
            data["multiple"] = Multiple(
                scorer=s.person(scorer, start=True),
                count=V(count, goals[-1].fid),
                team=s.team(goals[0].goal.team),
                late=all(g.late for g in goals),
            )
    # the key order above is the order a sentence names them in, for referring expressions
    return Lede(**data)


@RULES.register("lede", "lede", 100)
def rule_lede(s: Situation) -> Iterable[Message]:
    lede = s.lede
    assert lede is not None
    facts = [s.derived.outcome.fid, f"{s.fixture.fid}/score", *s.said(lede)]
    yield _msg("lede", "lede", "lede", 100, TEXT, facts, 30, lede)
    headline = Headline(**{f.name: getattr(lede, f.name) for f in fields(Headline)})
    yield _msg("headline", "lede", "lede", 100, _HEADLINE,
               [s.derived.outcome.fid, *s.said(headline)], 10, headline)


@RULES.register("brief", "lede", 95)
def rule_brief(s: Situation) -> Iterable[Message]:
    """The brief: the lede's result and angle, the other scorers of a low-scoring match, and
    where it leaves the teams, in at most two sentences."""
    d = s.derived
    assert s.lede is not None
    multiple = s.lede.multiple
    others = [g for g in d.goals if g.goal.scorer and g is not s.key
              and not (multiple and multiple.scorer and g.goal.scorer == multiple.scorer.id)]
    others = list({g.goal.scorer: g for g in reversed(others)}.values())[::-1]  # once each
    told = tuple(OtherGoal(scorer=s.person(g.goal.scorer), team=s.team(g.goal.team),
                           time=s.time(g.goal.time, g.goal.fid), role=g.role,
                           among=not d.order_known)
                 for g in others) if len(d.goals) <= 3 else ()
    stake = _stake_data(s)
    need = _needs_brief(s, stake.team.id) if stake and not told else None
    brief = Brief(**_fields(s.lede), others=told, stake=stake, need=need)
    facts = [d.outcome.fid, f"{s.fixture.fid}/score", *s.said(brief),
             *(g.fid for g in others if told)]
    if brief.stake:
        facts.append(brief.stake.fid)
    yield _msg("brief", "brief", "lede", 95, _BRIEF, facts, 45, brief)


def _stake_data(s: Situation) -> Stake | None:
    """Where the result leaves the teams: the leader, or the better-placed of the two."""
    if s._stake is _UNSET:  # the brief and the stake rule both ask
        s._stake = _make_stake(s)
    return s._stake  # type: ignore[return-value]


def _make_stake(s: Situation) -> Stake | None:
    st = s.derived.standing
    if st is None:
        return None
    f = s.fixture
    rows = st.table.rows
    teams = (f.home, f.away)
    subject = rows[0].team if rows[0].team in teams else (
        s.derived.outcome.winner or min(teams, key=st.table.position))
    row = st.table.row(subject)
    other = rows[1] if row.position == 1 else rows[0]
    return Stake(
        team=s.team(subject, start=True),
        position=V(row.position, st.row_fid(subject)),
        group=_group_value(st),
        competition=V(st.competition.short_name, st.competition.fid),
        gap=V(abs(row.points - other.points), st.row_fid(subject)),
        other=s.team(other.team),
        level=row.points == other.points,
        tied=bool(row.tied_with),
        matches_left=V(st.matches_left(subject), st.row_fid(subject)),
        draw=s.derived.outcome.draw,
        # games later that day changed the table after this one: "after Wednesday's games"
        later=V(f.date, f"{f.fid}/kickoff")
        if any(x.start > f.start for x in s.derived.same_day) else None,
        fid=st.fid,
    )


@RULES.register("stake", "lede", 80)
def rule_stake(s: Situation) -> Iterable[Message]:
    """One sentence on where the result leaves the teams: top, level, or a gap."""
    stake = _stake_data(s)
    if stake is not None:
        yield _msg("stake", "stake", "lede", 80, TEXT, [*s.said(stake), stake.fid], 18,
                   stake)


def _goal_item(s: Situation, g: GoalInfo, detail: bool, var: bool | None = None) -> Goal:
    goal = g.goal
    common = s._goals.get(g.fid)  # the short and the full recap's items share these
    if common is None:
        common = s._goals[g.fid] = _goal_common(s, g)
    item = dict(common)
    milestone = next((c for c in s.fixture.context if c.kind == "appearance-milestone"
                      and c.get("person") == goal.scorer), None) if detail else None
    item["beat"] = s.person(goal.beat) if detail else None
    item["beat_role"] = s.role(goal.beat) if detail else None
    item["finish"] = goal.finish if detail else ()
    item["var"] = None
    item["milestone"] = MilestoneItem(V(milestone.get("count"), milestone.fid),
                                      s.person(goal.scorer)) if milestone else None
    if goal.var is not None and (detail if var is None else var):
        item["var"] = VarItem(goal.var.reasons, goal.var.outcome,
                              s.person(goal.var.involving), f"{goal.fid}/var")
    return Goal(**item)


def _goal_common(s: Situation, g: GoalInfo) -> dict[str, Any]:
    """The fields of a goal's item that do not depend on the detail a length tells."""
    goal = g.goal
    d = s.derived
    if s._subs_on is None:  # when each substitute came on (his first time)
        s._subs_on = {}
        for e in s.fixture.events:
            if isinstance(e, Substitution) and e.index < s._subs_on.get(e.on, e.index + 1):
                s._subs_on[e.on] = e.index
    came_on = s._subs_on.get(goal.scorer)
    return {
        "scorer": s.person(goal.scorer, start=True),
        "team": s.team(goal.team, start=True),
        "opponent": s.team(s.fixture.opponent(goal.team)),
        "time": s.time(goal.time, goal.fid),
        "role": g.role,
        "score": V(g.after.leading_first(), g.fid) if g.after is not None else None,
        "scorer_role": s.role(goal.scorer),
        "penalty": goal.penalty,
        "own_goal": goal.own_goal,
        "header": goal.body == "header",
        "in_lede": goal.fid == s.lede_goal,
        "late": g.late,
        "nth": V(g.scorer_nth, g.fid) if g.scorer_total >= 2 and d.order_known else None,
        "among": not d.order_known and goal.time is None,
        "assist": s.person(goal.assist),
        "assist_kind": goal.assist_kind,
        "conceded_by": s.person(goal.penalty_conceded_by),
        "substitute": came_on is not None and came_on < goal.index,
    }


@RULES.register("goals", "goals", 90)
def rule_goals(s: Situation) -> Iterable[Message]:
    """Every goal in order: one message each, or one for a pair that set each other up."""
    d = s.derived
    goals = list(d.goals)
    i = 0
    while i < len(goals):
        g = goals[i]
        nxt = goals[i + 1] if i + 1 < len(goals) else None
        if (nxt and d.order_known and g.goal.team == nxt.goal.team and g.goal.scorer
                and g.goal.assist == nxt.goal.scorer and nxt.goal.assist == g.goal.scorer):
            pair = GoalExchange(_goal_item(s, g, True), _goal_item(s, nxt, True),
                                s.team(g.goal.team))
            var_facts = [x.var.fid for x in (pair.first, pair.second) if x.var]
            yield _msg("goal_exchange", "goals", "goals", 70, TEXT,
                       [g.fid, nxt.fid, *s.said(pair), *var_facts], 30, pair, order=g.goal.index)
            i += 2
            continue
        if d.order_known and i == 0 and _is_second_half(g):
            for m in _half_time_message(s, 15, FULL):  # "scoreless at halftime" adds news
                yield replace(m, order=g.goal.index - 0.5)
        for detail, lengths, words in ((False, SHORT, 18), (True, FULL, 30)):
            # the goal the lede turns on keeps its details even in the short recap
            item = _goal_item(s, g, detail or g.goal.fid == s.lede_goal, var=detail)
            if item.in_lede and not (item.assist or item.conceded_by or item.var
                                     or item.finish or item.beat or item.milestone):
                continue  # the lede told all there is of this goal
            extra = [item.var.fid] if item.var else []
            yield _msg("goal", "goals", "goals", 70 if g.goal.scorer else 40, lengths,
                       [g.fid, *s.said(item), *extra],
                       words + (14 if extra else 0), item, order=g.goal.index)
        i += 1


@RULES.register("var-summary", "goals", 60)
def rule_var_summary(s: Situation) -> Iterable[Message]:
    """In the short recap, the video reviews of the goals in one sentence."""
    checked = [g for g in s.derived.goals if g.goal.var is not None]
    if not checked:
        return
    outcomes = {g.goal.var.outcome for g in checked if g.goal.var}
    if outcomes != {"stands"}:
        return
    summary = VarSummary(V(len(checked), checked[-1].fid),
                         len(checked) == len(s.derived.goals),
                         s.person(checked[0].goal.scorer) if len(checked) == 1 else None)
    yield _msg("var_summary", "var-summary", "goals", 50, SHORT,
               [*(f"{g.goal.fid}/var" for g in checked), *s.said(summary)], 10,
               summary, order=max(g.goal.index for g in s.derived.goals) + 0.5)


def _is_second_half(g: GoalInfo) -> bool:
    t = g.goal.time
    return bool(t and t.period and t.period is not Period.FIRST_HALF)


@RULES.register("half-time", "goals", 50)
def rule_half_time(s: Situation) -> Iterable[Message]:
    """The half-time score, when the goals themselves are not told in order."""
    d = s.derived
    if d.order_known and d.goals:
        return  # told between the goals by the goals rule
    yield from _half_time_message(s, 45, TEXT)


def _half_time_message(s: Situation, priority: int, lengths: frozenset[str]
                       ) -> Iterable[Message]:
    f = s.fixture
    if f.half_time is None or not f.final or (f.final.home + f.final.away == 0):
        return
    ht = f.half_time
    leader = f.home if ht.home > ht.away else f.away if ht.away > ht.home else None
    score = ht if leader != f.away else Score(ht.away, ht.home)
    after_90 = f.score if f.extra_time and f.score else None
    half = HalfTime(s.team(leader, start=True) if leader else None,
                    V(score, f"{f.fid}/half_time"), ht.home + ht.away == 0,
                    V(after_90, f"{f.fid}/score") if after_90 else None)
    yield _msg("half_time", "half-time", "goals", priority, lengths, s.said(half), 8, half)


def _when(s: Situation, e: Any) -> V | None:
    return s.time(e.time, e.fid)


@RULES.register("injuries", "play", 60)
def rule_injuries(s: Situation) -> Iterable[Message]:
    for e in s.fixture.events:
        if isinstance(e, Injury):
            injury = InjuryMsg(s.person(e.person, start=True), s.team(e.team), s.role(e.person),
                               _when(s, e), e.body_part, e.went_off)
            yield _msg("injury", "injuries", "play", 55 if e.went_off else 35,
                       TEXT if e.went_off else FULL, [e.fid, *s.said(injury)], 14,
                       injury, order=e.index)


@RULES.register("clearances", "play", 55)
def rule_clearances(s: Situation) -> Iterable[Message]:
    """Clearances off the line, one message per defender ("cleared off the line twice")."""
    by: dict[str, list[Chance]] = {}
    for e in s.fixture.events:
        if isinstance(e, Chance) and e.outcome == "cleared-off-line" and e.cleared_by:
            by.setdefault(e.cleared_by, []).append(e)
    for defender, chances in by.items():
        periods = {c.time.period for c in chances if c.time and c.time.period}
        first = chances[0]
        body = Clearances(
            defender=s.person(defender, start=True),
            team=s.team(s.fixture.opponent(first.team)),
            count=V(len(chances), chances[-1].fid),
            each_half=len(chances) == 2 and periods == {Period.FIRST_HALF, Period.SECOND_HALF},
            shooter=s.person(first.player),
            assist=s.person(first.assist),
            assist_kind=first.assist_kind,
            one_two="one-two" in first.detail,
            first_time=_when(s, first),
        )
        yield _msg("clearances", "clearances", "play", 50, TEXT,
                   [*(c.fid for c in chances), *s.said(body)], 24, body, order=first.index)


@RULES.register("saves", "play", 45)
def rule_saves(s: Situation) -> Iterable[Message]:
    """Saves and misses, grouped by goalkeeper where he saved more than once."""
    chances = [e for e in s.fixture.events if isinstance(e, Chance)
               and e.outcome != "cleared-off-line"]
    keepers: dict[str | None, list[Chance]] = {}
    for c in chances:
        key = c.keeper if c.outcome in ("saved", "saved-onto-post") else None
        keepers.setdefault(key if key and sum(1 for x in chances if x.keeper == key) > 1
                           else f"single:{c.fid}", []).append(c)
    for group in keepers.values():
        items = tuple(ChanceItem(s.person(c.player, start=True), s.team(c.team, start=True),
                                 _when(s, c), c.kind, c.outcome, s.person(c.keeper),
                                 s.person(c.assist), c.assist_kind, c.detail) for c in group)
        keeper = s.person(group[0].keeper, start=True) if len(group) > 1 else None
        body = Chances(keeper, items)
        yield _msg("saves" if keeper else "chance", "saves", "play", 30, FULL,
                   [*(c.fid for c in group), *s.said(body)], 16 * len(group), body,
                   order=group[0].index)


@RULES.register("spells", "play", 40)
def rule_spells(s: Situation) -> Iterable[Message]:
    """Spells of pressure or deep defending, with the coach's name when on file."""
    d = s.derived
    for e in s.fixture.events:
        if not isinstance(e, Spell):
            continue
        after = None
        for g in d.goals:
            if g.goal.index < e.index and g.role == "equaliser" and e.kind == "sat-deep":
                after = g
        manager = s.facts.teams[e.team].manager
        body = SpellMsg(s.team(e.team, start=True), e.kind, _when(s, e),
                        s.person(manager, start=True), after.role if after else None)
        facts = [e.fid, *s.said(body)]
        if after:
            facts.append(after.fid)
        yield _msg("spell", "spells", "play", 25, FULL, facts, 14, body, order=e.index)


@RULES.register("substitutions", "play", 30)
def rule_substitutions(s: Situation) -> Iterable[Message]:
    by: dict[str, list[Substitution]] = {}
    for e in s.fixture.events:
        if isinstance(e, Substitution):
            by.setdefault(e.team, []).append(e)
    scorers = {g.goal.scorer for g in s.derived.goals}
    for team, subs in by.items():
        items = tuple(SubItem(s.person(x.off, start=True), s.person(x.on, start=True),
                              _when(s, x), x.on in scorers) for x in subs)
        if all(i.scored and i.time is None and i.off is None for i in items):
            continue  # "substitute Griezmann" is said with his goal
        body = Substitutions(s.team(team), items)
        yield _msg("substitutions", "substitutions", "play", 20, FULL,
                   [*(x.fid for x in subs), *s.said(body)], 12 * len(items), body,
                   order=subs[0].index)


@RULES.register("var-reviews", "play", 62)
def rule_var_reviews(s: Situation) -> Iterable[Message]:
    """Video reviews not tied to a goal that stood: goals ruled out, penalties given."""
    for e in s.fixture.events:
        if isinstance(e, VarReviewEvent):
            body = VarReview(s.team(e.team, start=True), s.person(e.check.involving),
                             e.check.reasons, e.check.outcome, _when(s, e))
            yield _msg("var_review", "var-reviews", "play", 50, TEXT,
                       [e.fid, *s.said(body)], 18, body, order=e.index)


@RULES.register("red-cards", "play", 65)
def rule_red_cards(s: Situation) -> Iterable[Message]:
    for e in s.derived.red_cards:
        card = RedCard(s.person(e.person, start=True), s.team(e.team), _when(s, e),
                       e.color == "second-yellow")
        yield _msg("red_card", "red-cards", "play", 60, TEXT,
                   [e.fid, *s.said(card)], 12, card, order=e.index)


@RULES.register("previous-meeting", "context", 50)
def rule_previous_meeting(s: Situation) -> Iterable[Message]:
    """Earlier meetings this season, with a curated 'only defeat' note when there is one."""
    for x in s.derived.previous_meetings:
        final = x.final
        assert final is not None
        winner = x.winner_on_goals
        only = next((c for c in s.fixture.context if c.kind == "only-defeat"
                     and c.get("fixture") == x.id), None)
        comp = s.facts.competitions[s.fixture.competition]
        champion = comp.defending_champion if only and comp.defending_champion == \
            only.get("team") else None
        data: dict[str, Any] = {
            "winner": s.team(winner, start=True) if winner else s.team(x.home, start=True),
            "loser": s.team(x.away if winner in (None, x.home) else x.home),
            "draw": winner is None,
            "score": V(final.leading_first(), f"{x.fid}/score"),
            "city": City(x.place.city, f"{x.fid}/place"),
            "date": V(x.date, f"{x.fid}/kickoff"),
            "matchday": V(x.matchday, f"{x.fid}/matchday") if x.matchday else None,
            "opening_day": x.matchday == 1,
            "only_defeat": V(only.get("scope"), only.fid) if only else None,
            "champion": s.team(champion) if champion else None,
        }
        h2h = s.derived.head_to_head
        data["h2h_leader"] = data["h2h_other"] = None
        if h2h and h2h.leader and x is h2h.meetings[-2] and _two_team_tiebreak(s):
            leader = h2h.leader
            other = s.fixture.opponent(leader)
            data["h2h_leader"] = Mention("team", leader, h2h.fid, start=True)
            data["h2h_other"] = Mention("team", other, h2h.fid)
        body = PreviousMeeting(**data)
        yield _msg("previous_meeting", "previous-meeting", "context", 40, FULL,
                   [x.fid, *s.said(body)], 34 if body.h2h_leader else 24, body)


def _two_team_tiebreak(s: Situation) -> bool:
    """Whether the two teams' own head-to-head would decide a tie between them.

    Only while no third team has the points of either: in a three-way tie the
    head-to-head of all three counts, and a two-team record could contradict the table.
    """
    st = s.derived.standing
    comp = s.facts.competitions[s.fixture.competition]
    if st is None or not comp.tie_breaks or comp.tie_breaks[0].scope is not Scope.HEAD_TO_HEAD:
        return False
    points = {r.team: r.points for r in st.table.rows}
    home, away = s.fixture.home, s.fixture.away
    if points[home] == points[away]:
        return False  # the table's own tie sentence says who is ahead
    mine = {points[home], points[away]}
    if any(points[t] in mine for t in points if t not in (home, away)):
        return False
    # and only while the team behind can still catch up
    behind = min((home, away), key=lambda t: points[t])
    left = st.matches_left(behind)
    return points[behind] + left * comp.points.win >= max(mine)


@RULES.register("home-record", "context", 45)
def rule_home_record(s: Situation) -> Iterable[Message]:
    f = s.fixture
    for c in f.context:
        if c.kind != "home-unbeaten-since" or c.get("team") != f.home:
            continue
        since = c.get("since")
        assert isinstance(since, dt.date)
        venue = s.facts.venues.get(f.venue or "")
        comp = s.facts.competitions[f.competition]
        body = HomeRecord(s.team(f.home, start=True), s.team(f.away, start=True),
                          V(since, c.fid), V(venue.name, venue.fid) if venue else None,
                          V(comp.short_name, comp.fid), s.derived.outcome.winner == f.away)
        yield _msg("home_record", "home-record", "context", 35, FULL,
                   [c.fid, s.derived.outcome.fid, *s.said(body)], 22, body)


@RULES.register("milestones", "context", 30)
def rule_milestones(s: Situation) -> Iterable[Message]:
    """Appearance milestones of players who did not score (scorers get it with the goal)."""
    scorers = {g.goal.scorer for g in s.derived.goals}
    for c in s.fixture.context:
        if c.kind == "appearance-milestone" and c.get("person") not in scorers:
            body = Milestone(s.person(str(c.get("person")), start=True),
                             s.team(str(c.get("team"))), V(c.get("count"), c.fid))
            yield _msg("milestone", "milestones", "context", 20, FULL, s.said(body), 10,
                       body)


def _group_value(st: Standing) -> V | None:
    """The group's name, with its fact id, for the sentences about the table."""
    if not st.name:
        return None
    return V(st.name, f"competition:{st.competition.id}/groups/{st.group}")


class _TableWork:
    """What the recaps of one table share (kept in ``Standing.memo``, so it lives as long as
    the table and every fixture of a matchday uses it): values that name no fixture — the
    mentions of its rows, its ties, who is settled — and the team mentions its message
    prints, which depend on the teams only (the rows' values carry the fixture's fact id)."""

    __slots__ = ("competition", "group", "mentions", "open", "open_mentions", "remaining_ids",
                 "rows", "statuses", "taken", "ties")

    def __init__(self, s: Situation, st: Standing) -> None:
        self.group = _group_value(st)
        self.competition = V(st.competition.short_name, st.competition.fid)
        self.rows = tuple(s.team(row.team, start=True) for row in st.table.rows)
        self.ties = _tie_groups(s, st)
        self.mentions: tuple[tuple[str, bool], ...] | None = None  # from the first table
        # per row with a status: team, status, whether this match's day changed it
        statuses = []
        for row in st.table.rows:
            status = st.status(row.team)
            if status is not None:
                statuses.append((row.team, status, status != st.status_before(row.team)))
        self.statuses = tuple(statuses)
        self.open = tuple(r.team for r in st.table.rows if st.status(r.team) is None)
        self.open_mentions = tuple(s.team(t, start=True) for t in self.open)
        self.taken = sum(1 for r in st.table.rows if st.status(r.team) in ("first", "through"))
        self.remaining_ids = frozenset(x.id for x in st.remaining)


def _table_work(s: Situation, st: Standing) -> _TableWork:
    work = st.memo.get(_TableWork)
    if work is None:
        work = st.memo[_TableWork] = _TableWork(s, st)
    assert isinstance(work, _TableWork)
    return work


def _row_items(s: Situation) -> tuple[Row, ...]:
    st = s.derived.standing
    assert st is not None
    prefix = st.row_fid("")  # + the team: a row's fact id
    return tuple([Row(team, V(row.points, fid), V(row.won, fid), V(row.drawn, fid),
                      V(row.lost, fid), V(row.position, fid))
                  for row, team in zip(st.table.rows, _table_work(s, st).rows, strict=True)
                  for fid in (prefix + row.team,)])


_TieGroup = tuple[tuple[Mention, ...], str, str | None, int, str, tuple[Mention, ...]]


def _tie_groups(s: Situation, st: Standing) -> tuple[_TieGroup, ...]:
    """Teams level on points, and what separated them (or that nothing did): the teams,
    scope, criterion, points, the first team and the teams not separated."""
    by_points: dict[int, list[Any]] = {}
    for row in st.table.rows:
        by_points.setdefault(row.points, []).append(row)
    ties = []
    for rows in by_points.values():
        if len(rows) < 2:
            continue
        criteria = {r.decided_by for r in rows if r.decided_by}
        shared = [r for r in rows if r.tied_with]
        scope = ("shared" if len(shared) == len(rows) else
                 "head_to_head" if all(c.startswith("head_to_head") for c in criteria)
                 and criteria else "overall")
        criterion = next(iter(sorted(criteria)), "").partition(".")[2] or None
        ties.append((tuple(s.team(r.team) for r in rows), scope,
                     criterion if scope == "overall" else None, rows[0].points, rows[0].team,
                     tuple(s.team(r.team) for r in shared) if scope != "shared" else ()))
    return tuple(ties)


def _ties(s: Situation) -> tuple[Tie, ...]:
    """Teams level on points, and what separated them (or that nothing did)."""
    st = s.derived.standing
    assert st is not None
    return tuple(Tie(teams, scope, criterion, V(points, st.row_fid(first)), shared)
                 for teams, scope, criterion, points, first, shared
                 in _table_work(s, st).ties)


@RULES.register("table", "table", 60)
def rule_table(s: Situation) -> Iterable[Message]:
    st = s.derived.standing
    if st is None:
        return
    work = _table_work(s, st)
    rows = _row_items(s)
    ties = _ties(s)
    body = TableMsg(work.group, rows, ties, work.competition)
    words = 14 + 6 * len(rows)
    # the fact ids the body prints (``_facts_of(body)``), each row's once: its team's and
    # its own (every value of a row has the row's fact id)
    facts = [st.fid]
    if work.group is not None:
        facts.append(work.group.fid)
    for row in rows:
        facts += (row.team.fid, row.points.fid)
    facts += _facts_of(ties)
    facts.append(work.competition.fid)
    if work.mentions is None:
        work.mentions = _team_mentions(body)
    s._told[id(body)] = (body, work.mentions)
    yield _msg("table", "table", "table", 58, TEXT, facts, words, body)


@RULES.register("format", "table", 57)
def rule_format(s: Situation) -> Iterable[Message]:
    """What the final positions lead to, while the group is still being played."""
    st = s.derived.standing
    if st is None or not st.remaining or not st.competition.zones:
        return
    fid = st.competition.fid
    kept = _shared(s.facts).formats
    body = kept.get(st.competition.id)
    if body is None:  # the competition's alone: made once
        body = kept[st.competition.id] = Format(tuple(
            Zone(V(z.first, fid), V(z.last, fid), V(z.outcome, fid), V(z.last - z.first + 1, fid))
            for z in sorted(st.competition.zones, key=lambda z: z.first)))
    yield _msg("format", "format", "table", 15, FULL, [fid], 22, body)


@RULES.register("same-day", "table", 50)
def rule_same_day(s: Situation) -> Iterable[Message]:
    """The other results of the group that day."""
    items = []
    facts: list[str] = []
    printed: list[str] = []
    teams: list[tuple[str, bool]] = []
    results = _shared(s.facts).results
    for x in s.derived.same_day:
        line = results.get(x.id)
        if line is None:  # a fixture's line depends on its own facts only: made once
            line = results[x.id] = _result(s, x)
        item, fids, mentions = line
        items.append(item)
        facts.append(item.fid)
        printed += fids
        teams += mentions
    if items:
        body = SameDay(tuple(items))
        s._told[id(body)] = (body, tuple(teams))
        yield _msg("same_day", "same-day", "table", 40, TEXT, facts + printed, 12 * len(items),
                   body)


def _result(s: Situation, x: Fixture) -> tuple[Result, list[str], tuple[tuple[str, bool], ...]]:
    """A played fixture as a line of the day's results: the fact ids and team mentions it
    prints too (``_facts_of``, ``_team_mentions``)."""
    final = x.final
    assert final is not None
    winner = x.winner_on_goals
    item = Result(s.team(winner or x.home, start=True),
                  s.team(x.away if winner in (None, x.home) else x.home),
                  winner in (None, x.home), winner is None,
                  V(final.leading_first(), f"{x.fid}/score"), x.fid)
    fids: list[str] = []
    teams: list[tuple[str, bool]] = []
    _walk(item, fids, teams)
    return item, fids, tuple(teams)


@RULES.register("status", "table", 55)
def rule_status(s: Situation) -> Iterable[Message]:
    """Who is sure of first, through or out — from points arithmetic, never curated."""
    st = s.derived.standing
    if st is None or not st.remaining or st.top_outcome is None:
        return
    f = s.fixture
    lede_team = s.lede.clinched_team if s.lede else None
    work = _table_work(s, st)
    groups: dict[tuple[str, bool], list[str]] = {}
    for team, status, new in work.statuses:
        if team == lede_team:
            continue  # the lede already says a team this match sent through
        groups.setdefault((status, new), []).append(team)
    open_teams, taken = work.open, work.taken
    if (groups or lede_team) and open_teams and st.qualify_last > taken:
        still = StillOpen(work.open_mentions, V(st.qualify_last - taken, st.fid), taken > 0,
                          V(st.top_outcome, st.fid))
        yield _msg("still_open", "status", "table", 20, FULL,
                   [*(st.row_fid(t) for t in open_teams), *s.said(still)], 14, still)
    for (status, new), teams in sorted(groups.items(), key=lambda kv: (kv[0][0], not kv[0][1])):
        first_time = next((c for c in f.context if c.kind == "first-knockout-stage"
                           and c.get("team") in teams and status in ("first", "through")), None)
        body = StatusMsg(status, new, tuple(s.team(t, start=True) for t in teams),
                         V(st.top_outcome, st.row_fid(teams[0])),
                         V(st.qualify_last, f"competition:{st.competition.id}"),
                         V(True, first_time.fid) if first_time else None,
                         _group_value(st))
        facts = [*(st.row_fid(t) for t in teams), *s.said(body)]
        yield _msg("status", "status", "table", 55, TEXT, facts, 10 + 2 * len(teams), body)


def _clause(s: Situation, c: Clause, fid: str) -> NeedClause:
    p = c.predicate
    return NeedClause(
        results=c.results,
        scores=tuple(NeedScore(a.kind, a.op, V(a.value, fid)) for a in p.atoms) if p else (),
        unless=bool(p and p.negated),
        others=tuple(NeedOther(s.team(o.team), o.results) for o in c.others),
        position=V(c.position, fid) if c.position is not None else None)


def _needs(s: Situation, t: TeamScenario) -> Needs:
    st = s.derived.standing
    assert st is not None and st.top_outcome is not None
    fid = st.scenario_fid(t.team)
    match = t.match
    opponent = None if match is None else match.away if match.home == t.team else match.home
    depends = tuple(V(n, fid) for n in t.depends) if t.depends else None
    return Needs(s.team(t.team, start=True), s.team(opponent) if opponent else None,
                 match is not None and match.home == t.team, V(st.top_outcome, fid),
                 tuple(_clause(s, c, fid) for c in t.needs),
                 tuple(_clause(s, c, fid) for c in t.otherwise),
                 (depends[0], depends[1], depends[2]) if depends else None)


def _needs_brief(s: Situation, team: str) -> NeedsBrief | None:
    """A result that is enough on its own for the stake's team, said in one clause."""
    st = s.derived.standing
    if st is None or st.scenarios is None or st.top_outcome is None:
        return None
    t = st.scenarios.team(team)
    first = t.needs[0] if t.needs else None
    if t.match is None or first is None or first.others or first.predicate:
        return None
    fid = st.scenario_fid(team)
    opponent = t.match.away if t.match.home == team else t.match.home
    return NeedsBrief(s.team(team), s.team(opponent), t.match.home == team, first.results,
                      V(st.top_outcome, fid))


@RULES.register("needs", "table", 54)
def rule_needs(s: Situation) -> Iterable[Message]:
    """What each team still in the running needs: the match's teams in every recap, the
    group's others in the full one."""
    st = s.derived.standing
    if st is None or st.scenarios is None or st.top_outcome is None \
            or st.scenarios.method != "scores":
        return  # before the last round, the table and the statuses say enough
    mine = (s.fixture.home, s.fixture.away)
    for t in st.scenarios.teams:
        if t.status is not None:
            continue
        body = _needs(s, t)
        facts = [st.scenario_fid(t.team), *_facts_of(body)]
        if t.team not in mine:
            # where the group's other teams would finish instead is the table's job
            body = replace(body, otherwise=())
            yield _msg("needs", "needs", "table", 24, FULL, facts, 12 + 10 * len(body.clauses),
                       body)
            continue
        yield _msg("needs", "needs", "table", 54, FULL, facts,
                   12 + 10 * (len(body.clauses) + len(body.otherwise)), body)
        # the short recap: how it goes through, below the next fixtures (they give the date)
        short = replace(body, otherwise=())
        yield _msg("needs", "needs", "table", 48, SHORT,
                   [st.scenario_fid(t.team), *s.said(short)], 12 + 10 * len(short.clauses),
                   short)

@RULES.register("next-fixtures", "next", 50)
def rule_next(s: Situation) -> Iterable[Message]:
    """Each team's next match in the competition, and the earlier meeting with that opponent."""
    d, f = s.derived, s.fixture
    st = d.standing
    items = []
    seen: set[str] = set()
    for team in (f.home, f.away):
        x = d.next_in_competition.get(team)
        if x is None or x.id in seen:
            continue
        seen.add(x.id)
        earlier = first_meeting(s.facts, x.home, x.away, f.sort_key)
        # the last round: no remaining fixture of the team's but this one
        final_round = st is not None and st.matches_left(team) == (
            1 if x.id in _table_work(s, st).remaining_ids else 0)
        item: dict[str, Any] = {
            "team": s.team(team, start=True),
            "opponent": s.team(x.opponent(team)),
            "final_round": final_round,
            "home": x.home == team,
            "date": V(x.date, f"{x.fid}/kickoff"),
            "days": (x.date - f.date).days,
            "fid": x.fid,
            "earlier": None,
        }
        if earlier is not None and earlier.final is not None:
            kept = _shared(s.facts).earlier
            item["earlier"] = kept.get(earlier.id)
            if item["earlier"] is None:  # the earlier meeting's own facts alone: made once
                item["earlier"] = kept[earlier.id] = _earlier(s, earlier)
        items.append(NextItem(**item))
    if items:
        body = NextFixtures(tuple(items), len(items) == 2
                            and items[0].date.value == items[1].date.value)
        facts = [*(i.fid for i in items), *s.said(body)]
        yield _msg("next_fixtures", "next-fixtures", "next", 50, TEXT, facts, 14 * len(items),
                   body)


def _earlier(s: Situation, earlier: Fixture) -> Earlier:
    fe = earlier.final
    assert fe is not None
    ew = earlier.winner_on_goals
    venue = s.facts.venues.get(earlier.venue or "")
    return Earlier(
        winner=s.team(ew or earlier.home, start=True),
        loser=s.team(earlier.away if ew in (None, earlier.home) else earlier.home),
        draw=ew is None,
        score=V(fe.leading_first(), f"{earlier.fid}/score"),
        venue=V(venue.name, venue.fid) if venue else None,
        city=City(earlier.place.city, f"{earlier.fid}/place"),
        date=V(earlier.date, f"{earlier.fid}/kickoff"),
        winner_home=ew in (None, earlier.home),
    )


@RULES.register("next-elsewhere", "next", 40)
def rule_next_elsewhere(s: Situation) -> Iterable[Message]:
    """A team's next match in another competition, when it comes first."""
    d, f = s.derived, s.fixture
    items = []
    for team in (f.home, f.away):
        x = d.next_fixture.get(team)
        if x is None or x.competition == f.competition:
            continue
        comp = s.facts.competitions[x.competition]
        items.append(ElsewhereItem(s.team(team, start=True), s.team(x.opponent(team)),
                                   x.home == team, V(x.date, f"{x.fid}/kickoff"),
                                   (x.date - f.date).days, V(comp.name, comp.fid), x.fid))
    if items:
        yield _msg("next_elsewhere", "next-elsewhere", "next", 30, FULL,
                   [*(i.fid for i in items), *_facts_of(items)], 14 * len(items),
                   NextElsewhere(tuple(items)))


@RULES.register("corrections", "correction", 10)
def rule_corrections(s: Situation) -> Iterable[Message]:
    """A correction line for each corrected fact the fact file records."""
    events = s.fixture.events
    for c in s.fixture.corrections:
        event = events[c.event] if c.event is not None and c.event < len(events) else None
        person = None
        if event is not None:
            person = s.person(getattr(event, "scorer", None) or getattr(event, "person", None)
                              or getattr(event, "player", None))
        body = CorrectionNote(
            c.field, _event_kind(event) if event is not None else None, person,
            s.team(event.team) if event is not None else None, V(c.at, c.fid))
        yield _msg("correction", "corrections", "correction", 1000, TEXT,
                   [c.fid, *(e.fid for e in (event,) if e is not None), *s.said(body)],
                   0, body)  # an add-on: it never pushes the story's own sentences out


def _event_kind(event: Any) -> str:
    """``goal``, ``card``, ``var-review``: an event's kind as the fact files name it."""
    return re.sub(r"(?<!^)([A-Z])", r"-\1", type(event).__name__).lower()


# --- planning and views ------------------------------------------------------------------


class _Shared:
    """What the plans of one fact set share, kept in ``derive.memo``: mentions (frozen values
    of the fact set alone) and each played fixture's line in the day's other results."""

    __slots__ = ("earlier", "formats", "people", "results", "teams")

    def __init__(self) -> None:
        self.teams: dict[tuple[str, bool], Mention] = {}
        self.people: dict[tuple[str, bool], Mention] = {}
        # fixture id -> its Result, the fact ids and the team mentions it prints
        self.results: dict[str, tuple[Result, list[str], tuple[tuple[str, bool], ...]]] = {}
        self.formats: dict[str, Format] = {}  # by competition
        self.earlier: dict[str, Earlier] = {}  # by fixture: an earlier meeting


def _shared(facts: FactSet) -> _Shared:
    kept = memo(facts)
    shared = kept.get(_Shared)
    if shared is None:
        shared = kept[_Shared] = _Shared()
    assert isinstance(shared, _Shared)
    return shared



def plan(facts: FactSet, fixture_id: str, rules: Rules = RULES,
         derived: Derived | None = None) -> FullPlan:
    """Plan every length of one played fixture."""
    fixture = facts.fixtures[fixture_id]
    d = derived or derive(facts, fixture_id)
    s = Situation(facts, fixture, d, opening_for(facts, fixture))
    shared = _shared(facts)
    s._teams, s._people = shared.teams, shared.people
    s.angle, s.key = angle_of(d)
    s.lede = _lede_data(s)
    messages: list[Message] = []
    for rule in rules:
        # stable_hash(fixture_id, rule.name, m.kind, i): the hash of the shared prefix, then
        # a copy of it for each message (hashing is streaming: the same digest)
        prefix = None  # made for a rule that says something
        for i, m in enumerate(rule.produce(s)):
            if prefix is None:
                prefix = blake2b(f"{fixture_id}\x1f{rule.name}\x1f".encode(), digest_size=8)
            h = prefix.copy()
            h.update(f"{m.kind}\x1f{i}".encode())
            variant = int.from_bytes(h.digest(), "big") % 1000
            if m.variant == _UNPLACED:
                _place(m, variant)
                messages.append(m)
            else:
                messages.append(Message(m.kind, m.rule, m.section, m.priority, m.lengths,
                                        m.facts, m.body, m.words, variant, m.order))
    told = s._told
    mentions = []
    for m in messages:
        seen = told.get(id(m.body))
        mentions.append(seen[1] if seen is not None and seen[0] is m.body
                        else _team_mentions(m.body))
    return FullPlan(fixture, d, tuple(messages), _story(s), tuple(mentions))


def _select(messages: list[Message], length: str) -> list[Message]:
    chosen = [m for m in messages if length in m.lengths]
    limit = WORD_LIMITS.get(length)
    if limit is None:
        return chosen
    # keep the most important messages within the word budget; ties keep the earlier one
    budget = limit - (10 if length in TEXT else 0)  # room for the dateline
    ranked = sorted(range(len(chosen)), key=lambda i: (-chosen[i].priority, i))
    keep: set[int] = set()
    used = 0
    for i in ranked:
        if used + chosen[i].words <= budget:
            keep.add(i)
            used += chosen[i].words
    return [m for i, m in enumerate(chosen) if i in keep]


def _resolve(messages: list[Message], fixture: Fixture,
             mentions: dict[int, tuple[tuple[str, bool], ...]] | None = None) -> list[Message]:
    """Referring expressions: some later team mentions get a nickname or "the hosts".

    Only mentions of the two teams inside the match story (goals, run of play) vary, never a
    sentence's subject (``start``), and never the first mention. Full-versus-short forms of
    names follow reading order and are applied when the text is realised.
    """
    team_mentions: dict[str, int] = {}
    out = []
    section = ""

    def walk(value: Any, msg_variant: int) -> Any:
        shape = _shape(type(value))
        if shape in (_LEAF, _VALUE):
            return value
        if shape == _MENTION:
            if value.kind == "person":
                return value
            n = team_mentions.get(value.id, 0)
            team_mentions[value.id] = n + 1
            if n and not value.start and n % 3 == 2 and section in ("goals", "play") and \
                    value.id in (fixture.home, fixture.away):
                role = "home-role" if value.id == fixture.home else "away-role"
                return replace(value, form="nickname" if msg_variant % 2 else role)
            return value
        # a value nothing changed in is kept as it is (it is frozen): no needless copies
        if isinstance(value, tuple):
            items = tuple(walk(v, msg_variant) for v in value)
            return value if all(a is b for a, b in zip(items, value, strict=True)) else items
        if shape == _DATACLASS:
            names = _MENTION_FIELDS.get(type(value))
            if names is None:
                names = _mention_fields(type(value))
            changed: dict[str, Any] | None = None
            for name in names:  # only the fields that can hold a mention
                old = getattr(value, name)
                if old is None:
                    continue
                new = walk(old, msg_variant)
                if new is not old:
                    if changed is None:
                        changed = {}
                    changed[name] = new
            return value if changed is None else replace(value, **changed)
        return value

    teams = (fixture.home, fixture.away)
    for m in messages:
        section = m.section
        seq = mentions.get(id(m)) if mentions is not None else None
        if seq is not None:
            # count the message's team mentions; walk it only if one of them would change
            story = section in ("goals", "play")
            seen: dict[str, int] = {}
            for team, start in seq:
                n = team_mentions.get(team, 0) + seen.get(team, 0)
                if story and n and not start and n % 3 == 2 and team in teams:
                    break
                seen[team] = seen.get(team, 0) + 1
            else:
                for team, k in seen.items():
                    team_mentions[team] = team_mentions.get(team, 0) + k
                out.append(m)
                continue
        body = walk(m.body, m.variant)
        out.append(m if body is m.body else replace(m, body=body))
    return out


STORY = ("goals", "play")  # told together, in the order things happened


def _in_match_order(messages: list[Message]) -> list[Message]:
    """Goals and the run of play interleaved by when they happened (a stable sort)."""
    story = sorted((m for m in messages if m.section in STORY), key=lambda m: m.order)
    before = [m for m in messages if SECTIONS.index(m.section) < SECTIONS.index("goals")]
    after = [m for m in messages if SECTIONS.index(m.section) > SECTIONS.index("play")]
    return [*before, *story, *after]


def _quiet_periods(messages: list[Message]) -> list[Message]:
    """In the run of play, "in the second half" is said once, not in sentence after sentence.

    A time known only by its period is dropped when the sentence before it already placed
    the reader in that period.
    """
    out: list[Message] = []
    current = None

    def quiet(item: Any) -> Any:
        nonlocal current
        t = getattr(item, "time", None)
        if isinstance(t, V) and isinstance(t.value, MatchTime) and t.value.period:
            if not t.value.exact and not t.value.phase and not t.value.stoppage and \
                    t.value.period == current:
                item = replace(item, time=None)
            current = t.value.period
        return item

    for m in messages:
        if m.section not in STORY:
            out.append(m)
            continue
        body = quiet(m.body)
        if isinstance(body, Chances):
            body = replace(body, chances=tuple(quiet(c) for c in body.chances))
        out.append(m if body is m.body else replace(m, body=body))
    return out


def view(full: FullPlan, length: str) -> Plan:
    """The plan of one length: selected, ordered, grouped and with referring expressions."""
    if length not in LENGTHS:
        raise ValueError(f"unknown length {length!r}; expected one of {', '.join(LENGTHS)}")
    mentions = None if full.mentions is None else {
        id(m): seq for m, seq in zip(full.messages, full.mentions, strict=True)}
    chosen = _quiet_periods(_resolve(_in_match_order(_select(list(full.messages), length)),
                                      full.fixture, mentions))
    paragraphs: list[tuple[Message, ...]] = []
    if length in ("headline", "brief"):
        paragraphs = [tuple(chosen)] if chosen else []
    else:
        current: list[Message] = []
        section = None
        for m in chosen:
            # the lede paragraph holds the lede and its stake; goals each get a paragraph in
            # the full recap; other sections are one paragraph each
            story = m.section in STORY and section in STORY
            new_para = section is not None and (
                (m.section != section and not story)
                or (story and length == "full" and (m.section == "goals" or len(current) == 2)
                    and m.kind != "half_time")
                or (story and length == "short" and len(current) == 3))
            if new_para and current:
                paragraphs.append(tuple(current))
                current = []
            current.append(m)
            section = m.section
        if current:
            paragraphs.append(tuple(current))
    return Plan(full.fixture.id, length, tuple(paragraphs), full.story)
