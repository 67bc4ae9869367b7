"""The load stage's shortcuts give what the plain way gives.

``yamlsafe._quick`` reads files written in a few plain shapes without PyYAML; whatever it
gives must be what composing with PyYAML (C and pure loader) gives: the same values of the
same types, the same lines and columns (worked out lazily), and no problem; whatever it gives
up on is read the full way.
"""

from __future__ import annotations

from pathlib import Path

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


def test_the_quick_way_loads_the_same_facts_and_problems() -> None:
    from newsgen import facts as facts_module

    texts = {n: t for n, t in _bundled().items() if n.startswith("facts/")}
    texts["facts/extra/bad.yaml"] = (
        "fixture:\n  competition: ucl-2019-20\n  kickoff: 2019-11-27T21:00+01:00\n"
        "  home: napoli\n  away: liverpol\n  score: 1-1\n  events:\n"
        "    - {minute: 95, type: goal, team: napoli, finish: [low, hihg]}\n"
        "    - {minute: 3, type: card, team: napoli, person: nobody, var: {outcome: x}}\n")
    quick = load_texts(texts)
    original = facts_module.parse_lenient

    def full_way(text: str, filename: str) -> object:
        return yamlsafe._compose(text, filename, yamlsafe._CoreLoader)

    facts_module.parse_lenient = full_way  # type: ignore[assignment]
    try:
        full = load_texts(texts)
    finally:
        facts_module.parse_lenient = original
    assert yamlsafe._quick(texts["facts/extra/bad.yaml"]) is not None
    assert quick.problems == full.problems
    assert any(p.file == "facts/extra/bad.yaml" for p in quick.problems)
    assert quick.failed == full.failed
    assert quick.facts == full.facts


# --- made-up files near the quick way's shapes ------------------------------------------

KEYS = st.sampled_from(["a", "b", "id", "type", "minute", "x-y", "_k", "a1", "true", "Null",
                        "no", "on", "y", "<<", "a b", "'q'", "k:", "-k", "1"])
WORDS = st.sampled_from(["1", "-3", "+4", "2.5", ".5", "5.", "1e3", "0x1F", "0o7", "1_0",
                         "true", "False", "TRUE", "tRUE", "null", "~", "NO", "yes", "1:0",
                         "20:45", "90+4", "2019-11-27T21:00+01:00", "a b", "a  b", "a #b",
                         "a# b", "a:b", "a: b", "x:", "'q'", "it's", "- x", "-x", "-", ".",
                         "a,b", "&a", "*a", "!t x", "!!str 5", "|", ">", "%", "@", "`", "é",
                         "a\tb", "", " a", "a ", "l1-20-p11", "far-corner", ".inf", "-.5",
                         "Porto Alto Park", "2019/20", "x'y", "?", "a?b"])
SCALARS = WORDS | st.text(alphabet="ab1-+.:#, '[]{}!&*?|", max_size=6)


def _flow(depth: int) -> st.SearchStrategy[str]:
    seps = st.sampled_from([", ", ", ", ", ", ",", " ,", ",  "])
    items = SCALARS if depth == 0 else SCALARS | _flow(depth - 1)
    pair = st.tuples(KEYS, st.sampled_from([": ", ": ", ":", ":  "]), items).map("".join)
    flow_list = st.tuples(st.lists(items, max_size=3), seps).map(lambda t: "[" + t[1].join(t[0])
                                                                + "]")
    flow_map = st.tuples(st.lists(pair, max_size=4), seps).map(lambda t: "{" + t[1].join(t[0])
                                                              + "}")
    return flow_list | flow_map


INLINE = SCALARS | _flow(1)
NOISE = st.sampled_from(["", "", "", "", "\n", "# note\n", "  # note\n", "   \n", "#\n",
                         "# Mané\n", "# a\u2028b\n", "# \x85\n", "#\ufeff\n", "\t\n"])
NOTE = st.sampled_from(["", "", "", " # note", "  # Mané", "# x", " #", "\t# x"])


@st.composite
def _block(draw: st.DrawFn, indent: int, depth: int, kind: str, quiet: bool = False) -> str:
    """A block mapping or list at ``indent`` (as text, each line ending in a newline);
    ``quiet``: its first line is its first entry."""
    out = []
    for n in range(draw(st.integers(1, 3))):
        out.append("" if quiet and not n else draw(NOISE))
        pad = " " * indent
        if kind == "seq":
            if depth and draw(st.booleans()):  # ``- key: value`` and more keys below
                inner = draw(_block(indent + 2, depth - 1, "map", quiet=True))
                out.append(pad + "- " + inner[indent + 2:])
            else:
                out.append(f"{pad}- {draw(INLINE)}{draw(NOTE)}\n")
            continue
        key = draw(KEYS)
        if depth and draw(st.booleans()):
            below = draw(st.sampled_from(["map", "seq"]))
            step = draw(st.sampled_from([0, 1, 2, 2, 4]))
            note = draw(st.sampled_from(["", "", " # note", "# note", "  #"]))
            out.append(f"{pad}{key}:{note}\n" + draw(NOISE) + draw(_block(indent + step, depth - 1,
                                                                   below)))
        else:
            out.append(f"{pad}{key}:{draw(st.sampled_from([' ', ' ', '  ', '']))}"
                       f"{draw(INLINE)}{draw(NOTE)}\n")
    return "".join(out)


@settings(max_examples=400, deadline=None)
@given(_block(0, 2, "map"), NOISE, st.sampled_from(["", "", "", " ", "x"]))
def test_made_up_files_are_read_as_the_full_way_reads_them(body: str, tail: str,
                                                             cut: str) -> None:
    text = body + tail
    if cut == " ":
        text = text.rstrip("\n")  # no newline at the end
    elif cut == "x":
        text = text.replace(": ", ":\t", 1)
    _same_as_full_way(text)


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
