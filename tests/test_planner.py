"""Derive and plan: roles of goals, angles, rules by name, provenance of every message."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import played_fixtures

from newsgen.derive import derive, resolves
from newsgen.facts import Loaded
from newsgen.messages import Mention, V
from newsgen.planner import (
    LENGTHS,
    RULES,
    Message,
    _facts_of,
    angle_of,
    plan,
    stable_hash,
    view,
)

LN = "2019-11-27-liverpool-napoli"


def test_goal_roles_and_comebacks(bundled: Loaded) -> None:
    d = derive(bundled.facts, "2019-11-27-rb-leipzig-benfica")
    assert [g.role for g in d.goals] == ["opener", "extends-lead", "pulls-back", "equaliser"]
    assert [g.late for g in d.goals] == [False, False, True, True]
    assert d.goals[-1].stoppage and d.goals[2].goal.penalty
    assert d.comeback is not None and d.comeback.team == "rb-leipzig"
    assert d.comeback.deficit == 2 and not d.comeback.won
    assert d.multiples == (("emil-forsberg", 2),)
    ln = derive(bundled.facts, LN)
    assert [g.role for g in ln.goals] == ["opener", "equaliser"]
    assert ln.outcome.draw and ln.clean_sheets == ()
    zenit = derive(bundled.facts, "2019-11-27-zenit-lyon")
    assert zenit.clean_sheets == ("zenit",)


def test_next_fixtures_and_previous_meetings(bundled: Loaded) -> None:
    d = derive(bundled.facts, LN)
    nxt = d.next_fixture["liverpool"]
    assert nxt is not None and nxt.id == "2019-11-30-liverpool-brighton"
    nic = d.next_in_competition["liverpool"]
    assert nic is not None and nic.id == "2019-12-10-salzburg-liverpool"
    assert [m.id for m in d.previous_meetings] == ["2019-09-17-napoli-liverpool"]
    assert d.head_to_head is not None and d.head_to_head.leader == "napoli"
    assert [x.id for x in d.same_day] == ["2019-11-27-genk-salzburg"]


def test_table_after_the_match_and_who_is_settled(bundled: Loaded) -> None:
    st = derive(bundled.facts, LN).standing
    assert st is not None
    assert [(r.team, r.points) for r in st.table.rows] == [
        ("liverpool", 10), ("napoli", 9), ("salzburg", 7), ("genk", 1)]
    assert st.status("genk") == "out" and st.status("liverpool") is None
    barca = derive(bundled.facts, "2019-11-27-barcelona-dortmund").standing
    assert barca is not None and barca.status("barcelona") == "first"
    assert barca.status_before("barcelona") is None
    leipzig = derive(bundled.facts, "2019-11-27-rb-leipzig-benfica").standing
    assert leipzig is not None and leipzig.clinched(("rb-leipzig",)) == ("rb-leipzig",
                                                                          "through")


@pytest.mark.parametrize(("fixture_id", "angle"), [
    (LN, "equaliser-draw"),
    ("2019-11-27-rb-leipzig-benfica", "late-equaliser"),
    ("2019-11-27-barcelona-dortmund", "clinched"),
    ("2019-11-27-genk-salzburg", "rout"),
    ("2019-10-02-genk-napoli", "goalless"),
    ("2019-11-27-zenit-lyon", "win"),
])
def test_angles(bundled: Loaded, fixture_id: str, angle: str) -> None:
    assert angle_of(derive(bundled.facts, fixture_id))[0] == angle


@pytest.mark.parametrize("fixture_id", played_fixtures())
def test_every_message_records_its_rule_and_facts_that_resolve(bundled: Loaded,
                                                               fixture_id: str) -> None:
    full = plan(bundled.facts, fixture_id)
    assert full.messages
    names = set(RULES.names())
    for m in full.messages:
        assert m.rule in names and m.facts, m.kind
        bad = [f for f in m.facts if not resolves(bundled.facts, full.derived, f)]
        assert not bad, (m.kind, bad)


def test_rules_can_be_switched_off_or_replaced(bundled: Loaded) -> None:
    rules = RULES.copy()
    rules.disable("spells")
    kinds = {m.kind for m in plan(bundled.facts, LN, rules).messages}
    assert "spell" not in kinds and "lede" in kinds
    assert "spell" in {m.kind for m in plan(bundled.facts, LN).messages}  # the default

    @rules.register("lede", "lede", 100)
    def plain_lede(s: object) -> list[Message]:
        return []

    assert "lede" not in {m.kind for m in plan(bundled.facts, LN, rules).messages}
    with pytest.raises(ValueError, match="unknown section"):
        rules.register("x", "nowhere", 1)


def test_views_hold_the_length_budgets(bundled: Loaded) -> None:
    full = plan(bundled.facts, LN)
    for length in LENGTHS:
        v = view(full, length)
        assert v.messages
        assert all(length in m.lengths for m in v.messages)
    assert [m.kind for m in view(full, "headline").messages] == ["headline"]
    assert [m.kind for m in view(full, "brief").messages] == ["brief"]


def test_variation_is_seeded_not_random() -> None:
    assert stable_hash("a", 1) == stable_hash("a", 1) != stable_hash("a", 2)
    # pinned: the same on every machine and Python (blake2b, not the salted hash())
    assert stable_hash("2019-11-27-liverpool-napoli", "full") == 13111760282178251045


def _every_fid(value: object, out: list[str]) -> list[str]:
    """The fact ids a value prints, walking every field of every dataclass (what the
    planner's shortcuts skip)."""
    if isinstance(value, (V, Mention)):
        out.append(value.fid)
    elif isinstance(value, (list, tuple)):
        for x in value:
            _every_fid(x, out)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _every_fid(getattr(value, f.name), out)
    return out


def test_the_field_shortcuts_miss_no_fact_and_no_mention(bundled: Loaded) -> None:
    """Fact ids from the per-class field lists are those of a walk over every field; views
    from the mentions counted when planning are those that walk every message."""
    varied = 0
    for fid in played_fixtures():
        full = plan(bundled.facts, fid)
        assert full.mentions is not None and len(full.mentions) == len(full.messages)
        for m in [*full.messages, full.story]:
            body = m.body if isinstance(m, Message) else m
            every: list[str] = []
            _every_fid(body, every)
            assert _facts_of(body) == every, (fid, m)
        walked = dataclasses.replace(full, mentions=None)
        for length in LENGTHS:
            ours, theirs = view(full, length), view(walked, length)
            assert ours == theirs, (fid, length)
            varied += sum(1 for m in ours.messages if "form='" in repr(m.body)
                          and ("home-role" in repr(m.body) or "nickname" in repr(m.body)))
    assert varied  # some team mentions did change, so the comparison saw the walk at work
