"""Fact validation and loading: every problem with file, line, key, found and expected.

Fact sets are built in memory with ``load_texts``: a small valid set (``fact_texts``) and a
fixture file (``MATCH``) varied one line at a time with ``swap``. Line numbers asserted below
are those of ``MATCH`` (see the numbers in its comments) unless a test writes its own file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pytest

from newsgen import yamlsafe
from newsgen.errors import FactError, Problem
from newsgen.facts import Loaded, load_directory, load_texts
from newsgen.model import Goal, Injury, Period, Score, Substitution
from newsgen.yamlsafe import YList, YMap, parse

ROOT = Path(__file__).resolve().parent.parent

HOUSE = """\
house:
  credit: AP
  notice:
    en: Generated from data curated by the desk.
"""

COMPETITIONS = """\
competitions:
  - id: test-cup
    name: Test Cup
    season: 2019/20
    points: {win: 3, draw: 1, loss: 0}
    tie_breaks:
      - head_to_head: [points, goal_difference, goals_for, away_goals_for]
        reapply: true
      - overall: [goal_difference, goals_for, away_goals_for, wins, away_wins]
    zones:
      - {positions: 1-2, outcome: round-of-16}
      - {positions: 3, outcome: europa-league}
      - {positions: 4, outcome: eliminated}
    groups:
      - {id: group-a, name: Group A, teams: [reds, blues, greens, whites]}
      - {id: group-b, name: Group B, teams: [golds, silvers]}
"""

TEAMS = """\
teams:
  - {id: reds, name: Reds, home: {city: London, country: GB-ENG, timezone: Europe/London}, venue: red-park, manager: red-coach}
  - {id: blues, name: Blues, home: {city: Rome, country: IT, timezone: Europe/Rome}}
  - {id: greens, name: Greens, home: {city: Oslo, country: NO, timezone: Europe/Oslo}}
  - {id: whites, name: Whites, home: {city: Madrid, country: ES, timezone: Europe/Madrid}}
  - {id: golds, name: Golds, home: {city: Lisbon, country: PT, timezone: Europe/Lisbon}}
  - {id: silvers, name: Silvers, home: {city: Porto, country: PT, timezone: Europe/Lisbon}}
"""  # noqa: E501

VENUES = """\
venues:
  - {id: red-park, name: Red Park, city: London, country: GB-ENG, timezone: Europe/London}
"""

PEOPLE = """\
people:
  - {id: red-coach, given: Rex, family: Coach, team: reds, role: manager}
  - {id: red-one, given: Rob, family: Red, team: reds, role: forward}
  - {id: red-two, family: Redman, team: reds, role: midfielder}
  - {id: red-keeper, known_as: Redkeeper, team: reds, role: goalkeeper}
  - {id: blue-one, given: Bill, family: Blue, team: blues, role: forward}
  - {id: blue-keeper, given: Ben, family: Bluekeeper, team: blues, role: goalkeeper}
"""

MATCH_FILE = "cup/2019-11-27-reds-blues.yaml"
MATCH_ID = "2019-11-27-reds-blues"
MATCH = """\
fixture:
  competition: test-cup
  group: group-a
  matchday: 5
  kickoff: 2019-11-27T21:00+01:00
  home: reds
  away: blues
  score: 2-1
  half_time: 1-0
  events:
    - {minute: 10, type: goal, team: reds, scorer: red-one}
    - {minute: 60, type: goal, team: blues, scorer: blue-one}
    - {minute: 90+4, type: goal, team: reds, scorer: red-two}
"""
# Lines of MATCH: 1 fixture, 2 competition, 3 group, 4 matchday, 5 kickoff, 6 home, 7 away,
# 8 score, 9 half_time, 10 events, 11-13 the three goals.
UNPLAYED = MATCH.split("  score:")[0]  # lines 1-7 of MATCH: the match before it is played

# The other results of Group A, earlier in the season, and a Group B match.
GROUP_A = """\
defaults:
  competition: test-cup
  group: group-a
  timezone: Europe/Paris
fixtures:
  - {matchday: 1, kickoff: 2019-09-17T21:00, home: blues, away: reds, score: 1-0}
  - {matchday: 1, kickoff: 2019-09-17T21:00, home: greens, away: whites, score: 0-0}
  - {matchday: 2, kickoff: 2019-10-02T21:00, home: reds, away: greens, score: 2-2}
  - {matchday: 6, kickoff: 2019-12-10T21:00, home: whites, away: reds, score: 0-1}
  - {matchday: 6, kickoff: 2019-12-10T21:00, home: greens, away: blues}
"""
GROUP_B = """\
fixture: {competition: test-cup, group: group-b, kickoff: 2019-11-27T20:00+00:00, home: golds, away: silvers, score: 1-0}
"""  # noqa: E501


def fact_texts(fixture: str | None = MATCH, extra: Mapping[str, str] | None = None,
               **reference: str) -> dict[str, str]:
    """A small valid fact set; ``reference`` replaces teams/people/... by keyword."""
    texts = {
        "house.yaml": reference.get("house", HOUSE),
        "reference/competitions.yaml": reference.get("competitions", COMPETITIONS),
        "reference/teams.yaml": reference.get("teams", TEAMS),
        "reference/venues.yaml": reference.get("venues", VENUES),
        "reference/people.yaml": reference.get("people", PEOPLE),
    }
    if fixture is not None:
        texts[MATCH_FILE] = fixture
    texts.update(extra or {})
    return texts


def load(fixture: str | None = MATCH, extra: Mapping[str, str] | None = None,
         **reference: str) -> Loaded:
    return load_texts(fact_texts(fixture, extra, **reference))


def swap(text: str, old: str, new: str) -> str:
    """``text`` with its one occurrence of ``old`` replaced (fails loudly if not exactly one)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def where(problems: tuple[Problem, ...] | list[Problem]) -> list[tuple[str, int, str]]:
    return [(p.file, p.line, p.key) for p in problems]


def failures(loaded: Loaded) -> list[tuple[str, int, str | None, str | None, str | None]]:
    """File, line, fixture id, competition and group of each failed fixture."""
    return [(f.file, f.line, f.fixture_id, f.competition, f.group) for f in loaded.failed]


def one_problem(loaded: Loaded) -> Problem:
    assert len(loaded.problems) == 1, "\n".join(map(str, loaded.problems))
    return loaded.problems[0]


def find(loaded: Loaded, key: str) -> Problem:
    """The one problem about ``key`` (others may follow from it, such as a team left out)."""
    found = [p for p in loaded.problems if p.key == key]
    assert len(found) == 1, "\n".join(map(str, loaded.problems))
    return found[0]


def assert_problem(problem: Problem, file: str, line: int, key: str, *fragments: str) -> None:
    assert (problem.file, problem.line, problem.key) == (file, line, key), str(problem)
    for fragment in fragments:
        assert fragment in problem.message, f"{fragment!r} not in {problem.message!r}"


def assert_found_expected(problem: Problem) -> None:
    assert "found" in problem.message and "expected" in problem.message, str(problem)


# --- the valid baseline ------------------------------------------------------------------


def test_the_minimal_fact_set_is_valid() -> None:
    loaded = load(extra={"cup/group-a.yaml": GROUP_A, "cup/group-b.yaml": GROUP_B})
    assert loaded.problems == ()
    assert loaded.failed == ()
    fixture = loaded.facts.fixtures[MATCH_ID]
    assert fixture.score == Score(2, 1) and fixture.half_time == Score(1, 0)
    assert fixture.goals_complete
    assert [g.scorer for g in fixture.goals] == ["red-one", "blue-one", "red-two"]
    assert loaded.facts.files[MATCH_FILE] == (MATCH_ID,)
    assert len(loaded.facts.files["cup/group-a.yaml"]) == 5
    assert fixture.source.file == MATCH_FILE and fixture.source.line == 2


def test_the_bundled_facts_load_without_problems() -> None:
    loaded = load_directory(ROOT / "facts")
    assert loaded.problems == (), "\n".join(map(str, loaded.problems))
    assert loaded.failed == ()
    assert "2019-11-27-liverpool-napoli" in loaded.facts.fixtures


def test_a_problem_prints_as_file_line_column_key_message() -> None:
    problem = one_problem(load(swap(MATCH, "home: reds", "home: redz")))
    assert str(problem) == (
        f"{MATCH_FILE}:6:9: fixture.home: found 'redz' (did you mean 'reds'?), "
        "expected the id of a known team")


# --- YAML the safe way -------------------------------------------------------------------


def test_yaml_1_1_values_stay_text() -> None:
    doc = parse("country: NO\nkickoff: 20:45\nscore: 1:0\nanswer: yes\noff: x\non: y\n"
                "flag: true\nminute: 65\nfraction: 0.5\nnothing: ~\n", "x.yaml")
    assert doc == {"country": "NO", "kickoff": "20:45", "score": "1:0", "answer": "yes",
                   "off": "x", "on": "y", "flag": True, "minute": 65, "fraction": 0.5,
                   "nothing": None}
    assert [doc.line_of(k) for k in ("country", "kickoff", "on")] == [1, 2, 6]


def test_country_no_is_norway() -> None:
    loaded = load()
    assert loaded.problems == ()
    assert loaded.facts.teams["greens"].home.country == "NO"


def test_kickoff_20_45_is_text_and_reported_as_not_a_date() -> None:
    loaded = load(swap(MATCH, "kickoff: 2019-11-27T21:00+01:00", "kickoff: 20:45"))
    problem = one_problem(loaded)
    assert_problem(problem, MATCH_FILE, 5, "fixture.kickoff", "found '20:45'",
                   "expected a date like 2019-11-27")
    assert "1245" not in problem.message
    assert loaded.facts.fixtures == {}


def test_score_1_colon_0_is_one_nil() -> None:
    text = swap(swap(MATCH, "score: 2-1", "score: 2:1"), "half_time: 1-0", "half_time: 1:0")
    loaded = load(text)
    assert loaded.problems == ()
    fixture = loaded.facts.fixtures[MATCH_ID]
    assert (fixture.score, fixture.half_time) == (Score(2, 1), Score(1, 0))


def test_a_bare_one_colon_nil_result() -> None:
    loaded = load(MATCH.split("  half_time:")[0].replace("score: 2-1", "score: 1:0"))
    assert loaded.problems == ()
    assert loaded.facts.fixtures[MATCH_ID].score == Score(1, 0)


def test_went_off_yes_is_not_a_boolean() -> None:
    text = swap(MATCH, "    - {minute: 10,",
                "    - {minute: 5, type: injury, team: reds, person: red-two, went_off: yes}\n"
                "    - {minute: 10,")
    problem = one_problem(load(text))
    assert_problem(problem, MATCH_FILE, 11, "fixture.events[0].went_off", "found 'yes'",
                   "expected true or false")


def test_went_off_false_is_a_boolean() -> None:
    text = swap(MATCH, "    - {minute: 10,",
                "    - {minute: 5, type: injury, team: reds, person: red-two, went_off: false}\n"
                "    - {minute: 10,")
    loaded = load(text)
    assert loaded.problems == ()
    injury = loaded.facts.fixtures[MATCH_ID].events[0]
    assert isinstance(injury, Injury) and injury.went_off is False


def test_substitution_on_and_off_are_keys_not_booleans() -> None:
    text = swap(MATCH, "    - {minute: 60,",
                "    - {minute: 46, type: substitution, team: reds, off: red-one, on: red-two}\n"
                "    - {minute: 60,")
    loaded = load(text)
    assert loaded.problems == ()
    sub = loaded.facts.fixtures[MATCH_ID].events[1]
    assert isinstance(sub, Substitution)
    assert (sub.off, sub.on) == ("red-one", "red-two")


def test_a_duplicate_key_names_both_lines() -> None:
    loaded = load(swap(MATCH, "  away: blues\n", "  away: blues\n  home: blues\n"))
    problem = one_problem(loaded)
    assert_problem(problem, MATCH_FILE, 8, "fixture.home", "found the key 'home' a second time",
                   "first on line 6", "expected each key once")
    assert loaded.facts.fixtures == {}


def test_a_duplicate_key_in_a_reference_file() -> None:
    more = "venues:\n  - id: town-ground\n    name: Town Ground\n    name: Town Park\n" \
        "    city: Rome\n    country: IT\n    timezone: Europe/Rome\n"
    loaded = load(extra={"reference/more-venues.yaml": more})
    problem = one_problem(loaded)
    assert_problem(problem, "reference/more-venues.yaml", 4, "venues[0].name",
                   "found the key 'name' a second time (first on line 3)")
    assert "town-ground" not in loaded.facts.venues


def test_a_yaml_syntax_error_gives_file_and_line() -> None:
    loaded = load(swap(MATCH, "  away: blues\n", "  away: blues: reds\n"))
    problem = one_problem(loaded)
    assert (problem.file, problem.line) == (MATCH_FILE, 7)
    assert problem.message.startswith("YAML syntax:")
    assert loaded.facts.fixtures == {}


def test_a_file_that_does_not_parse_is_listed_as_failed() -> None:
    """Its results may belong in a table: the fixtures of that table must know it failed."""
    for broken in (swap(MATCH, "  away: blues\n", "  away: blues: reds\n"),
                   swap(MATCH, "  away: blues\n", "  away: blues\n  away: blues\n")):
        loaded = load(broken, extra={"cup/group-a.yaml": GROUP_A})
        assert [f.file for f in loaded.failed] == [MATCH_FILE], loaded.failed
        other = loaded.facts.fixtures["2019-12-10-whites-reds"]
        assert loaded.tainted(other), "a table that may miss this result was not tainted"


def test_a_merge_key_is_reported() -> None:
    text = ("defaults: {competition: test-cup, group: group-a}\nfixtures:\n"
            "  - &base {kickoff: 2019-09-17T20:00+01:00, home: reds, away: blues}\n"
            "  - {<<: *base, away: greens}\n")
    loaded = load(text)
    assert list(loaded.facts.fixtures) == ["2019-09-17-reds-blues"]  # nothing merged
    merge = [p for p in loaded.problems if "'<<'" in p.message]
    assert len(merge) == 1, loaded.problems
    # the line where '<<' is written, not that of the anchor it refers to (line 3)
    assert (merge[0].line, merge[0].key) == (4, "fixtures[1].<<"), merge[0]


def test_a_tagged_scalar_is_reported() -> None:
    with pytest.raises(FactError) as info:
        parse("a: 1\nb: !!python/name:os.system ''\n", "x.yaml")
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.key) == ("x.yaml", 2, "b")
    assert "found a value tagged tag:yaml.org,2002:python/name:os.system" in problem.message


def test_a_tagged_mapping_or_list_is_reported() -> None:
    with pytest.raises(FactError) as info:
        parse("a: !!python/object/apply:os.system [echo]\n"
              "b: !!python/object:os.Foo {x: 1}\n", "x.yaml")
    assert [(p.line, p.key) for p in info.value.problems] == [(1, "a"), (2, "b")]


# --- ids ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "line", "key", "found", "expected"), [
    ("competition: test-cup", "competition: test-cpu", 2, "fixture.competition",
     "found 'test-cpu' (did you mean 'test-cup'?)", "expected the id of a known competition"),
    ("group: group-a", "group: group-z", 3, "fixture.group", "found 'group-z'",
     "expected the id of a known group of test-cup"),
    ("home: reds", "home: redz", 6, "fixture.home", "found 'redz' (did you mean 'reds'?)",
     "expected the id of a known team"),
    ("away: blues", "away: bluez", 7, "fixture.away", "found 'bluez'",
     "expected the id of a known team"),
    ("away: blues", "away: reds", 7, "fixture.away", "found 'reds' again",
     "expected a different team from 'home'"),
])
def test_unknown_ids_in_a_fixture(old: str, new: str, line: int, key: str, found: str,
                                  expected: str) -> None:
    loaded = load(swap(UNPLAYED, old, new))
    assert_problem(one_problem(loaded), MATCH_FILE, line, key, found, expected)
    assert MATCH_ID not in loaded.facts.fixtures
    assert [f.file for f in loaded.failed] == [MATCH_FILE]


def test_an_unknown_scorer() -> None:
    problem = one_problem(load(swap(MATCH, "scorer: blue-one", "scorer: blue-onee")))
    assert_problem(problem, MATCH_FILE, 12, "fixture.events[1].scorer",
                   "found 'blue-onee' (did you mean 'blue-one'?)",
                   "expected the id of a known person")


def test_an_unknown_team_in_a_group_and_a_venue_and_a_person() -> None:
    competitions = swap(COMPETITIONS, "teams: [golds, silvers]", "teams: [golds, silverz]")
    people = PEOPLE + "  - {id: nobody, family: Nobody, team: purples}\n"
    loaded = load(None, competitions=competitions, people=people)
    assert where(loaded.problems) == [
        ("reference/competitions.yaml", 16, "competitions[0].groups[1].teams"),
        ("reference/people.yaml", 8, "people[6].team"),
    ]
    assert "found 'silverz' (did you mean 'silvers'?)" in loaded.problems[0].message
    assert "expected the id of a known team" in loaded.problems[1].message
    assert "nobody" not in loaded.facts.people


def test_a_team_with_an_unknown_venue_and_manager() -> None:
    teams = swap(swap(TEAMS, "venue: red-park", "venue: red-parc"), "manager: red-coach",
                 "manager: red-coch")
    loaded = load(teams=teams)
    own = [p for p in loaded.problems if p.file == "reference/teams.yaml"]
    assert where(own) == [("reference/teams.yaml", 2, "teams.reds.venue"),
                          ("reference/teams.yaml", 2, "teams.reds.manager")]
    assert "found 'red-parc' (did you mean 'red-park'?)" in own[0].message
    assert "expected the id of a known person" in own[1].message
    # the team is left out, and a fixture naming it says why rather than "unknown team"
    others = [p for p in loaded.problems if p.file != "reference/teams.yaml"]
    assert others and all("whose own entry did not validate" in p.message and
                          "reference/teams.yaml:2" in p.message for p in others)


def test_loaded_facts_never_hold_an_id_that_does_not_resolve() -> None:
    """A team whose venue or manager did not load must not hand a dangling id to the
    planner (it raises KeyError at render time)."""
    teams = swap(TEAMS, "manager: red-coach", "manager: red-coch")
    venues = swap(VENUES, "timezone: Europe/London", "timezone: Europe/Londn")
    loaded = load(teams=teams, venues=venues)
    assert loaded.problems
    facts = loaded.facts
    for team in facts.teams.values():
        assert team.venue is None or team.venue in facts.venues, team
        assert team.manager is None or team.manager in facts.people, team
    for fixture in facts.fixtures.values():
        assert fixture.venue is None or fixture.venue in facts.venues, fixture.id


@pytest.mark.parametrize(("reference", "text", "file", "line", "key", "first"), [
    ("teams", TEAMS + "  - {id: reds, name: Reds Again, home: {city: Leeds, country: GB-ENG, "
     "timezone: Europe/London}}\n", "reference/teams.yaml", 8, "teams[6].id",
     "reference/teams.yaml:2"),
    ("people", PEOPLE + "  - {id: red-one, family: Again, team: reds}\n",
     "reference/people.yaml", 8, "people[6].id", "reference/people.yaml:3"),
    ("venues", VENUES + "  - {id: red-park, name: Park, city: Rome, country: IT, "
     "timezone: Europe/Rome}\n", "reference/venues.yaml", 3, "venues[1].id",
     "reference/venues.yaml:2"),
    ("competitions", COMPETITIONS + "  - {id: test-cup, name: Again}\n",
     "reference/competitions.yaml", 17, "competitions[1].id", "reference/competitions.yaml:2"),
])
def test_duplicate_ids(reference: str, text: str, file: str, line: int, key: str,
                       first: str) -> None:
    problem = one_problem(load(**{reference: text}))
    kind = {"teams": "team", "people": "person", "venues": "venue",
            "competitions": "competition"}[reference]
    assert_problem(problem, file, line, key, f"a second time (first at {first})",
                   "expected each id once")
    assert f"the {kind} id" in problem.message


def test_a_duplicate_id_in_another_file() -> None:
    loaded = load(extra={"reference/more-people.yaml":
                         "people:\n  - {id: blue-one, family: Bleu, team: blues}\n"})
    problem = one_problem(loaded)
    assert problem.file in ("reference/more-people.yaml", "reference/people.yaml")
    assert "found the person id 'blue-one' a second time" in problem.message
    assert loaded.facts.people["blue-one"].family in ("Blue", "Bleu")


def test_a_malformed_id() -> None:
    problem = one_problem(load(people=PEOPLE + "  - {id: Red_Three, family: Three, team: reds}\n"))
    assert_problem(problem, "reference/people.yaml", 8, "people[6].id", "found 'Red_Three'",
                   "expected an id of lower-case letters, digits and hyphens")


# --- wrong types and values --------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "line", "key", "fragments"), [
    ("matchday: 5", "matchday: five", 4, "fixture.matchday",
     ("found 'five'", "expected a whole number from 1 to 100")),
    ("matchday: 5", "matchday: 5.0", 4, "fixture.matchday",
     ("found 5.0", "expected a whole number")),
    ("group: group-a", "group: [group-a]", 3, "fixture.group",
     ("found a list", "expected the id of a known group")),
    ("half_time: 1-0", "half_time: one-nil", 9, "fixture.half_time",
     ("found 'one-nil'", "expected a score written home-away, like '1-1'")),
    ("half_time: 1-0", "half_time: 1-0\n  goals: all", 10, "fixture.goals",
     ("found 'all'", "expected one of: complete, incomplete")),
    ("half_time: 1-0", "half_time: 1-0\n  updated: yesterday", 10, "fixture.updated",
     ("found 'yesterday'", "expected a date-time with a UTC offset")),
    ("half_time: 1-0", "half_time: 1-0\n  updated: 2019-11-27T22:30", 10, "fixture.updated",
     ("found '2019-11-27T22:30'", "expected a date-time with a UTC offset")),
    ("type: goal, team: reds, scorer: red-one", "type: goal, team: reds, scorer: [red-one]", 11,
     "fixture.events[0].scorer", ("found a list", "expected the id of a known person")),
    ("type: goal, team: reds, scorer: red-one", "type: goals, team: reds, scorer: red-one", 11,
     "fixture.events[0].type", ("found 'goals' (did you mean 'goal'?)", "expected one of: goal")),
    ("type: goal, team: reds, scorer: red-one}", "type: goal, team: reds, scorer: red-one, "
     "body: head}", 11, "fixture.events[0].body",
     ("found 'head' (did you mean 'header'?)", "expected one of: header")),
    ("type: goal, team: reds, scorer: red-one}", "type: goal, team: reds, scorer: red-one, "
     "penalty: 1}", 11, "fixture.events[0].penalty", ("found 1", "expected true or false")),
    ("    - {minute: 10, type: goal, team: reds, scorer: red-one}\n",
     "    - {minute: 10, type: goal, team: reds, scorer: red-one}\n    - just text\n", 12,
     "fixture.events[1]", ("found 'just text'", "expected a mapping of keys to values")),
])
def test_wrong_types(old: str, new: str, line: int, key: str,
                     fragments: tuple[str, ...]) -> None:
    problem = find(load(swap(MATCH, old, new)), key)
    assert_problem(problem, MATCH_FILE, line, key, *fragments)
    assert_found_expected(problem)


def test_events_that_are_not_a_list() -> None:
    text = MATCH.split("  events:")[0] + "  events: a goal by Red\n"
    problem = one_problem(load(text))
    assert_problem(problem, MATCH_FILE, 10, "fixture.events", "found 'a goal by Red'",
                   "expected a list")


def test_a_score_that_is_not_a_score_is_reported_once() -> None:
    """``score: 5`` is one problem: the score is there, it is just not a score."""
    loaded = load(swap(MATCH, "score: 2-1", "score: 5"))
    problem = one_problem(loaded)
    assert_problem(problem, MATCH_FILE, 8, "fixture.score", "found 5",
                   "expected a score written home-away")


def test_a_team_home_that_is_not_a_mapping() -> None:
    teams = swap(TEAMS, "home: {city: Madrid, country: ES, timezone: Europe/Madrid}",
                 "home: Madrid")
    loaded = load(teams=teams)
    assert_problem(find(loaded, "teams[3].home"), "reference/teams.yaml", 5, "teams[3].home",
                   "found 'Madrid'", "expected a mapping of keys to values")
    assert "whites" not in loaded.facts.teams


@pytest.mark.parametrize(("old", "new", "key", "fragments"), [
    ("country: ES", "country: Spain", "teams[3].home.country",
     ("found 'Spain'", "expected an ISO country code like 'IT'")),
    ("country: ES", "country: false", "teams[3].home.country",
     ("found false", "expected an ISO country code")),
    ("timezone: Europe/Madrid", "timezone: Europe/Madird", "teams[3].home.timezone",
     ("found 'Europe/Madird'", "expected an IANA time zone")),
])
def test_places(old: str, new: str, key: str, fragments: tuple[str, ...]) -> None:
    problem = find(load(teams=swap(TEAMS, old, new)), key)
    assert_problem(problem, "reference/teams.yaml", 5, key, *fragments)


def test_an_unknown_key_suggests_the_closest() -> None:
    loaded = load(swap(MATCH, "  half_time: 1-0", "  half_tmie: 1-0"))
    problem = one_problem(loaded)
    assert_problem(problem, MATCH_FILE, 9, "fixture.half_tmie",
                   "found an unknown key 'half_tmie' (did you mean 'half_time'?)",
                   "expected one of: competition, group")
    assert MATCH_ID not in loaded.facts.fixtures


def test_an_unknown_top_level_key() -> None:
    problem = one_problem(load(swap(MATCH, "fixture:", "fixtrue:")))
    assert_problem(problem, MATCH_FILE, 2, "fixtrue", "(did you mean 'fixture'?)")


def test_a_person_needs_family_or_known_as() -> None:
    loaded = load(people=PEOPLE + "  - {id: red-three, given: Ray, team: reds}\n")
    problem = one_problem(loaded)
    assert_problem(problem, "reference/people.yaml", 8, "people[6].family",
                   "found neither 'family' nor 'known_as'", "expected at least one")
    assert "red-three" not in loaded.facts.people


@pytest.mark.parametrize("person", ["{id: red-three, family: Three, team: reds}",
                                    "{id: red-three, known_as: Trey, team: reds}"])
def test_family_or_known_as_is_enough(person: str) -> None:
    loaded = load(people=PEOPLE + f"  - {person}\n")
    assert loaded.problems == ()
    assert loaded.facts.people["red-three"].short_name in ("Three", "Trey")


def test_no_house_style() -> None:
    texts = fact_texts()
    del texts["house.yaml"]
    loaded = load_texts(texts)
    problem = one_problem(loaded)
    assert problem.key == "house"
    assert "found no house style, expected a house.yaml" in problem.message


# --- the score and the goals -------------------------------------------------------------


def test_goals_that_do_not_add_up_to_the_score() -> None:
    loaded = load(swap(MATCH, "score: 2-1", "score: 3-1"))
    problem = one_problem(loaded)
    # the line is that of the goal list (its first entry)
    assert_problem(problem, MATCH_FILE, 11, "fixture.events", "found goals adding up to 2-1",
                   "expected 3-1 as in the score")
    assert MATCH_ID not in loaded.facts.fixtures
    assert failures(loaded) == [(MATCH_FILE, 2, MATCH_ID, "test-cup", "group-a")]


def test_goals_that_do_not_add_up_to_the_half_time_score() -> None:
    problem = one_problem(load(swap(MATCH, "half_time: 1-0", "half_time: 2-0")))
    assert_problem(problem, MATCH_FILE, 9, "fixture.half_time",
                   "found first-half goals adding up to 1-0", "expected 2-0 as in the half-time")


def test_more_first_half_goals_than_the_half_time_score_is_one_problem() -> None:
    problem = one_problem(load(swap(MATCH, "half_time: 1-0", "half_time: 0-0")))
    assert_problem(problem, MATCH_FILE, 9, "fixture.half_time",
                   "found first-half goals adding up to 1-0", "0-0")


def test_a_half_time_score_above_the_full_time_score() -> None:
    text = MATCH.split("  events:")[0].replace("half_time: 1-0", "half_time: 3-0")
    problem = one_problem(load(text))
    assert_problem(problem, MATCH_FILE, 9, "fixture.half_time", "found 3-0",
                   "expected at most the full-time score 2-1")


def test_goals_incomplete_allows_fewer_goals() -> None:
    text = swap(swap(MATCH, "score: 2-1", "score: 4-1\n  goals: incomplete"),
                "half_time: 1-0", "half_time: 2-0")
    loaded = load(text)
    assert loaded.problems == ()
    fixture = loaded.facts.fixtures[MATCH_ID]
    assert not fixture.goals_complete
    assert len(fixture.goals) == 3


def test_goals_incomplete_still_allows_no_more_goals_than_the_score() -> None:
    text = swap(MATCH, "score: 2-1", "score: 1-1\n  goals: incomplete")
    problem = one_problem(load(text))
    assert_problem(problem, MATCH_FILE, 12, "fixture.events", "found goals adding up to 2-1",
                   "expected at most 1-1")


def test_a_bare_result_claims_no_goal_list() -> None:
    loaded = load(MATCH.split("  events:")[0])
    assert loaded.problems == ()
    fixture = loaded.facts.fixtures[MATCH_ID]
    assert fixture.played and fixture.goals == () and not fixture.goals_complete


def test_a_goalless_bare_result_is_complete() -> None:
    text = MATCH.split("  half_time:")[0].replace("score: 2-1", "score: 0-0")
    loaded = load(text)
    assert loaded.problems == ()
    assert loaded.facts.fixtures[MATCH_ID].goals_complete


def test_a_fixture_not_yet_played() -> None:
    loaded = load(UNPLAYED)
    assert loaded.problems == ()
    assert not loaded.facts.fixtures[MATCH_ID].played


def test_events_without_a_score() -> None:
    text = swap(MATCH, "  score: 2-1\n  half_time: 1-0\n", "")
    problem = one_problem(load(text))
    assert_problem(problem, MATCH_FILE, 2, "fixture.score", "found no 'score' but results or "
                   "events", "expected the full-time score")


def test_extra_time_only_after_a_draw() -> None:
    text = MATCH.split("  events:")[0].replace("half_time: 1-0", "half_time: 1-0\n"
                                               "  extra_time: 3-1")
    problem = one_problem(load(text))
    assert_problem(problem, MATCH_FILE, 10, "fixture.extra_time", "found extra time after 2-1",
                   "expected extra time only after a draw")


# --- minutes, periods and order ----------------------------------------------------------


def test_stoppage_time_90_plus_4() -> None:
    fixture = load().facts.fixtures[MATCH_ID]
    time = fixture.goals[2].time
    assert time is not None
    assert (time.minute, time.added, time.period, time.stoppage) == \
        (90, 4, Period.SECOND_HALF, True)


def test_minute_95_without_extra_time() -> None:
    loaded = load(swap(MATCH, "minute: 90+4", "minute: 95"))
    problem = one_problem(loaded)
    assert_problem(problem, MATCH_FILE, 13, "fixture.events[2].minute", "found 95",
                   "expected a minute from 1 to 90, or 90+N in stoppage time",
                   "this match had no extra time")


EXTRA_TIME = swap(swap(MATCH, "score: 2-1", "score: 1-1\n  extra_time: 2-1"),
                  "minute: 90+4", "minute: 95")  # the third goal moves to line 14


def test_minute_95_with_extra_time() -> None:
    loaded = load(EXTRA_TIME)
    assert loaded.problems == ()
    fixture = loaded.facts.fixtures[MATCH_ID]
    time = fixture.goals[2].time
    assert time is not None and (time.minute, time.period) == (95, Period.EXTRA_FIRST)
    assert fixture.final == Score(2, 1)


@pytest.mark.parametrize("minute", ["120+2", "105+1"])
def test_extra_time_stoppage(minute: str) -> None:
    loaded = load(swap(EXTRA_TIME, "minute: 95", f"minute: {minute}"))
    assert loaded.problems == ()


def test_minute_121_is_outside_even_extra_time() -> None:
    problem = one_problem(load(swap(EXTRA_TIME, "minute: 95", "minute: 121")))
    assert_problem(problem, MATCH_FILE, 14, "fixture.events[2].minute", "found 121",
                   "expected a minute from 1 to 120, or 120+N")


def test_too_many_goals_in_normal_time_with_extra_time() -> None:
    problem = one_problem(load(swap(EXTRA_TIME, "minute: 95", "minute: 88")))
    assert_problem(problem, MATCH_FILE, 12, "fixture.events",
                   "found goals in normal time adding up to 2-1", "expected at most 1-1")


def test_45_plus_2_is_first_half_stoppage() -> None:
    loaded = load(swap(MATCH, "minute: 10", "minute: 45+2"))
    assert loaded.problems == ()
    time = loaded.facts.fixtures[MATCH_ID].goals[0].time
    assert time is not None
    assert (time.minute, time.added, time.period, time.stoppage) == \
        (45, 2, Period.FIRST_HALF, True)


def test_a_45_plus_1_goal_counts_for_the_half_time_score() -> None:
    text = swap(MATCH, "half_time: 1-0", "half_time: 1-1")
    assert load(swap(text, "minute: 60", "minute: 45+1")).problems == ()
    problem = one_problem(load(swap(text, "minute: 60", "minute: 46")))
    assert_problem(problem, MATCH_FILE, 9, "fixture.half_time",
                   "found first-half goals adding up to 1-0", "expected 1-1")


@pytest.mark.parametrize(("minute", "expected"), [
    ("0", "expected a minute from 1 to 90"),
    ("60+2", "expected a minute from 1 to 90"),
    ("90+0", "expected a minute from 1 to 90"),
    ("'ninety'", "expected a minute from 1 to 90"),
    ("89.5", "expected a minute from 1 to 90"),
    ("true", "expected a minute from 1 to 90"),
])
def test_minutes_outside_the_match(minute: str, expected: str) -> None:
    problem = one_problem(load(swap(MATCH, "minute: 90+4", f"minute: {minute}")))
    assert_problem(problem, MATCH_FILE, 13, "fixture.events[2].minute", "found", expected)


def test_an_extra_time_period_without_extra_time() -> None:
    text = swap(MATCH, "minute: 90+4", "period: extra-time-first-half")
    problem = one_problem(load(text))
    assert_problem(problem, MATCH_FILE, 13, "fixture.events[2].period",
                   "found 'extra-time-first-half'", "expected a period of normal time")


def test_a_period_that_disagrees_with_the_minute() -> None:
    problem = one_problem(load(swap(MATCH, "minute: 60,", "minute: 60, period: first-half,")))
    assert_problem(problem, MATCH_FILE, 12, "fixture.events[1].period", "found 'first-half'",
                   "expected 'second-half' for minute 60")


def test_phase_without_a_period() -> None:
    problem = one_problem(load(swap(MATCH, "minute: 60,", "phase: late,")))
    assert_problem(problem, MATCH_FILE, 12, "fixture.events[1].period",
                   "found 'phase' or 'stoppage' without a period", "expected 'period' too")


def test_events_out_of_order() -> None:
    text = swap(swap(MATCH, "minute: 60,", "minute: 5,"), "half_time: 1-0", "half_time: 1-1")
    problem = one_problem(load(text))
    assert_problem(problem, MATCH_FILE, 12, "fixture.events[1].minute", "found 5 after an event",
                   "expected events in the order they happened")


def test_stoppage_minutes_out_of_order() -> None:
    text = swap(MATCH, "minute: 60,", "minute: 90+5,")
    problem = one_problem(load(text))
    assert_problem(problem, MATCH_FILE, 13, "fixture.events[2].minute", "found 90+4 after",
                   "expected events in the order")


def test_a_period_before_the_period_of_the_event_above() -> None:
    text = swap(MATCH, "    - {minute: 90+4,",
                "    - {period: first-half, type: chance, team: reds, outcome: wide}\n"
                "    - {minute: 90+4,")
    problem = one_problem(load(text))
    assert_problem(problem, MATCH_FILE, 13, "fixture.events[2].period", "found first-half after",
                   "expected events in the order")


def test_events_known_only_by_period_keep_their_order() -> None:
    text = swap(MATCH, "    - {minute: 60,",
                "    - {period: first-half, phase: late, type: chance, team: blues, "
                "outcome: saved, keeper: red-keeper}\n"
                "    - {period: second-half, type: spell, team: reds, kind: pressure}\n"
                "    - {minute: 60,")
    loaded = load(text)
    assert loaded.problems == ()
    assert len(loaded.facts.fixtures[MATCH_ID].events) == 5


# --- who belongs to which team -----------------------------------------------------------


def test_a_scorer_not_in_the_team() -> None:
    problem = one_problem(load(swap(MATCH, "scorer: blue-one", "scorer: red-one")))
    assert_problem(problem, MATCH_FILE, 12, "fixture.events[1].scorer",
                   "found 'red-one', who plays for reds", "expected a player of blues")


def test_an_own_goal_scorer_comes_from_the_other_team() -> None:
    good = swap(MATCH, "scorer: blue-one}", "scorer: red-one, own_goal: true}")
    loaded = load(good)
    assert loaded.problems == ()
    goal = loaded.facts.fixtures[MATCH_ID].goals[1]
    assert isinstance(goal, Goal) and goal.own_goal and goal.team == "blues"

    problem = one_problem(load(swap(MATCH, "scorer: blue-one}",
                                    "scorer: blue-one, own_goal: true}")))
    assert_problem(problem, MATCH_FILE, 12, "fixture.events[1].scorer",
                   "found 'blue-one', who plays for blues", "expected an own-goal scorer of reds")


def test_a_keeper_beaten_from_the_scoring_team() -> None:
    problem = one_problem(load(swap(MATCH, "scorer: blue-one}",
                                    "scorer: blue-one, beat: blue-keeper}")))
    assert_problem(problem, MATCH_FILE, 12, "fixture.events[1].beat",
                   "found 'blue-keeper', who plays for blues", "expected the goalkeeper of reds")


def test_an_injured_player_of_the_wrong_team() -> None:
    text = swap(MATCH, "    - {minute: 10,",
                "    - {minute: 5, type: injury, team: reds, person: blue-one}\n"
                "    - {minute: 10,")
    problem = one_problem(load(text))
    assert_problem(problem, MATCH_FILE, 11, "fixture.events[0].person",
                   "found 'blue-one', who plays for blues", "expected a player of reds")


def test_an_event_for_a_team_not_in_the_match() -> None:
    text = swap(MATCH, "    - {minute: 10,",
                "    - {minute: 5, type: spell, team: greens, kind: pressure}\n"
                "    - {minute: 10,")
    problem = one_problem(load(text))
    assert_problem(problem, MATCH_FILE, 11, "fixture.events[0].team", "found 'greens'",
                   "expected the id of a known team of this match (reds or blues)")


def test_a_group_whose_teams_do_not_include_the_home_team() -> None:
    text = swap(UNPLAYED, "home: reds", "home: golds")
    loaded = load(text)
    problem = one_problem(loaded)
    assert_problem(problem, MATCH_FILE, 6, "fixture.home", "found 'golds'",
                   "expected a team of Group A: reds, blues, greens, whites")
    assert loaded.facts.fixtures == {}


# --- a problem anywhere in a fixture leaves the whole fixture out ------------------------


INJURY = "    - {minute: 5, type: injury, team: reds, person: red-two}\n    - {minute: 10,"
EVENT_PROBLEMS: dict[str, tuple[tuple[str, str], ...]] = {
    "minute 95 without extra time": (("minute: 90+4", "minute: 95"),),
    "unknown scorer": (("scorer: blue-one", "scorer: blue-onee"),),
    "scorer not in the team": (("scorer: blue-one", "scorer: red-one"),),
    "scorer a list": (("scorer: blue-one", "scorer: [blue-one]"),),
    "events out of order": (("minute: 60,", "minute: 5,"), ("half_time: 1-0", "half_time: 1-1")),
    "went_off yes": (("    - {minute: 10,", INJURY.replace("}", ", went_off: yes}", 1)),),
    "unknown injured player": (("    - {minute: 10,", INJURY.replace("red-two", "nobody")),),
    "unknown key in an event": (("scorer: blue-one}", "scorer: blue-one, asist: blue-keeper}"),),
    "penalty: 1": (("scorer: blue-one}", "scorer: blue-one, penalty: 1}"),),
    "unknown event type": (("    - {minute: 10,", INJURY.replace("injury", "injured")),),
    "bad context": (("  events:", "  context:\n    - {kind: home-unbeaten-since, team: reds, "
                     "since: 2014-13}\n  events:"),),
}


@pytest.mark.parametrize("case", list(EVENT_PROBLEMS))
def test_a_problem_in_an_event_or_context_leaves_the_fixture_out(case: str) -> None:
    """The fixture must not load with the bad event dropped or half-read: it is reported,
    left out of the fact set and listed in ``failed`` (so its group's table is withheld)."""
    text = MATCH
    for old, new in EVENT_PROBLEMS[case]:
        text = swap(text, old, new)
    loaded = load(text, extra={"cup/group-a.yaml": GROUP_A})
    assert len(loaded.problems) == 1, loaded.problems
    assert MATCH_ID not in loaded.facts.fixtures, f"{case}: the fixture loaded anyway"
    assert [f.fixture_id for f in loaded.failed] == [MATCH_ID]
    other = loaded.facts.fixtures["2019-12-10-whites-reds"]
    assert [f.fixture_id for f in loaded.tainted(other)] == [MATCH_ID]


# --- dates and kick-off times ------------------------------------------------------------


@pytest.mark.parametrize(("kickoff", "found"), [
    ("2019-11-31T21:00+01:00", "which is not a real date or time"),
    ("2019-11-27T25:00+01:00", "which is not a real date or time"),
    ("2019-02-29", "which is not a real date or time"),
    ("27.11.2019", "found '27.11.2019'"),
    ("yesterday", "found 'yesterday'"),
    ("2019-11-27 at 21:00", "found '2019-11-27 at 21:00'"),
    ("20191127", "found 20191127"),
])
def test_a_kickoff_that_is_not_a_date(kickoff: str, found: str) -> None:
    loaded = load(swap(MATCH, "kickoff: 2019-11-27T21:00+01:00", f"kickoff: {kickoff}"))
    problem = one_problem(loaded)
    assert_problem(problem, MATCH_FILE, 5, "fixture.kickoff", found,
                   "expected a date like 2019-11-27")
    assert loaded.facts.fixtures == {}
    assert loaded.failed[0].fixture_id is None and loaded.failed[0].group == "group-a"


def test_a_missing_kickoff() -> None:
    problem = one_problem(load(swap(MATCH, "  kickoff: 2019-11-27T21:00+01:00\n", "")))
    assert_problem(problem, MATCH_FILE, 2, "fixture.kickoff", "found no 'kickoff'",
                   "expected a date or date-time")


def test_a_month_that_is_not_a_month() -> None:
    text = swap(MATCH, "  events:", "  context:\n    - {kind: home-unbeaten-since, team: reds, "
                "since: 2014-13}\n  events:")
    problem = one_problem(load(text))
    assert_problem(problem, MATCH_FILE, 11, "fixture.context[0].since", "found '2014-13'",
                   "expected a month like 2014-10")


def test_a_kickoff_with_an_offset_is_shown_in_the_venues_zone() -> None:
    fixture = load().facts.fixtures[MATCH_ID]  # 21:00+01:00 at Red Park, London
    assert fixture.kickoff is not None
    assert fixture.kickoff.isoformat() == "2019-11-27T20:00:00+00:00"
    assert fixture.start == "2019-11-27T20:00:00+00:00"


def test_a_kickoff_without_an_offset_is_the_venues_local_time() -> None:
    loaded = load(swap(MATCH, "2019-11-27T21:00+01:00", "2019-11-27T21:00"))
    kickoff = loaded.facts.fixtures[MATCH_ID].kickoff
    assert kickoff is not None and kickoff.isoformat() == "2019-11-27T21:00:00+00:00"


def test_a_kickoff_without_an_offset_in_the_home_city_without_a_venue() -> None:
    text = ("fixture: {competition: test-cup, group: group-a, kickoff: 2019-11-27T21:00, "
            "home: blues, away: reds}\n")  # Blues have no venue on file: Rome time
    kickoff = load(text).facts.fixtures["2019-11-27-blues-reds"].kickoff
    assert kickoff is not None and kickoff.isoformat() == "2019-11-27T21:00:00+01:00"


def test_a_kickoff_in_the_files_default_time_zone() -> None:
    text = ("defaults: {competition: test-cup, group: group-a, timezone: Europe/Paris}\n"
            "fixtures:\n  - {kickoff: 2019-11-27T21:00, home: reds, away: blues}\n")
    kickoff = load(text).facts.fixtures[MATCH_ID].kickoff
    assert kickoff is not None
    assert kickoff.isoformat() == "2019-11-27T20:00:00+00:00"  # shown at the London venue


def test_the_fixture_id_takes_the_local_date() -> None:
    loaded = load(swap(MATCH, "2019-11-27T21:00+01:00", "2019-11-28T00:30+01:00"))
    fixture = loaded.facts.fixtures[MATCH_ID]  # 23:30 on the 27th in London
    assert fixture.date == dt.date(2019, 11, 27)


def test_a_kickoff_date_alone() -> None:
    fixture = load(swap(MATCH, "2019-11-27T21:00+01:00", "2019-11-27")).facts.fixtures[MATCH_ID]
    assert fixture.kickoff is None and fixture.date == dt.date(2019, 11, 27)
    assert fixture.start == "2019-11-27"


def test_an_unknown_default_time_zone_is_a_problem_not_a_crash() -> None:
    text = ("defaults: {competition: test-cup, group: group-a, timezone: Europe/Pariss}\n"
            "fixtures:\n  - {kickoff: 2019-11-27T21:00, home: reds, away: blues}\n")
    loaded = load(text)  # raised ZoneInfoNotFoundError
    assert_problem(loaded.problems[0], MATCH_FILE, 1, "defaults.timezone",
                   "found 'Europe/Pariss'", "expected an IANA time zone")
    assert loaded.facts.fixtures == {}


# --- fixtures across files, context ------------------------------------------------------


def test_the_same_fixture_in_two_files() -> None:
    other = swap(MATCH, "21:00+01:00", "18:00+01:00")
    loaded = load(extra={"cup/z-copy.yaml": other})
    problem = one_problem(loaded)
    assert_problem(problem, "cup/z-copy.yaml", 5, "fixture.kickoff",
                   f"found the fixture {MATCH_ID} a second time (first at {MATCH_FILE}:2)",
                   "expected it once")
    assert loaded.facts.fixtures[MATCH_ID].source.file == MATCH_FILE
    assert failures(loaded) == [("cup/z-copy.yaml", 2, MATCH_ID, "test-cup", "group-a")]


ONLY_DEFEAT = swap(MATCH, "  events:", "  context:\n    - {kind: only-defeat, team: reds, "
                   "fixture: 2019-09-17-blues-reds, scope: competition}\n  events:")


def test_only_defeat_pointing_at_a_fixture_on_file() -> None:
    loaded = load(ONLY_DEFEAT, extra={"cup/group-a.yaml": GROUP_A})
    assert loaded.problems == ()
    (context,) = loaded.facts.fixtures[MATCH_ID].context
    assert context.get("fixture") == "2019-09-17-blues-reds"


def test_only_defeat_pointing_at_an_unknown_fixture() -> None:
    loaded = load(ONLY_DEFEAT)
    problem = one_problem(loaded)
    assert_problem(problem, MATCH_FILE, 11, "fixture.context[0].fixture",
                   "found '2019-09-17-blues-reds'", "expected the id of a fixture on file")
    assert MATCH_ID not in loaded.facts.fixtures
    assert [f.fixture_id for f in loaded.failed] == [MATCH_ID]
    assert MATCH_FILE not in loaded.facts.files or not loaded.facts.files[MATCH_FILE]


def test_an_unknown_context_kind() -> None:
    text = swap(MATCH, "  events:", "  context:\n    - {kind: only-win, team: reds}\n  events:")
    problem = one_problem(load(text))
    assert_problem(problem, MATCH_FILE, 11, "fixture.context[0].kind", "found 'only-win'",
                   "expected one of: only-defeat")


# --- all problems at once; failed and tainted fixtures ------------------------------------


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    text = MATCH
    text = swap(text, "matchday: 5", "matchday: five")
    text = swap(text, "half_time: 1-0", "half_tmie: 1-0")
    text = swap(text, "scorer: blue-one", "scorer: red-one")
    text = swap(text, "minute: 90+4", "minute: 95")
    loaded = load(text)
    assert sorted((p.line, p.key) for p in loaded.problems) == [
        (4, "fixture.matchday"),
        (9, "fixture.half_tmie"),
        (12, "fixture.events[1].scorer"),
        (13, "fixture.events[2].minute"),
    ]
    assert all(p.file == MATCH_FILE for p in loaded.problems)
    for problem in loaded.problems:
        assert_found_expected(problem)


def test_problems_in_several_files_are_reported_together() -> None:
    people = PEOPLE + "  - {id: red-three, team: reds}\n"
    loaded = load(swap(MATCH, "home: reds", "home: redz"), people=people,
                  extra={"cup/group-a.yaml": swap(GROUP_A, "score: 2-2", "score: 2-2-2")})
    assert {p.file for p in loaded.problems} == {
        "cup/group-a.yaml", MATCH_FILE, "reference/people.yaml"}


def test_a_broken_fixture_does_not_stop_the_others_of_its_file() -> None:
    broken = swap(GROUP_A, "home: greens, away: whites, score: 0-0",
                  "home: greens, away: whites, score: nil-nil")
    loaded = load(extra={"cup/group-a.yaml": broken, "cup/group-b.yaml": GROUP_B})
    problem = one_problem(loaded)
    assert_problem(problem, "cup/group-a.yaml", 7, "fixtures[1].score", "found 'nil-nil'",
                   "expected a score")
    assert failures(loaded) == [("cup/group-a.yaml", 7, "2019-09-17-greens-whites",
                                 "test-cup", "group-a")]
    assert loaded.facts.files["cup/group-a.yaml"] == (
        "2019-09-17-blues-reds", "2019-10-02-reds-greens", "2019-12-10-whites-reds",
        "2019-12-10-greens-blues")
    assert "2019-09-17-greens-whites" not in loaded.facts.fixtures


def test_tainted_names_the_broken_result_of_the_same_group_only() -> None:
    broken = swap(GROUP_A, "score: 0-0", "score: nil-nil")
    loaded = load(extra={"cup/group-a.yaml": broken, "cup/group-b.yaml": GROUP_B})
    facts = loaded.facts
    (failed,) = loaded.failed
    assert loaded.tainted(facts.fixtures[MATCH_ID]) == (failed,)
    assert loaded.tainted(facts.fixtures["2019-09-17-blues-reds"]) == (failed,)
    assert loaded.tainted(facts.fixtures["2019-11-27-golds-silvers"]) == ()


def test_a_broken_fixture_holds_back_its_whole_group_and_its_teams() -> None:
    """Earlier recaps too: their games left and next fixtures depend on its schedule."""
    broken = swap(GROUP_A, "score: 2-2", "score: two-all")  # 2019-10-02, reds v greens
    loaded = load(extra={"cup/group-a.yaml": broken})
    (failed,) = loaded.failed
    assert failed.fixture_id == "2019-10-02-reds-greens"
    assert failed.teams == ("reds", "greens")
    assert loaded.tainted(loaded.facts.fixtures["2019-09-17-blues-reds"]) == (failed,)
    assert loaded.tainted(loaded.facts.fixtures[MATCH_ID]) == (failed,)


def test_a_failed_fixture_of_unknown_group_taints_the_whole_competition() -> None:
    broken = swap(GROUP_A, "home: greens, away: whites", "home: greens, away: whites, "
                  "group: group-z")
    loaded = load(extra={"cup/group-a.yaml": broken, "cup/group-b.yaml": GROUP_B})
    (failed,) = loaded.failed
    assert failed.group is None and failed.competition == "test-cup"
    assert loaded.tainted(loaded.facts.fixtures["2019-11-27-golds-silvers"]) == (failed,)


# --- the two loaders ------------------------------------------------

def _shape(value: object) -> object:
    """Everything parse_lenient gives: values, their types, and every line and column."""
    if isinstance(value, YMap):
        return ("map", value.line, value.column, value.end_line, sorted(value.positions.items()),
                [(k, _shape(v)) for k, v in value.items()])
    if isinstance(value, YList):
        return ("list", value.line, value.column, list(value.positions),
                [_shape(v) for v in value])
    return (type(value).__name__, value)


def _full_way(text: str, loader: type | None = None) -> tuple[object, list[Problem]] | str:
    try:
        value, problems = yamlsafe._compose(text, "x.yaml", loader or yamlsafe._CoreLoader)
    except FactError as exc:
        return str(exc)
    return _shape(value), problems


def _yaml_texts(*folders: str) -> list[str]:
    folders = folders or ("facts", "tests/data", "templates")
    paths = sorted(p for folder in folders for p in (ROOT / folder).rglob("*.yaml"))
    return [p.read_text(encoding="utf-8") for p in paths]


STRICT_CASES = [
    "country: NO\nanswer: yes\noff: x\non: y\nkickoff: 20:45\nscore: 1:0\n",
    "a: 0o17\nb: 0x1F\nc: 1_000\nd: .inf\ne: 1e3\nf: 2.5\ng: -3\nh: +4\ni: ~\nj: Null\n",
    "k: {x: TRUE, y: False, z: [null, '1', \"2\", 3]}\n",
    "a: 1\nb: 2\na: 3\n",
    "m: {a: 1, a: 2}\n",
    "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",
    "a: 1\nb: !!python/name:os.system ''\n",
    "a: !!python/object/apply:os.system [echo]\n",
    "a: !custom x\nb: !!str 5\n",
    "true: 1\nnull: 2\n3: x\n",
    "a: [1, 2\n",
    "- a\n- b\n",
    "a: b: c\n",
    "",
    "# only a comment\n",
    "a: 'it''s'\nb: \"quoted #1\"\nc: x # comment\n",
    "events:\n- {minute: 90+4, type: goal}\n- minute: 3\n  type: card\nnext: 1\n",
]


@pytest.mark.parametrize("text", STRICT_CASES)
def test_parsing_is_as_strict_on_every_path(text: str) -> None:
    """YAML 1.2 core schema, duplicate keys, merge keys and tags: the C loader, the pure
    loader agree on values, lines and every problem."""
    c_way = _full_way(text)
    pure_way = _full_way(text, yamlsafe._PureCoreLoader)
    if isinstance(c_way, str):  # a syntax error: the same place, in each parser's words
        assert isinstance(pure_way, str)
        assert pure_way.split(" YAML syntax:")[0] == c_way.split(" YAML syntax:")[0]
    else:
        assert pure_way == c_way
    try:
        value, problems = yamlsafe.parse_lenient(text, "x.yaml")
    except FactError as exc:
        assert c_way == str(exc)
    else:
        assert (_shape(value), problems) == c_way


def test_the_c_loader_is_used_when_pyyaml_has_it() -> None:
    import yaml

    if getattr(yaml, "__with_libyaml__", False):
        assert issubclass(yamlsafe._CoreLoader, yaml.CSafeLoader)
    assert issubclass(yamlsafe._PureCoreLoader, yaml.SafeLoader)
    assert not issubclass(yamlsafe._PureCoreLoader, yaml.CSafeLoader)


# --- files of fixtures only are read when their turn comes ---------------------------------

ROOT_FACTS = Path(__file__).resolve().parent.parent / "facts"
BREAKS = [
    ("score:", "score"), ("type: goal", "type: gaol"), ("fixture:", "fixtur:"),
    ("home:", "home: nobody-fc\n  xhome:"), ("competition:", "competition: nowhere\n  c2:"),
]


def _bundled_texts() -> dict[str, str]:
    return {p.relative_to(ROOT_FACTS.parent).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(ROOT_FACTS.rglob("*.yaml"))}


@pytest.mark.parametrize("seed", range(8))
def test_reading_fixture_files_late_changes_nothing(seed: int,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The same facts, problems (in order) and failures as reading every file up front."""
    import random

    import newsgen.facts as facts

    texts = _bundled_texts()
    rnd = random.Random(seed)
    for name in rnd.sample(sorted(texts), 3):  # a few broken files, fixtures and reference
        old, new = rnd.choice(BREAKS)
        texts[name] = texts[name].replace(old, new, 1)
    texts["facts/extra/empty.yaml"] = ""
    texts["facts/extra/list.yaml"] = "- a\n- b\n"
    late = load_texts(texts)
    assert sum(facts._fixtures_only(t) for t in texts.values()) > len(texts) // 2
    monkeypatch.setattr(facts, "_fixtures_only", lambda text: False)
    early = load_texts(texts)
    assert late.problems == early.problems
    assert late.failed == early.failed
    assert late.facts == early.facts
    unread = [f.fixture_id is None for f in late.failed]  # files that could not be read,
    assert unread == sorted(unread, reverse=True)  # then the fixtures that did not validate


@pytest.mark.parametrize("text, alone", [
    ("fixture:\n  home: a\n", True),
    ("# notes\ndefaults: {competition: c}\n\nfixtures:\n  - {home: a}\n", True),
    ("fixture:\n  home: a\nteams:\n  - {id: x}\n", False),
    ("{fixture: {home: a}}\n", False),
    ("fixtures:\n\t- x\n", False),
    ("house: {credit: AP}\n", False),
    ("'fixture':\n  home: a\n", False),
])
def test_only_files_that_cannot_hold_reference_data_are_read_late(text: str,
                                                                  alone: bool) -> None:
    import newsgen.facts as facts

    assert facts._fixtures_only(text) is alone
