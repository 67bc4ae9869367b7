"""Situations the bundled matchday lacks, from tests/data/situations: every length renders,
is grounded, holds its bounds, and says the situation the way a wire reporter would."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import TEMPLATES, locales
from test_render import grounding_problems, known_names

from newsgen.derive import derive
from newsgen.document import Document, render_fixture
from newsgen.facts import Loaded, load_directory
from newsgen.lexicon import load_lexicon
from newsgen.planner import LENGTHS, angle_of, plan, view
from newsgen.realise import Realiser, strip_marks

SITUATIONS = Path(__file__).resolve().parent / "data" / "situations"


@cache
def situations() -> Loaded:
    loaded = load_directory(SITUATIONS)
    assert not loaded.problems, loaded.problems
    return loaded


def played() -> list[str]:
    return sorted(f.id for f in situations().facts.fixtures.values() if f.played)


@cache
def docs(fixture_id: str) -> dict[tuple[str, str], Document]:
    loaded = situations()
    realiser = Realiser(TEMPLATES, loaded.facts)
    return {(d.locale, d.length): d
            for d in render_fixture(loaded.facts, fixture_id, realiser, locales())}


def body(fixture_id: str, length: str = "full", locale: str = "en") -> str:
    return docs(fixture_id)[(locale, length)].body


@pytest.mark.parametrize("locale", locales())
@pytest.mark.parametrize("fixture_id", played())
def test_every_situation_is_grounded_and_within_bounds(fixture_id: str, locale: str) -> None:
    loaded = situations()
    tracer = Realiser(TEMPLATES, loaded.facts, trace=True)
    full = plan(loaded.facts, fixture_id)
    lex = load_lexicon(TEMPLATES, locale)
    nouns = bool(lex.data.get("grammar", {}).get("capitalised_nouns"))
    names = known_names(loaded, locale) if nouns else frozenset()
    for length in LENGTHS:
        traced = tracer.render(view(full, length), locale).text
        assert not grounding_problems(traced, loaded, fixture_id, lex.grounding_exempt, names,
                                      nouns), (length, traced)
        assert "None" not in strip_marks(traced) and "  " not in strip_marks(traced)
    assert len(body(fixture_id, "headline", locale).strip()) <= 80
    assert len(body(fixture_id, "full", locale).split()) <= 600


@pytest.mark.parametrize(("fixture_id", "angle"), [
    ("2019-10-02-reds-blues", "late-winner"),
    ("2019-10-02-greens-whites", "comeback-win"),
    ("2020-03-01-blues-reds", "hat-trick"),
    ("2019-09-17-whites-reds", "goalless"),
    ("2020-02-05-reds-greens", "win"),
])
def test_angles_of_the_situations(fixture_id: str, angle: str) -> None:
    assert angle_of(derive(situations().facts, fixture_id))[0] == angle


def test_stoppage_time_winner_and_a_goal_ruled_out() -> None:
    text = body("2019-10-02-reds-blues")
    assert text.startswith("LONDON (AP) — Redman scored a stoppage-time winner as Reds beat "
                           "Blues 2-1 at Red Park")
    assert "A goal by Blue was ruled out for offside after a video review in the 70th minute." \
        in text
    assert "Redman's winner came from Red's cross." in text


def test_comeback_own_goal_penalty_and_red_card() -> None:
    text = body("2019-10-02-greens-whites")
    assert "Greens came from behind to beat Whites 3-2" in text
    assert "Will Whitby scored an own goal in the 30th minute, bringing Greens level." in text
    assert "Greenwood conceded a penalty, and Whitby put Whites ahead from the penalty spot " \
        "in the 44th minute." in text
    assert "White was sent off for a second yellow card in the 55th minute." in text


def test_extra_time_and_shootout() -> None:
    text = body("2020-02-05-reds-greens")
    assert "Reds beat Greens 4-3 in a penalty shootout after a 2-2 draw" in text
    assert "scoreless at halftime and 1-1 at the end of normal time" in text
    assert body("2020-02-05-reds-greens", "headline").strip() == \
        "Reds beats Greens in penalty shootout"


def test_hat_trick() -> None:
    text = body("2020-03-01-blues-reds")
    assert "Bill Blue scored a hat trick as Blues beat Reds 3-0" in text
    assert "Blue scored again from the penalty spot, making it 2-0 in the 40th minute." in text
    assert "Blue completed a hat trick with a header in the 77th minute." in text
    assert body("2020-03-01-blues-reds", "headline").strip() == \
        "Blue scores hat trick in Blues' 3-0 win over Reds"


def test_brief_names_each_other_scorer_once() -> None:
    brief = body("2019-10-02-reds-blues", "brief")
    assert "with Rob Red scoring for Reds and Bill Blue for Blues." in brief


def test_a_team_the_lexicon_calls_plural_takes_plural_verbs(tmp_path: Path) -> None:
    """AP: "Liverpool leads", but "the Reds lead"; the lexicon's number decides."""
    import shutil

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    lexicon = templates / "en" / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8").replace(
        "teams: {}", "teams: {reds: {number: plural}}")
    assert "reds: {number: plural}" in text
    lexicon.write_text(text, encoding="utf-8")
    loaded = situations()
    realiser = Realiser(templates, loaded.facts)
    full = plan(loaded.facts, "2020-02-05-reds-greens")
    assert realiser.render(view(full, "headline"), "en").text.strip() == \
        "Reds beat Greens in penalty shootout"
    group = plan(loaded.facts, "2019-10-02-reds-blues")
    assert "Reds lead Group A with four points" in realiser.render(view(group, "full"),
                                                                    "en").text
    # and the bundled lexicon keeps AP's singular
    assert "Reds leads Group A" in body("2019-10-02-reds-blues")
