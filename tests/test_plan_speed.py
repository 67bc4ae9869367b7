"""The planner's shortcuts (fifth speed pass) held to their plain definitions.

Each shortcut — the compiled walk over message values, work shared by the fixtures of a fact
set or of a table (mentions, a day's results, earlier meetings, the format, ties and who is
settled), the team mentions and fact ids a rule works out as it builds a message, the
variant given in place — must give exactly what the plain definition gives, over every
bundled fixture, the bench season (a 20-team league and groups) and the synthetic league.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgen.derive import clear_caches, derive, first_meeting
from newsgen.facts import load_directory
from newsgen.messages import Mention, Milestone, V
from newsgen.model import FactSet, Fixture
from newsgen.planner import (
    RULES,
    FullPlan,
    Message,
    Produce,
    Rules,
    Situation,
    _facts_of,
    _msg,
    _team_mentions,
    plan,
    stable_hash,
)
from tests.conftest import FACTS, ROOT
from tests.league import write_league
from tests.test_planner import _every_fid

sys.path.insert(0, str(ROOT / "bench"))
from season import write_season


def _load(root: Path) -> FactSet:
    loaded = load_directory(root)
    assert not loaded.problems, loaded.problems
    return loaded.facts


@pytest.fixture(scope="module")
def fact_sets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, FactSet]:
    season = tmp_path_factory.mktemp("season")
    write_season(season, leagues=1, groups=2)
    return {"bundled": _load(FACTS), "season": _load(season),
            "league": _load(write_league(tmp_path_factory.mktemp("league"))),
            # most of it still to play: first meetings not played yet
            "early": _load(write_league(tmp_path_factory.mktemp("early"), teams=6,
                                        rounds_left=8))}


def _played(facts: FactSet) -> list[str]:
    return [f.id for f in sorted(facts.fixtures.values(), key=lambda f: f.sort_key)
            if f.played]


def _plans(facts: FactSet) -> Iterator[FullPlan]:
    clear_caches()
    for fixture_id in _played(facts):
        yield plan(facts, fixture_id)


# --- the plain definitions -------------------------------------------------------------


def _every_team(value: object, out: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """The team mentions of a value in reading order, as ``_resolve`` meets them: every field
    of every dataclass and every tuple (``_resolve`` rebuilds tuples, not lists)."""
    if isinstance(value, Mention):
        if value.kind != "person":
            out.append((value.id, value.start))
    elif isinstance(value, V):
        pass
    elif isinstance(value, tuple):
        for x in value:
            _every_team(x, out)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _every_team(getattr(value, f.name), out)
    return out


def _once(fids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(fids))


def _plain_facts(full: FullPlan, m: Message) -> tuple[str, ...] | None:
    """A message's fact ids as the rules that now build them in passing defined them."""
    st = full.derived.standing
    body = m.body
    if m.kind == "table" and st is not None:
        return _once([st.fid, *_every_fid(body, [])])
    if m.kind == "same_day":
        return _once([*(i.fid for i in body.results), *_every_fid(list(body.results), [])])
    if m.kind == "next_fixtures":
        return _once([*(i.fid for i in body.fixtures), *_every_fid(list(body.fixtures), [])])
    return None


# --- the tests -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bundled", "season", "league"])
def test_mentions_and_fact_ids_are_those_of_the_plain_walks(fact_sets: dict[str, FactSet],
                                                            name: str) -> None:
    checked: dict[str, int] = {}
    for full in _plans(fact_sets[name]):
        assert full.mentions is not None
        for m, mentions in zip(full.messages, full.mentions, strict=True):
            assert mentions == tuple(_every_team(m.body, [])), (full.fixture.id, m.kind)
            assert _team_mentions(m.body) == mentions
            assert _facts_of(m.body) == _every_fid(m.body, [])
            # every fact id the body prints is among the message's facts
            assert set(_every_fid(m.body, [])) <= set(m.facts), (full.fixture.id, m.kind)
            plain = _plain_facts(full, m)
            if plain is not None:
                assert m.facts == plain, (full.fixture.id, m.kind)
                checked[m.kind] = checked.get(m.kind, 0) + 1
        assert _facts_of(full.story) == _every_fid(full.story, [])
    # the comparisons met each shortcut (the bundled groups too: a table, a day's results)
    assert set(checked) >= {"table", "same_day"}, checked


def _copied(produce: Produce) -> Produce:
    """A rule whose messages are copies (variant 0): ``plan`` gives them their variant the
    plain way, in a new message."""
    def copy(s: Situation) -> Iterator[Message]:
        for m in produce(s):
            yield dataclasses.replace(m, variant=0)
    return copy


@pytest.mark.parametrize("name", ["bundled", "season", "league"])
def test_variants_given_in_place_are_those_given_to_copies(fact_sets: dict[str, FactSet],
                                                           name: str) -> None:
    facts = fact_sets[name]
    plain = Rules()
    for rule in RULES:
        plain.register(rule.name, rule.section, rule.priority)(_copied(rule.produce))
    ids = _played(facts)
    for fixture_id, full in zip(ids[::3], [*_plans(facts)][::3], strict=True):
        copied = plan(facts, fixture_id, plain)
        assert [(m.kind, m.variant) for m in copied.messages] == \
            [(m.kind, m.variant) for m in full.messages]
        assert copied == full
    stable = stable_hash(ids[0], "lede", "lede", 0) % 1000
    assert _plans(facts).__next__().messages[0].variant == stable


def test_a_rule_that_yields_one_message_twice_gets_two_variants() -> None:
    """The variant is given in place only to a message no one else has: a message a rule
    yields twice (or keeps) is copied, as before, and keeps the variant it had."""
    facts = _load(FACTS)
    fixture_id = "2019-11-27-liverpool-napoli"
    body = Milestone(Mention("person", "x", "person:x"), Mention("team", "y", "team:y"),
                     V(100, "f"))
    rules = RULES.copy()
    made: list[Message] = []

    @rules.register("twice", "correction", 1)
    def twice(s: object) -> Iterator[Message]:
        m = _msg("milestone", "twice", "correction", 1, frozenset(("full",)), ["f"], 1, body)
        made.append(m)
        yield m
        yield m

    full = plan(facts, fixture_id, rules)
    first, second = [m for m in full.messages if m.rule == "twice"]
    assert first is made[0] and second is not made[0]
    assert (first.variant, second.variant) == (
        stable_hash(fixture_id, "twice", "milestone", 0) % 1000,
        stable_hash(fixture_id, "twice", "milestone", 1) % 1000)
    assert first.variant != second.variant


@pytest.mark.parametrize("name", ["bundled", "season"])
def test_plans_with_shared_work_equal_plans_made_alone(fact_sets: dict[str, FactSet],
                                                       name: str) -> None:
    """What is kept for the fact set or a table is keyed on all it depends on: a fixture
    planned after the others (caches warm) is the fixture planned first (caches cold)."""
    facts = fact_sets[name]
    ids = _played(facts)
    warm = dict(zip(ids, _plans(facts), strict=True))
    step = 1 if len(ids) < 60 else 7
    for fixture_id in [*ids[::step], ids[-1]]:
        clear_caches()
        alone = plan(facts, fixture_id)
        assert alone == warm[fixture_id], fixture_id
        assert alone.mentions == warm[fixture_id].mentions


def _plain_first_meeting(facts: FactSet, a: str, b: str,
                         before: tuple[str, str]) -> Fixture | None:
    for m in sorted((x for x in facts.fixtures.values() if a in (x.home, x.away)),
                    key=lambda x: x.sort_key):
        if m.sort_key >= before:
            return None
        if {m.home, m.away} == {a, b} and m.played:
            return m
    return None


@pytest.mark.parametrize("name", ["bundled", "season", "early"])
def test_first_meeting_and_matches_left_are_the_plain_scans(fact_sets: dict[str, FactSet],
                                                            name: str) -> None:
    facts = fact_sets[name]
    clear_caches()
    seen = 0
    for fixture_id in _played(facts)[::3]:
        f = facts.fixtures[fixture_id]
        for x in facts.fixtures.values():
            if x.competition == f.competition and x.home in (f.home, f.away):
                # before this fixture, and before the end of time (unplayed ones too)
                for before in (f.sort_key, ("9999", "")):
                    assert first_meeting(facts, x.home, x.away, before) == \
                        _plain_first_meeting(facts, x.home, x.away, before)
                    seen += 1
        st = derive(facts, fixture_id).standing
        if st is None:
            continue
        for team in {t for x in facts.fixtures.values() for t in (x.home, x.away)}:
            plain = sum(1 for x in st.remaining if team in (x.home, x.away))
            assert st.matches_left(team) == plain, (fixture_id, team)
        assert dataclasses.replace(st, left=None).matches_left(f.home) == \
            st.matches_left(f.home)
    assert seen


@pytest.mark.parametrize("name", ["bundled", "season"])
def test_final_round_is_the_plain_scan_of_the_remaining_fixtures(
        fact_sets: dict[str, FactSet], name: str) -> None:
    facts = fact_sets[name]
    finals = others = 0
    by_fid = {x.fid: x for x in facts.fixtures.values()}
    for full in _plans(facts):
        st = full.derived.standing
        for m in full.messages:
            if m.kind != "next_fixtures":
                continue
            for item in m.body.fixtures:
                x = by_fid[item.fid]
                team = item.team.id
                plain = bool(st) and not any(
                    y is not x and team in (y.home, y.away)
                    for y in (st.remaining if st else ()))
                assert item.final_round == plain, (full.fixture.id, team)
                finals += plain
                others += not plain
    assert finals and others


def test_the_rules_order_follows_every_change() -> None:
    """The sorted order is kept until a rule is registered or disabled."""
    rules = RULES.copy()
    names = rules.names()
    rules.disable("spells")
    assert rules.names() == [n for n in names if n != "spells"]

    @rules.register("aaa", "lede", 1000)
    def first(s: Situation) -> Iterator[Message]:
        return iter(())

    assert rules.names()[0] == "aaa"
    assert RULES.names() == names


@pytest.mark.parametrize("name", ["bundled", "season", "early"])
def test_derive_with_shared_tables_equals_derive_alone(fact_sets: dict[str, FactSet],
                                                       name: str) -> None:
    """The table after a day is made once for the day's kick-off times: every fixture
    derived after the others (the day's table from an earlier kick-off) is the fixture
    derived first (its own)."""
    facts = fact_sets[name]
    ids = _played(facts)
    clear_caches()
    warm = [derive(facts, i) for i in ids]
    for fixture_id, d in zip(ids, warm, strict=True):
        clear_caches()
        assert derive(facts, fixture_id) == d, fixture_id
