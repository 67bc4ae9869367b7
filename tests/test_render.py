"""Rendering the bundled matchday: golden files, grounding, bounds, coverage, consistency."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

import pytest
from conftest import GOLDEN, TEMPLATES, locales, played_fixtures

from newsgen.derive import derive, resolves
from newsgen.document import Document, render_fixture
from newsgen.facts import Loaded
from newsgen.lexicon import load_lexicon
from newsgen.planner import LENGTHS, plan, view
from newsgen.realise import MARK_RE, Realiser, strip_marks

LN = "2019-11-27-liverpool-napoli"
FIXTURES = played_fixtures()
LOCALES = locales()


@cache
def _docs(realiser: Realiser, fixture_id: str) -> tuple[Document, ...]:
    return tuple(render_fixture(realiser.facts, fixture_id, realiser, LOCALES))


def _doc(realiser: Realiser, fixture_id: str, locale: str, length: str) -> Document:
    return next(d for d in _docs(realiser, fixture_id)
                if d.locale == locale and d.length == length)


def _traced(tracer: Realiser, bundled: Loaded, fixture_id: str, length: str,
            locale: str) -> str:
    full = plan(bundled.facts, fixture_id)
    return tracer.render(view(full, length), locale).text


def _sentences(text: str) -> int:
    """Sentences in a text: words ending in . ! ? that are not abbreviations (St., Dec.)."""
    abbreviation = re.compile(r"[A-Z][a-z]{0,3}\.")
    return sum(1 for w in text.split() if w[-1] in ".!?" and not abbreviation.fullmatch(w))


def _body_words(doc: Document) -> int:
    """Words of the body, without the generated-text notice line."""
    lines = [ln for ln in doc.body.splitlines() if ln and not ln.startswith("_")]
    return len(" ".join(lines).split())


# --- golden files -------------------------------------------------------------------------


@pytest.mark.parametrize("fixture_id", FIXTURES)
def test_golden(realiser: Realiser, fixture_id: str, update_golden: bool) -> None:
    """Every fixture x locale x length matches tests/golden (pytest --update-golden)."""
    mismatches = []
    for doc in _docs(realiser, fixture_id):
        path = GOLDEN / fixture_id / f"{doc.locale}.{doc.length}.md"
        if update_golden:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(doc.text, encoding="utf-8")
        elif not path.is_file() or path.read_text(encoding="utf-8") != doc.text:
            mismatches.append(str(path.relative_to(GOLDEN)))
    assert not mismatches, ("output differs from the golden files; review and run "
                            f"pytest --update-golden: {mismatches}")


def test_no_stale_golden_files() -> None:
    expected = {f"{f}/{loc}.{length}.md" for f in FIXTURES for loc in LOCALES
                for length in LENGTHS}
    found = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")
             if p.relative_to(GOLDEN).parts[0] != "roundups"}  # test_roundup.py's own
    assert found <= expected, f"golden files with no fixture: {sorted(found - expected)}"


# --- grounding from provenance ------------------------------------------------------------

_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\u2014\s+|\n)$")


def _leaves(value: object) -> list[str]:
    """The texts in a lexicon entry (not its gender, number or article class)."""
    if isinstance(value, dict):
        return [t for k, v in value.items() if k not in ("gender", "number", "article")
                for t in _leaves(v)]
    return [value] if isinstance(value, str) else []


_NAMES: dict[tuple[int, str], frozenset[str]] = {}  # by fact set and locale


def known_names(bundled: Loaded, locale: str) -> frozenset[str]:
    """Every capitalised word of a name from the facts or the locale's lexicon."""
    f = bundled.facts
    texts = [t for team in f.teams.values() for t in (team.name, team.short_name, team.nickname)]
    texts += [t for p in f.people.values() for t in (p.full_name, p.short_name)]
    texts += [v.name for v in f.venues.values()] + [v.place.city for v in f.venues.values()]
    texts += [t for c in f.competitions.values()
              for t in (c.name, c.short_name, *(g.name for g in c.groups))]
    key = (id(bundled.facts), locale)
    if key not in _NAMES:
        lex = load_lexicon(TEMPLATES, locale)
        texts += _leaves(lex.cities) + _leaves(lex.teams) + _leaves(lex.names) + \
            _leaves(lex.people)
        _NAMES[key] = frozenset(w for t in texts if t
                                   for w in re.findall(r"[^\W\d_][\w'-]*", t)
                                   if w[0].isupper())
    return _NAMES[key]


def grounding_problems(traced: str, bundled: Loaded, fixture_id: str,
                       exempt: frozenset[str], names: frozenset[str] = frozenset(),
                       capitalised_nouns: bool = False) -> list[str]:
    """Values that resolve to no fact, and template text holding a digit or a proper name.

    A capitalised word in template text is a name unless it opens a sentence; where the
    language capitalises its nouns (German), only the words of known names are.
    """
    d = derive(bundled.facts, fixture_id)
    problems = [f"unknown fact id {fid!r} for {text!r}"
                for fid, text in MARK_RE.findall(traced)
                if not resolves(bundled.facts, d, fid)]
    residual = MARK_RE.sub("\x00", traced)
    for m in re.finditer(r"\d", residual):
        context = residual[max(0, m.start() - 30):m.end()]
        problems.append(f"a digit in template text: ...{context!r}")
    for m in re.finditer(r"[^\W\d_][\w'\u2019-]*", residual):
        word = m.group(0)
        if not word[0].isupper() or word in exempt:
            continue
        if capitalised_nouns and word not in names:
            continue
        before = residual[:m.start()].replace("\x00", "x")
        if _SENTENCE_START.search(before) or not before.strip():
            continue  # a capital that opens a sentence is not a name
        problems.append(f"a capitalised word in template text: {word!r}")
    return problems


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("fixture_id", FIXTURES)
def test_grounding_from_provenance(tracer: Realiser, bundled: Loaded, fixture_id: str,
                                   locale: str) -> None:
    lex = load_lexicon(tracer.templates, locale)
    nouns = bool(lex.data.get("grammar", {}).get("capitalised_nouns"))
    for length in LENGTHS:
        traced = _traced(tracer, bundled, fixture_id, length, locale)
        assert MARK_RE.search(traced), "nothing printed with provenance"
        assert not grounding_problems(traced, bundled, fixture_id, lex.grounding_exempt,
                                      known_names(bundled, locale), nouns), length


def test_grounding_check_catches_template_literals(bundled: Loaded) -> None:
    """The check itself fails on a digit or a name written into template text."""
    traced = "\x02team:liverpool\x1fLiverpool\x03 beat Chelsea in the 90th minute."
    problems = grounding_problems(traced, bundled, LN, frozenset())
    assert any("digit" in p for p in problems)
    assert any("'Chelsea'" in p for p in problems)
    german = "\x02team:liverpool\x1fLiverpool\x03 schlug Chelsea mit einem Tor."
    problems = grounding_problems(german, bundled, LN, frozenset(),
                                  known_names(bundled, "en"), capitalised_nouns=True)
    assert problems == ["a capitalised word in template text: 'Chelsea'"]
    bogus = "\x02person:nobody\x1fNobody\x03 scored."
    assert any("unknown fact id" in p for p in grounding_problems(bogus, bundled, LN,
                                                                  frozenset()))


# --- bounds -------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("fixture_id", FIXTURES)
def test_lengths_hold_their_bounds(realiser: Realiser, fixture_id: str, locale: str) -> None:
    headline = _doc(realiser, fixture_id, locale, "headline")
    assert len(headline.body.strip()) <= 80
    assert "\n" not in headline.body.strip()
    brief = _doc(realiser, fixture_id, locale, "brief")
    assert _body_words(brief) <= 50
    assert 1 <= _sentences(brief.body) <= 2
    assert _body_words(_doc(realiser, fixture_id, locale, "short")) <= 225
    assert _body_words(_doc(realiser, fixture_id, locale, "full")) <= 600


@pytest.mark.parametrize("locale", LOCALES)
def test_rich_fixture_reaches_the_lower_bounds(realiser: Realiser, locale: str) -> None:
    assert 150 <= _body_words(_doc(realiser, LN, locale, "short")) <= 225
    assert 400 <= _body_words(_doc(realiser, LN, locale, "full")) <= 600


def test_thin_fixtures_get_shorter_texts(realiser: Realiser) -> None:
    thin = "2019-09-17-napoli-liverpool"  # a score and a half-time score, no events
    for length, ratio in (("short", 0.6), ("full", 0.4)):
        assert _body_words(_doc(realiser, thin, "en", length)) < \
            ratio * _body_words(_doc(realiser, LN, "en", length))


# --- what the Liverpool-Napoli recap says ------------------------------------------------


def _printed(tracer: Realiser, bundled: Loaded, length: str, locale: str = "en") -> set[str]:
    return {fid for fid, _ in MARK_RE.findall(_traced(tracer, bundled, LN, length, locale))}


FX = f"fixture:{LN}"


def _event_index(bundled: Loaded, pred: object) -> list[int]:
    events = bundled.facts.fixtures[LN].events
    return [i for i, e in enumerate(events) if callable(pred) and pred(e)]


def test_full_liverpool_napoli_states_the_wire_facts(tracer: Realiser, bundled: Loaded) -> None:
    """Every fact two or more wire reports stated (issue #2), by provenance and in words."""
    printed = _printed(tracer, bundled, "full")
    events = bundled.facts.fixtures[LN].events
    goal_m, goal_l = (i for i, e in enumerate(events) if type(e).__name__ == "Goal")
    fabinho = next(i for i, e in enumerate(events) if getattr(e, "person", "") == "fabinho")
    expected = {
        f"{FX}/score", "venue:anfield", "competition:ucl-2019-20/groups/group-e",
        "person:dries-mertens", f"{FX}/events/{goal_m}/time", "person:giovanni-di-lorenzo",
        "person:alisson", "person:dejan-lovren", f"{FX}/events/{goal_l}/time",
        "person:james-milner", "person:fabinho", f"{FX}/events/{fabinho}/time",
        "person:kalidou-koulibaly", "fixture:2019-11-27-genk-salzburg/score",
        "fixture:2019-09-17-napoli-liverpool/score", "fixture:2019-10-02-liverpool-salzburg/score",
        "fixture:2019-12-10-salzburg-liverpool/kickoff", "person:juergen-klopp",
        "person:carlo-ancelotti", f"derived:{LN}/table/liverpool", f"derived:{LN}/table/genk",
        f"derived:{LN}/table/napoli", f"derived:{LN}/table/salzburg", "team:genk",
    }
    assert expected <= printed, sorted(expected - printed)
    text = strip_marks(_traced(tracer, bundled, LN, "full", "en"))
    for phrase in ("1-1", "Anfield", "21st minute", "long pass from Giovanni Di Lorenzo",
                   "Alisson", "65th", "head", "Milner", "corner",
                   "The goal stood after a video review for offside", "for a possible push",
                   "Fabinho to an ankle injury in the 19th minute",
                   "Koulibaly cleared off the line twice", "10 points", "Napoli with nine",
                   "Salzburg with seven", "Genk with one", "Salzburg won 4-1 at Genk",
                   "efending champion", "2-0 in Naples", "beat Salzburg 4-3",
                   "Liverpool visits Salzburg", "Napoli hosts Genk",
                   "Genk was already out of the running for the top two", "Jürgen Klopp",
                   "Carlo Ancelotti"):
        assert phrase in text, phrase
    assert "Salzburg 7" not in text  # AP spells out nine and under


def test_shorter_lengths_keep_the_essentials(tracer: Realiser, bundled: Loaded,
                                             realiser: Realiser) -> None:
    short = _printed(tracer, bundled, "short")
    assert {f"{FX}/score", "person:dries-mertens", "person:dejan-lovren",
            f"derived:{LN}/table/liverpool", f"derived:{LN}/table/napoli",
            "fixture:2019-12-10-salzburg-liverpool/kickoff"} <= short
    brief = _printed(tracer, bundled, "brief")
    assert {f"{FX}/score", "person:dries-mertens", "person:dejan-lovren"} <= brief
    assert len(_doc(realiser, LN, "en", "headline").body.strip()) <= 80


@pytest.mark.parametrize("fixture_id", FIXTURES)
def test_shorter_lengths_say_nothing_the_full_recap_does_not(
        tracer: Realiser, bundled: Loaded, fixture_id: str) -> None:
    """All lengths are views of one plan: a shorter text adds no fact of its own."""
    full = {f for f, _ in MARK_RE.findall(_traced(tracer, bundled, fixture_id, "full", "en"))}
    for length in ("headline", "brief", "short"):
        shorter = {f for f, _ in MARK_RE.findall(
            _traced(tracer, bundled, fixture_id, length, "en"))}
        # the headline and brief may name a fact the full text says at greater length
        extra = {f for f in shorter - full if not f.startswith(("derived:", "competition:"))}
        assert not extra, (length, sorted(extra))


def test_incomplete_goal_list_is_never_presented_as_complete(realiser: Realiser) -> None:
    body = _doc(realiser, "2019-11-27-slavia-prague-inter", "en", "full").body
    assert "Romelu Lukaku was among the scorers" in body
    assert "Lukaku scored" not in body and "opened the scoring" not in body


def test_openings_vary_across_the_matchday(tracer: Realiser, bundled: Loaded) -> None:
    """No two recaps of a matchday open with the same words of template text."""
    day = [f for f in FIXTURES if f.startswith("2019-11-27")]
    openings = {}
    for fixture_id in day:
        traced = _traced(tracer, bundled, fixture_id, "brief", "en")
        first = traced.split(". ")[0]
        skeleton = MARK_RE.sub("_", first)
        openings[fixture_id] = skeleton
    assert len(set(openings.values())) == len(day), openings


def test_plan_does_not_depend_on_the_locale(bundled: Loaded) -> None:
    """The plan has no locale input; two plans of a fixture are equal message for message."""
    a, b = plan(bundled.facts, LN), plan(bundled.facts, LN)
    assert [(m.kind, m.rule, m.facts, m.variant) for m in a.messages] == \
        [(m.kind, m.rule, m.facts, m.variant) for m in b.messages]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("fixture_id", FIXTURES)
def test_text_hygiene(realiser: Realiser, fixture_id: str, locale: str) -> None:
    """No placeholder, None, doubled space, doubled word or stray markup in any document."""
    for doc in _docs(realiser, fixture_id):
        if doc.locale != locale:
            continue
        text = doc.body
        assert "None" not in text and "{{" not in text and "{%" not in text
        assert "  " not in text and " ." not in text and " ," not in text and ".." not in text
        words = re.findall(r"\d+:\d+|[\w'-]+", text.lower())  # a score "1:1" is one word
        doubled = [a for a, b in pairwise(words) if a == b]
        assert not doubled, (doc.path, doubled)
        assert text == text.strip() + "\n"
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            assert not sentence[:1].islower(), (doc.path, sentence)
