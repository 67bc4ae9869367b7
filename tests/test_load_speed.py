"""The load stage's shortcuts give what the plain way gives.

``yamlsafe._quick`` reads files written in a few plain shapes without PyYAML; whatever it
gives must be what composing with PyYAML (C and pure loader) gives: the same values of the
same types, the same lines and columns (worked out lazily), and no problem; whatever it gives
up on is read the full way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_facts import _full_way, _shape

from newsgen import yamlsafe
from newsgen.facts import load_texts

ROOT = Path(__file__).resolve().parent.parent


def _same_as_full_way(text: str) -> bool:
    """Whether the quick way read ``text`` (and then, that it agrees with both loaders)."""
    quick = yamlsafe._quick(text)
    if quick is None:
        return False
    got = (_shape(quick), [])
    assert got == _full_way(text), text
    assert got == _full_way(text, yamlsafe._PureCoreLoader), text
    value, problems = yamlsafe.parse_lenient(text, "x.yaml")
    assert (_shape(value), problems) == got
    return True


def _bundled() -> dict[str, str]:
    paths = sorted(p for folder in ("facts", "tests/data", "templates")
                   for p in (ROOT / folder).rglob("*.yaml"))
    return {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in paths}


def test_every_bundled_file_the_quick_way_reads_is_read_as_the_full_way_reads_it() -> None:
    texts = _bundled()
    quick = [name for name, text in texts.items() if _same_as_full_way(text)]
    fixtures = {name for name in texts if name.startswith("facts/ucl-2019-20/2019-")}
    # the shortcut is taken where it matters: the match files (but one, whose event is
    # written over two lines)
    two_lines = "facts/ucl-2019-20/2019-11-27-rb-leipzig-benfica.yaml"
    assert set(quick) & fixtures == fixtures - {two_lines}
    assert "facts/reference/venues.yaml" in quick


def test_a_generated_league_is_read_the_quick_way(tmp_path: Path) -> None:
    from league import write_league

    root = write_league(tmp_path, teams=6, rounds_left=2)
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml"))]
    assert len(texts) > 3
    assert all(_same_as_full_way(text) for text in texts)


BREAKS = [("score:", "score"), ("type: goal", "type: gaol"), ("fixture:", "fixtur:"),
          ("minute: 2", "minute: 2.0"), ("minute: 6", "minute: true"), ("minute: 7", "minute: [7]"),
          ("team: ", "team: x"), ("{", "{ "), (", ", ",, "), ("kickoff: 2019", "kickoff: 2018"),
          ("home:", "home: a\n  home:"), ("scorer: ", "scorer: a-"), ("period: ", "period: x"),
          ("- {", "- {minute: 1, "), ("finish: [", "finish: [low, "), ("  - ", " - "),
          ("\n    - {", "\n    - x: 1\n    - {"), ("competition: ", "competition: nope"),
          ("id: ", "id: Bad "), ("true", "yes"), ("}", "} # c"), (": ", ":  "), ("}", "}}"),
          ("type: card", "type: card, type: card"), ("team: ", "true: ")]


def _loads_alike(texts: dict[str, str]) -> object:
    """``load_texts`` as it is and reading every file the full way: the same outcome."""
    from newsgen import facts as facts_module

    quick = load_texts(texts)
    original = facts_module.parse_lenient

    def full_way(text: str, filename: str) -> object:
        return yamlsafe._compose(text, filename, yamlsafe._CoreLoader)

    facts_module.parse_lenient = full_way  # type: ignore[assignment]
    try:
        full = load_texts(texts)
    finally:
        facts_module.parse_lenient = original
    assert quick.problems == full.problems
    assert quick.failed == full.failed
    assert quick.facts == full.facts
    return quick


def test_the_quick_way_loads_the_same_facts_and_problems() -> None:
    texts = {n: t for n, t in _bundled().items() if n.startswith("facts/")}
    texts["facts/extra/bad.yaml"] = (
        "fixture:\n  competition: ucl-2019-20\n  kickoff: 2019-11-27T21:00+01:00\n"
        "  home: napoli\n  away: liverpol\n  score: 1-1\n  events:\n"
        "    - {minute: 95, type: goal, team: napoli, finish: [low, hihg]}\n"
        "    - {minute: 3, type: card, team: napoli, person: nobody, var: {outcome: x}}\n")
    assert yamlsafe._quick(texts["facts/extra/bad.yaml"]) is not None
    loaded = _loads_alike(texts)
    assert any(p.file == "facts/extra/bad.yaml" for p in loaded.problems)  # type: ignore[attr-defined]


@pytest.mark.parametrize("seed", range(12))
def test_broken_bundled_files_load_as_the_full_way_loads_them(seed: int) -> None:
    """Four files broken at random places in random ways (each break somewhere it applies)."""
    import random

    rnd = random.Random(seed)
    texts = {n: t for n, t in _bundled().items() if n.startswith("facts/")}
    for name in rnd.sample(sorted(texts), 4):
        old, new = rnd.choice(BREAKS)
        text = texts[name]
        starts = [i for i in range(len(text)) if text.startswith(old, i)]
        if starts:
            i = rnd.choice(starts)
            texts[name] = text[:i] + new + text[i + len(old):]
    _loads_alike(texts)


# --- made-up files near the quick way's shapes ------------------------------------------

# files written in the quick way's shapes (most of which it reads), then one flaw put in
# anywhere: a word, a mark or a character it must not read, or must read as YAML does
KEYS = st.sampled_from(["a", "b", "id", "type", "minute", "x-y", "_k", "a1", "no", "on", "y",
                        "tRUE", "k-1"])
WORDS = st.sampled_from(["1", "-3", "+4", "2.5", ".5", "5.", "1e3", "0x1F", "0o7", "1_0", "true",
                         "False", "TRUE", "tRUE", "null", "Null", "NO", "yes", "1:0", "20:45",
                         "90+4", "2019-11-27T21:00+01:00", "a b", "a:b", "it's", "-x", "l1-p11",
                         "far-corner", ".inf", "-.5", "Porto Alto Park", "2019/20", "x'y", "a-",
                         "x.y.z", "b_", "Yes", "on", "a'"])
FLAWS = ["-", ":", "#", " ", ",", "[", "{", "}", "'", "\t", "\n", "\n  ", "- ", "true",
         "<<", "&a ", "!t ", "\u2028", "é", "a"]
NOTES = ["", "", "", " # note", "  # Mané"]
NOISE = st.sampled_from(["", "", "", "\n", "# note\n", "  # note\n", "   \n", "# Mané\n"])


class _Flaw:
    """Where the one flaw goes: at the ``site``-th piece of text written (if there is one)."""

    def __init__(self, draw: st.DrawFn, site: int | None) -> None:
        self.draw, self.site = draw, site

    def __call__(self, piece: str) -> str:
        if self.site is None:
            return piece
        self.site -= 1
        if self.site:
            return piece
        self.site = None
        flaw = self.draw(st.sampled_from(FLAWS))
        return self.draw(st.sampled_from([flaw + piece, piece + flaw, flaw,
                                          piece[:1] + flaw + piece[1:]]))


def _flow(draw: st.DrawFn, put: _Flaw, depth: int) -> str:
    if draw(st.booleans()):
        items = [put(draw(WORDS)) if depth == 0 or draw(st.booleans()) else
                 _flow(draw, put, depth - 1) for _ in range(draw(st.integers(0, 3)))]
        return put("[") + put(", ").join(items) + put("]")
    keys = draw(st.lists(KEYS, max_size=4, unique=draw(st.booleans())))
    pairs = [put(key) + put(": ") + (put(draw(WORDS)) if depth == 0 or draw(st.booleans())
                                     else _flow(draw, put, depth - 1)) for key in keys]
    return put("{") + put(", ").join(pairs) + put("}")


def _inline(draw: st.DrawFn, put: _Flaw) -> str:
    return put(draw(WORDS)) if draw(st.booleans()) else _flow(draw, put, 1)


def _block(draw: st.DrawFn, put: _Flaw, indent: int, depth: int, kind: str,
           quiet: bool = False) -> str:
    """A block mapping or list at ``indent`` (as text, each line ending in a newline);
    ``quiet``: its first line is its first entry."""
    out = []
    keys = draw(st.lists(KEYS, min_size=1, max_size=3, unique=draw(st.booleans())))
    for n, key in enumerate(keys):
        out.append("" if quiet and not n else put(draw(NOISE)))
        pad = put(" " * indent)
        note = put(draw(st.sampled_from(NOTES)))
        if kind == "seq":
            if depth and draw(st.booleans()):  # ``- key: value`` and more keys below
                inner = _block(draw, put, indent + 2, depth - 1, "map", quiet=True)
                out.append(pad + put("- ") + inner.lstrip(" "))
            else:
                out.append(f"{pad}{put('- ')}{_inline(draw, put)}{note}\n")
        elif depth and draw(st.booleans()):
            below = draw(st.sampled_from(["map", "seq"]))
            step = draw(st.sampled_from([2, 4] if below == "map" else [0, 2, 4]))
            inner = _block(draw, put, indent + step, depth - 1, below)
            out.append(f"{pad}{put(key)}{put(':')}{note}\n{put(draw(NOISE))}{inner}")
        else:
            out.append(f"{pad}{put(key)}{put(': ')}{_inline(draw, put)}{note}\n")
    return "".join(out)


@st.composite
def _files(draw: st.DrawFn) -> str:
    """A file in the quick way's shapes; half of them with one flaw somewhere."""
    put = _Flaw(draw, draw(st.none() | st.integers(1, 60)))
    return _block(draw, put, 0, 2, "map")


@settings(max_examples=1000, deadline=None)
@given(_files())
def test_made_up_files_are_read_as_the_full_way_reads_them(text: str) -> None:
    _same_as_full_way(text)


QUICK_CASES = [  # (text, read the quick way)
    ("a: xy\nb: x #y\nc: x  # y\n", True), ("a: x#y\n", False), ("- # a\n", False),
    ("a: - x\n", False), ("a: -\n", False), ("a: x:\n", False), ("a: x:y\n", True),
    ("a: x :y\n", False), ("a: :x\n", False), ("a: x: y\n", False), ("a: .\n", False),
    ("a:\n - x\n", True), ("a:\n- x\nb: 1\n", True), ("b:\n  a:\n - x\n", False),
    ("a:\n  b: 1\n c: 2\n", False), ("a:\n  b: 1\n   c: 2\n", False), ("- a\n", False),
    ("a: [x, y]\nb: {c: [1, 2], d: {e: f}, g: 2019-08-01T15:00}\n", True),
    ("a: {b: {c: {d: e}}}\n", False), ("a: [[x]]\n", False), ("a: [x,y]\n", False),
    ("a: 1\na: 2\n", False), ("a: {b: 1, b: 2}\n", False), ("a: {b: {c: 1, c: 2}}\n", False),
    ("true: 1\n", False), ("a: {Null: 1}\n", False), ("a: {b: [1], TRUE: 2}\n", False),
    ("a:\n  - b: 1\n    c: [x]\n  - d\n  - e:\n      f: g\n", True),
    ("a:\n  - b: 1\n   c: 2\n", False), ("a:\n  - b: 1\n     c: 2\n", False),
    ("a: 1 # c\n# d\n\nb: # e\n  c: 2\n", True), ("a: 'q'\n", False), ("a: 1", False),
    ("a:\n", False), ("a:\nb: 1\n", False), ("a: b\n  c: d\n", False), ("  a: 1\n", False),
    ("a: 1\n# Mané\n", True), ("a: 1\n# \u2028\nb: 2\n", False), ("a: b\tc\n", False),
    ("a:   b\n", False), ("a: [b ]\n", False), ("a: {b: c }\n", False), ("a: { b: c}\n", False),
]


@pytest.mark.parametrize("text, quick", QUICK_CASES)
def test_the_quick_way_reads_only_what_it_reads_right(text: str, quick: bool) -> None:
    assert _same_as_full_way(text) is quick


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["minute", "type", "team", "finish", "var"]),
                          st.sampled_from(["2", "goal", "l1-20", "[low, top-corner]",
                                           "{outcome: stands, reasons: [foul]}", "true",
                                           "90+4", "[]", "{}"])), max_size=6))
def test_season_shaped_events_are_read_the_quick_way(pairs: list[tuple[str, str]]) -> None:
    """Lines like the generated season's: read the quick way unless a key is written twice."""
    items = ", ".join(f"{k}: {v}" for k, v in pairs)
    text = f"fixture:\n  home: a\n  events:\n    - {{{items}}}\n    - {{{items}}}\n"
    quick = _same_as_full_way(text)
    assert quick == (len({k for k, _ in pairs}) == len(pairs))


def test_a_plain_key_is_text_unless_the_resolver_says_otherwise() -> None:
    """``_NOT_TEXT`` is the set of key-shaped words the core schema does not read as text."""
    import re
    import string

    key = re.compile(yamlsafe._KEY)
    firsts = [c for c in string.ascii_letters + "_" if key.fullmatch(c)]
    words = set()
    for first in firsts:
        for tag, pattern in yamlsafe._CoreLoader.yaml_implicit_resolvers.get(first, ()):
            # each pattern is an alternation of words: every one it matches is listed
            assert tag in (yamlsafe._BOOL, yamlsafe._NULL), (first, tag)
            body = pattern.pattern.removeprefix("^(?:").removesuffix(")$")
            words |= {w for w in body.split("|") if w and key.fullmatch(w)
                      and pattern.match(w)}
    assert words == yamlsafe._NOT_TEXT
    for word in words:
        assert type(yamlsafe._plain(word)) is not str


# --- an event's time, read once per way of writing it -----------------------------------

TIME_PARTS = {
    "minute": ["1", "1.0", "true", "'1'", "45", "45+2", "'45+2'", "90+4", "91", "100", "120",
               "0", "-3", "[1]", "{a: 1}", "''", "null", "90 + 3", "46+1"],
    "period": ["first-half", "second-half", "extra-time-first-half", "half", "1", "[x]"],
    "phase": ["early", "late", "middle", "true"],
    "stoppage": ["true", "false", "1", "yes", "'true'"],
}


def _time_fixture(times: list[dict[str, str]], extra_time: bool, day: int = 10) -> str:
    events = "".join(
        "    - {type: card, team: napoli, person: alex-meret, color: yellow"
        + "".join(f", {k}: {v}" for k, v in t.items()) + "}\n" for t in times)
    score = "  score: 1-1\n  extra_time: 1-1\n" if extra_time else "  score: 0-0\n"
    return ("fixture:\n  competition: ucl-2019-20\n"
            f"  kickoff: 2019-12-{day}T21:00+01:00\n"
            f"  home: napoli\n  away: liverpool\n{score}  goals: incomplete\n"
            f"  events:\n{events}")


def _both_ways(texts: dict[str, str]) -> tuple[object, object]:
    """The load as it is, and with every event's time read afresh."""
    from newsgen import facts as facts_module

    kept = load_texts(texts)
    original = facts_module._match_time

    def afresh(node: object, extra_time: bool, times: object) -> object:
        return facts_module._read_match_time(node, extra_time)  # type: ignore[arg-type]

    facts_module._match_time = afresh  # type: ignore[assignment]
    try:
        plain = load_texts(texts)
    finally:
        facts_module._match_time = original
    return kept, plain


def _facts_texts() -> dict[str, str]:
    return {n: t for n, t in _bundled().items() if n.startswith("facts/")}


def test_every_bundled_fixture_has_the_times_it_has_read_afresh() -> None:
    kept, plain = _both_ways(_facts_texts())
    assert kept.facts == plain.facts  # type: ignore[attr-defined]
    assert kept.problems == plain.problems  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.fixed_dictionaries({}, optional={k: st.sampled_from(v)
                                                    for k, v in TIME_PARTS.items()}),
                min_size=1, max_size=6), st.booleans())
def test_a_time_written_again_is_read_as_if_afresh(times: list[dict[str, str]],
                                                   extra_time: bool) -> None:
    """The same time twice, in a match with extra time and one without, and near misses
    (``1``, ``1.0``, ``true``): the same facts and every problem each time it is written."""
    texts = _facts_texts()
    texts["facts/extra/times.yaml"] = _time_fixture(times + times[::-1], extra_time)
    texts["facts/extra/times2.yaml"] = _time_fixture(times, not extra_time, 11)
    kept, plain = _both_ways(texts)
    assert kept.problems == plain.problems  # type: ignore[attr-defined]
    assert kept.facts == plain.facts  # type: ignore[attr-defined]


def test_near_misses_of_a_good_time_are_each_told_of() -> None:
    times = [{"minute": "1"}, {"minute": "1.0"}, {"minute": "true"}, {"minute": "'1'"},
             {"minute": "1"}, {"minute": "1.0"}, {"period": "first-half", "stoppage": "true"},
             {"period": "first-half", "stoppage": "1"}]
    texts = _facts_texts()
    texts["facts/extra/times.yaml"] = _time_fixture(times, False)
    kept, plain = _both_ways(texts)
    assert kept.problems == plain.problems  # type: ignore[attr-defined]
    problems = kept.problems  # type: ignore[attr-defined]
    mine = [p.line for p in problems if p.file == "facts/extra/times.yaml"]
    assert mine == [10, 11, 14, 16]  # 1.0, true, 1.0 again, stoppage: 1


def test_a_fixture_of_good_times_loads_with_them() -> None:
    times = [{"minute": "1"}, {"minute": "'1'"}, {"minute": "45+2"}, {"period": "second-half"},
             {"minute": "90+4", "phase": "late"}, {"minute": "90+4"}]
    texts = _facts_texts()
    texts["facts/extra/times.yaml"] = _time_fixture(times, False)
    kept, plain = _both_ways(texts)
    assert kept.facts == plain.facts  # type: ignore[attr-defined]
    fixture = kept.facts.fixtures["2019-12-10-napoli-liverpool"]  # type: ignore[attr-defined]
    assert [e.time.label() for e in fixture.events] == ["1", "1", "45+2", "second-half",
                                                        "90+4", "90+4"]


@pytest.mark.parametrize("text", [
    "a: {b: c,d: e}\n", "a: {b: c, b: c}\n", "a: {b: c}}\n", "a: {b: c, }\n", "a: {b: c: d}\n",
    "a: {b:  c}\n", "a: { b: c}\n", "a: {b: c, d: ee\n", "a: {b: c, d: e}x\n", "a: {b: c d: e}\n",
    "a: {b: c, true: e}\n", "a: {b: c, d: e, }\n", "a: {, b: c}\n", "a: {b: c,, d: e}\n",
])
def test_a_mapping_of_words_seen_before_is_still_matched(text: str) -> None:
    """A ``{key: text}`` of keys and texts read before is taken apart without a pattern:
    near misses of one are still read as YAML reads them (here: the full way)."""
    assert _same_as_full_way("w:\n  - {b: c, d: e}\n  - {d: e, true: 1}\n  - e\n") is False
    assert _same_as_full_way("w:\n  - {b: c, d: e}\n  - {d: e, b: c}\n  - e\n")
    assert _same_as_full_way(text) is False


def _fixtures_only_line_by_line(text: str) -> bool:
    """``facts._fixtures_only`` as it was first written: each line looked at in turn."""
    import re

    for line in text.split("\n"):
        if not line or line[0] in " #" or re.match(r"(?:fixtures?|defaults):(?:[ ]|$)", line):
            continue
        return False
    return "\t" not in text and "\r" not in text


LINE_STARTS = ["fixture:", "fixtures:", "defaults:", "fixture: x", "fixtures:x", "defaults :",
               "fixturesx:", "teams:", "#", " ", "  - a", "", "\t", "\r", "house:", "'fixture':",
               "fixture:\t", "fixture: \r", "\x0b", "\x0c", "\x85", "\u2028", "d", "f"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(LINE_STARTS), max_size=2).map("".join), max_size=6),
       st.sampled_from(["\n", "\r\n", "\r"]))
def test_which_files_hold_fixtures_only_is_told_as_line_by_line(lines: list[str],
                                                                  end: str) -> None:
    from newsgen import facts

    text = end.join(lines)
    assert facts._fixtures_only(text) is _fixtures_only_line_by_line(text)


def test_every_bundled_file_holds_fixtures_only_as_told_line_by_line() -> None:
    from newsgen import facts

    texts = _bundled()
    texts |= {f"made-up {i}": text for i, text in enumerate([
        "fixture: x\nteams:\n", "fixtures:\n  - a\nhouse: {}\n", "# c\n\ndefaults: {}\nx: 1\n",
        "fixture:\n  a: 1\n\tb: 2\n", "fixture:\n  a: 1\r\n", "fixture:\n'fixture': 1\n"])}
    told = [facts._fixtures_only(t) for t in texts.values()]
    assert told == [_fixtures_only_line_by_line(t) for t in texts.values()]
    assert any(told) and not all(told)


def test_safe_text_is_told_as_the_pattern_tells_it() -> None:
    unsafe = re.compile(yamlsafe._UNSAFE)
    edges = [c + d for low, high in yamlsafe._SAFE_RANGES for c in (ord(low), ord(high))
             for d in (-1, 0, 1)]
    for code in [*range(0x300), 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xD7FF, 0xE000, 0x1F600,
                 0x10FFFF, *edges]:
        for text in (f"a: b{chr(code)}\n", f"{chr(code)}\n\n", chr(code), f"é{chr(code)}"):
            assert yamlsafe._safe(text) is (unsafe.search(text) is None), code
