"""The template context reference page, generated from the code so it cannot drift.

``docs/template-context.md`` lists every message kind (the macro a locale must define), its
fields with their type, the comment the code gives them and an example value from the
bundled facts, then every filter and test with its description and an example rendered
in English. A test regenerates the page and compares (``pytest --update-golden`` rewrites
it).
"""

from __future__ import annotations

import dataclasses
import inspect
import io
import re
import tokenize
import typing
from collections.abc import Iterable
from typing import Any

from . import messages
from .checker import _hints
from .errors import NewsgenError
from .messages import KINDS, Mention, Story, V
from .model import FactSet, MatchTime
from .planner import plan
from .realise import Realiser, strip_marks

# Filters shown on an example: an expression over the Liverpool-Napoli full plan's messages,
# by kind (``lede``, ``goal``, ``table``...), and ``story``.
FILTER_EXAMPLES = {
    "figure": "table.rows[0].points|figure", "num": "table.rows[0].points|num",
    "ordinal": "table.rows[0].points|ordinal", "times": "lede.score.value.home|times",
    "plural": "table.rows[0].points|plural('point')", "score": "lede.score|score",
    "minute": "goal.time|minute", "added": "",
    "weekday": "lede.day|weekday", "month": "lede.day|month",
    "month_year": "lede.day|month_year", "day_month": "lede.day|day_month",
    "country": "story.country|country", "upper": "story.city|upper",
    "short": "goal.scorer|short", "full": "goal.scorer|full",
    "possessive": "goal.scorer|short|possessive",
    "join": "[story.home, story.away]|join", "term": "goal.assist_kind|term('assist_kind')",
    "city": "story.city|city", "standalone": "story.city|standalone",
    "article": "story.competition|article", "agree": "story.home|agree('leads', 'lead')",
    "the": "story.home|the", "demonym": "",
}


def field_comments(cls: type) -> dict[str, str]:
    """The ``# comment`` after each field in a dataclass's source."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return {}
    comments: dict[str, str] = {}
    line_field: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.NAME and tok.start[1] == 4 and tok.start[0] not in line_field:
            line_field[tok.start[0]] = tok.string
        elif tok.type == tokenize.COMMENT and tok.start[0] in line_field:
            comments[line_field[tok.start[0]]] = tok.string.lstrip("# ").strip()
    return comments


def type_text(hint: Any) -> str:
    text = getattr(hint, "__name__", None) if isinstance(hint, type) else None
    text = text or str(hint).replace("newsgen.messages.", "").replace("typing.", "")
    return text.replace("NoneType", "None")


def _what(hint: Any) -> str:
    """A plain description of a field from its type."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    base = args[0] if len(args) == 1 else hint
    optional = " (or none)" if type(None) in typing.get_args(hint) else ""
    if base is V:
        return f"a value with its fact id: print it, or a filter of it{optional}"
    if base is Mention:
        return f"a team or person: prints its name (`the`, `short`, `full`){optional}"
    if base is bool:
        return "a flag that steers the wording; prints nothing"
    if base is str:
        return f"a word of the facts' vocabulary; steers the wording (`term` translates it)" \
               f"{optional}"
    if base is int:
        return "a number that steers the wording; prints nothing"
    if typing.get_origin(base) is tuple:
        return "a list: loop over it, or `join` it"
    if isinstance(base, type) and dataclasses.is_dataclass(base):
        return f"a `{base.__name__}`{optional}"
    return ""


def example(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, V):
        raw = value.value
        shown = f"{raw.minute}'" if isinstance(raw, MatchTime) and raw.minute else str(raw)
        return f"`{shown}` ({value.fid})"
    if isinstance(value, Mention):
        return f"{value.kind} `{value.id}`"
    if isinstance(value, tuple):
        return f"{len(value)} item(s)" + (f", first: {example(value[0])}" if value else "")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return f"a `{type(value).__name__}`"
    return f"`{value}`"


def _examples(facts: FactSet, fixtures: Iterable[str]) -> dict[tuple[str, str], Any]:
    found: dict[tuple[str, str], Any] = {}

    def visit(obj: Any, owner: str) -> None:
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            key = (owner, f.name)
            if key not in found and value not in (None, (), False, ""):
                found[key] = value
            if dataclasses.is_dataclass(value) and not isinstance(value, (V, Mention, type)):
                visit(value, type(value).__name__)
            elif isinstance(value, tuple) and value and dataclasses.is_dataclass(value[0]) \
                    and not isinstance(value[0], (V, Mention)):
                visit(value[0], type(value[0]).__name__)

    for fid in fixtures:
        full = plan(facts, fid)
        visit(full.story, "Story")
        for m in full.messages:
            visit(m.body, m.kind)
    return found


def _table(owner: str, cls: type, found: dict[tuple[str, str], Any]) -> list[str]:
    hints = _hints(cls)
    comments = field_comments(cls)
    for base in cls.__mro__[1:]:
        comments = {**field_comments(base), **comments}
    rows = ["| field | type | what it is | example |", "|---|---|---|---|"]
    for f in dataclasses.fields(cls):
        hint = hints.get(f.name, Any)
        what = comments.get(f.name) or _what(hint)
        shown = example(found.get((owner, f.name)))
        rows.append(f"| `{f.name}` | `{type_text(hint)}` | {_cell(what)} | {_cell(shown)} |")
    return rows


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _doc(obj: Any) -> str:
    return re.sub(r"\s+", " ", inspect.getdoc(obj) or "").strip()


def _documented(cls: type) -> bool:
    """A docstring of its own, not the signature dataclasses write for it."""
    return bool(cls.__doc__) and not str(cls.__doc__).startswith(cls.__name__ + "(")


def _nested(kinds: Iterable[type]) -> list[type]:
    """The dataclasses message fields hold (LedeGoal, Row...), in first-seen order."""
    seen: list[type] = []

    def walk(cls: type) -> None:
        for hint in _hints(cls).values():
            for t in (hint, *typing.get_args(hint), *(a for x in typing.get_args(hint)
                                                       for a in typing.get_args(x))):
                if isinstance(t, type) and dataclasses.is_dataclass(t) and t not in seen \
                        and t not in (V, Mention) and t.__module__ == messages.__name__ \
                        and t not in KINDS.values():
                    seen.append(t)
                    walk(t)

    for cls in kinds:
        walk(cls)
    return seen


def template_context(realiser: Realiser, fixtures: Iterable[str], sample: str) -> str:
    """The reference page (Markdown) for the templates under ``realiser``."""
    facts = realiser.facts
    found = _examples(facts, [sample, *(f for f in fixtures if f != sample)])
    out = ["# Template context reference", "",
           "Generated from the code by `newsgen reference` (a test keeps it current): do not",
           "edit by hand. See `docs/translating.md` for how to use it.", "",
           "Every locale's `messages.md.j2` defines one macro per message kind below; the",
           "macro receives the message `m`, whose attributes are the kind's fields. Values to",
           "print are `V` (a value with its fact id) and mentions of a team or person; flags and",
           "vocabulary words steer the wording and print nothing by themselves. Examples come",
           "from the bundled facts.", "",
           "## What every template sees", "",
           "| name | what it is |", "|---|---|",
           "| `plan` | the plan of one length: `plan.paragraphs` (lists of messages), "
           "`plan.messages` |",
           "| `story` | the fixture: the fields of `Story` below |",
           "| `notice` | the house style's generated-text notice in this locale (or none) |",
           "| `say(m)` | the text of a message: calls the macro named after `m.kind` |",
           "| `lex` | the locale's lexicon, as data |",
           "| `locale` | the locale's code (`it`) |", "",
           "## Story", "", _doc(Story), "", *_table("Story", Story, found), "",
           "## Message kinds", ""]
    for kind, cls in KINDS.items():
        out += [f"### `{kind}`", ""]
        if _documented(cls):
            out += [_doc(cls), ""]
        out += [*_table(kind, cls, found), ""]
    out += ["## Parts of messages", ""]
    for cls in _nested(KINDS.values()):
        out += [f"### `{cls.__name__}`", ""]
        if _documented(cls):
            out += [_doc(cls), ""]
        out += [*_table(cls.__name__, cls, found), ""]
    out += ["## Filters", "", "| filter | what it does | example (en) |", "|---|---|---|"]
    env, _, namer = realiser.environment("en")
    full = plan(facts, sample)
    context: dict[str, Any] = {"story": full.story}
    for m in full.messages:
        context.setdefault(m.kind, m)
    filters = {name: fn for name, fn in env.filters.items()
               if getattr(fn, "__module__", "") == "newsgen.realise"}
    for name, fn in sorted(filters.items()):
        expr = FILTER_EXAMPLES.get(name, "")
        shown = ""
        if expr:
            namer.seen = set()
            text = strip_marks(env.from_string("{{ " + expr + " }}").render(**context))
            shown = f"`{{{{ {expr} }}}}` → {text}"
        out.append(f"| `{name}` | {_cell(_doc(fn))} | {_cell(shown)} |")
    out += ["", "## Tests", "", "| test | what it does |", "|---|---|",
            "| `unseen` | true for a team or person not yet named in this document |", ""]
    return "\n".join(out)



SAMPLE = "2019-11-27-liverpool-napoli"


def reference_page(realiser: Realiser) -> str:
    """The page for the facts and templates of ``realiser``, with examples from its played
    fixtures (Liverpool-Napoli first, when it is there)."""
    played = sorted(f.id for f in realiser.facts.fixtures.values() if f.played)
    if not played:
        raise NewsgenError("found no played fixture, expected one to take examples from")
    sample = SAMPLE if SAMPLE in played else played[0]
    return template_context(realiser, played, sample) + "\n"
