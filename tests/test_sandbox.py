"""Templates are compiled by newsgen's own code generator (``FastCode``), which reads fields
and calls macros in one step: what a template may read and call must stay exactly what
Jinja's sandbox allows, with the same answers."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

import jinja2
import pytest
from conftest import TEMPLATES
from jinja2.sandbox import SandboxedEnvironment

from newsgen.errors import NewsgenError
from newsgen.facts import Loaded
from newsgen.planner import Message, plan
from newsgen.realise import ContextUndefined, FastCode, Namer, Realiser

FIXTURE = "2019-11-27-liverpool-napoli"

MACROS = """\
{%- macro two(a, b) %}[{{ a }}|{{ b }}]{% endmacro -%}
{%- macro defaults(a, b="B") %}[{{ a }}|{{ b }}]{% endmacro -%}
{%- macro rest(a) %}[{{ a }}|{{ varargs|length }}|{{ kwargs|length }}]{% endmacro -%}
{%- macro wrap() %}<{{ caller() }}>{% endmacro -%}
"""

# what templates do (fields of messages and their bodies, lexicon keys, loops, macros) and
# what they must not (private names, methods that reach the interpreter, str.format)
EXPRESSIONS = [
    "{{ m.kind }}", "{{ m.scorer.id }}", "{{ m.time.value.minute }}", "{{ m.variant }}",
    "{{ m.nothing is defined }}", "{{ m.scorer.nothing is defined }}",
    "{{ g.kind }} {{ g.facts|length }}", "{{ lex.units is mapping }}",
    "{{ lex.nothing is defined }}",
    "{{ lex.items is defined }}", "{{ lex['units'] is mapping }}",
    "{% for x in [1, 2, 3] %}{{ loop.index }}{{ loop.last }}{{ loop.revindex }}{% endfor %}",
    "{% for x in [1, 2] %}{{ two(x, loop.index) }}{% endfor %}",
    "{{ two(1, 2) }}", "{{ two(1) }}", "{{ two(b=2, a=1) }}", "{{ defaults(1) }}",
    "{{ rest(1, 2, 3, x=4) }}", "{% call wrap() %}in{% endcall %}",
    "{{ [3, 1, 2]|sort|join(',') }}", "{{ ['a', 'b']|map('upper')|list|join }}",
    "{{ 'abc'.upper() }}", "{{ range(3)|list|length }}",
    "{{ m.__class__ }}", "{{ m._fields }}", "{{ m.body.__class__.__mro__ }}",
    "{{ lex.__class__ }}", "{{ ''.__class__.__mro__ }}", "{{ two.__globals__ }}",
    "{{ two._func }}", "{{ m.__getattr__('kind') }}",
    "{{ '{0.__class__}'.format(m) }}", "{{ 'a'.format_map({}) }}",
    "{{ lex.update({}) }}", "{{ [].append(1) }}", "{{ lex.clear() }}",
    "{% for x in [1] %}{{ loop.__class__ }}{% endfor %}",
    "{{ cycler(1, 2).next() }}", "{{ joiner()() }}",
    "{% set xs = [] %}{% set _ = xs.append(1) %}{% set _ = xs.extend([2, 3]) %}{{ xs }}",
    "{{ [1, 2].index(2) }} {{ (1, 2).count(1) }} {{ 'a,b'.split(',') }}",
    "{{ lex.keys() is defined }}",
    "{{ {'a': 1}.items()|list }} {{ {'a': 1}.get('a') }} {{ 'ab'.startswith('a') }}",
    "{{ [1].pop() }}", "{{ {}.nothing is defined }}", "{{ ''.nothing is defined }}",
    "{{ 'x'.format_map is defined }}", "{{ 'x'.format_map({}) }}", "{{ ''.__len__() }}",
    "{{ [].__class__ }}", "{{ [1].copy is defined }}",
    "{{ (m.facts.index(m.facts[0])) }} {{ m.facts.count }}",
    "{{ [1, 2].__iter__().__next__() }}", "{{ iter is defined }}",
    "{{ ['a', 'b']|map('replace', 'a', 'c')|join(',') }}", "{{ [1]|map('nothing')|list }}",
    "{{ none|map('upper')|list }}", "{{ [m]|map(attribute='kind')|list }}",
    "{{ ['x', '']|map('default', 'y', true)|list }}", "{{ [m.scorer]|map('short')|list }}",
    "{{ [1, 2]|map('ordinal')|list }}", "{{ [m.scorer]|map('the', none)|list }}",
    "{{ [1]|map('upper', x=1)|list }}", "{{ [1]|map(x)|list }}",
]


NAMERS: list[Namer] = []  # whose first and later mentions each outcome starts afresh


def outcome(env: jinja2.Environment, source: str, **context: Any) -> str:
    for namer in NAMERS:
        namer.start("")
    try:
        return env.from_string(MACROS + source).render(**context)
    except jinja2.exceptions.SecurityError:
        return "SecurityError"
    except NewsgenError as exc:
        return f"NewsgenError: {exc}"
    except jinja2.TemplateError as exc:
        return f"{type(exc).__name__}"
    except TypeError as exc:
        return f"TypeError: {exc}"


@pytest.fixture(scope="module")
def environments(bundled: Loaded) -> tuple[jinja2.Environment, jinja2.Environment, dict[str, Any]]:
    realiser = Realiser(TEMPLATES, bundled.facts)
    ours = realiser.environment("en")[0]
    NAMERS[:] = [realiser.names("en")]
    # Jinja's own sandbox and code generator, with the same filters, tests and globals
    stock = SandboxedEnvironment(undefined=ContextUndefined, autoescape=False,
                                 finalize=ours.finalize)
    stock.filters, stock.tests = dict(ours.filters), dict(ours.tests)
    stock.filters["map"] = SandboxedEnvironment().filters["map"]  # newsgen calls its own
    stock.globals.update(ours.globals)
    messages = list(plan(bundled.facts, FIXTURE).messages)
    goal = next(m for m in messages if m.kind == "goal")
    first = messages[0]
    assert isinstance(goal, Message)
    context = {"m": goal, "g": first, "lex": ours.globals["lex"]}
    return ours, stock, context


def test_templates_are_compiled_by_newsgen_s_code_generator(
        environments: tuple[jinja2.Environment, jinja2.Environment, dict[str, Any]]) -> None:
    ours = environments[0]
    assert ours.code_generator_class is FastCode
    source = ours.compile("{{ m.kind }}{{ two(1) }}", raw=True)
    assert "_ng_getattr(" in source and "_ng_call(" in source and "_ng_print(" in source
    assert "environment.getattr(" not in source


@pytest.mark.parametrize("source", EXPRESSIONS)
def test_the_fast_paths_allow_and_answer_what_the_sandbox_does(
        environments: tuple[jinja2.Environment, jinja2.Environment, dict[str, Any]],
        source: str) -> None:
    ours, stock, context = environments
    assert outcome(ours, source, **context) == outcome(stock, source, **context)


@dataclass(frozen=True)
class Odd:
    """newsgen's own data as far as the sandbox can tell, with a property that fails."""

    field: int

    @property
    def failing(self) -> int:
        raise AttributeError("failing")

    @property
    def doubled(self) -> int:
        return self.field * 2


Odd.__module__ = "newsgen.test"


@dataclass(frozen=True, slots=True)
class Base:
    field: int


class Shadow(Base):
    """A subclass that turned a field into a property that fails."""

    __slots__ = ()

    @property
    def field(self) -> int:
        raise AttributeError("field")


@dataclass(frozen=True)
class Unset:
    field: int
    later: int = dataclasses.field(init=False)  # never set
    hidden: dataclasses.InitVar[int] = 0
    told: dataclasses.InitVar[int] = dataclasses.field(default=0)
    fmt: Any = "{0.__class__}".format


@dataclass
class Loose:  # not frozen: a field can be taken away
    field: int


for _cls in (Base, Shadow, Unset, Loose):
    _cls.__module__ = "newsgen.test"


def _odd_ones() -> dict[str, Any]:
    shadow = object.__new__(Shadow)
    Base.__dict__["field"].__set__(shadow, 1)  # as Base's __init__ would, past the property
    loose = Loose(1)
    del loose.field
    return {"x": Odd(2), "s": shadow, "u": Unset(1), "lo": loose}


@pytest.mark.parametrize("source", [
    "{{ x.field }}", "{{ x.doubled }}", "{{ x.failing is defined }}", "{{ x.failing }}",
    "{{ m.scorer.id }} {{ m.kind }}", "{{ m.failing is defined }}",
    "{{ s.field is defined }}", "{{ u.field }}", "{{ u.later is defined }}",
    "{{ u.hidden is defined }}", "{{ u.told is defined }}", "{{ u.fmt(m) }}",
    "{{ lo.field is defined }}",
    # a loop's counters that read ahead in what is looped over, which fails part-way
    "{% for x in [{'a': 1}, [1]]|map('dictsort') %}{{ x|length }}"
    "{% if not loop.last %}, {% endif %}{% endfor %}",
    "{% for x in [{'a': 1}, [1]]|map('dictsort') %}{{ loop.length }}{% endfor %}",
    "{% for x in [{'a': 1}, [1]]|map('dictsort') %}{{ loop.revindex }}{% endfor %}",
    "{% for x in [{'a': 1}, [1]]|map('dictsort') %}{{ loop.nextitem is defined }}"
    "{% endfor %}",
    "{% for x in [1, 2] %}{{ loop.index }}{{ loop.first }}{{ loop.previtem }}"
    "{{ loop.last }}{{ loop.length }}{% endfor %}"])
def test_odd_fields_and_loop_counters_answer_what_the_sandbox_does(
        environments: tuple[jinja2.Environment, jinja2.Environment, dict[str, Any]],
        source: str) -> None:
    # a field that fails, a string's format held in a field, a loop counter over an iterator
    # that fails part-way: each read twice (the second time with the reader known)
    ours, stock, context = environments
    context = {**context, **_odd_ones()}
    first = outcome(ours, source, **context)
    assert outcome(ours, source, **context) == first == outcome(stock, source, **context)


def test_private_names_and_interpreter_internals_are_refused(
        environments: tuple[jinja2.Environment, jinja2.Environment, dict[str, Any]]) -> None:
    ours, _, context = environments
    for source in ("{{ m.__class__ }}", "{{ ''.__class__.__mro__ }}", "{{ two._func }}",
                   "{{ '{0.__class__}'.format(m) }}", "{{ m.body.__class__.__mro__ }}"):
        assert outcome(ours, source, **context) == "SecurityError", source


CHAINS = [
    # a read behind ``and`` is not kept: the next test reads it afresh (each loop pass)
    "{% for x in xs %}{% if x.a and x.b == 1 %}A{% elif x.b == 2 %}B{% else %}C{% endif %}"
    "{% endfor %}",
    "{% for x in xs %}{% if x.b == 1 or x.a %}A{% elif x.a == 0 %}B{% endif %}{% endfor %}",
    "{% for x in xs %}{% if x.a < 1 < x.b %}A{% elif x.b == 2 %}B{% endif %}{% endfor %}",
    "{% for x in xs %}{% if (x.b if x.a else 0) == 1 %}A{% elif x.b %}B{% endif %}{% endfor %}",
    "{% for x in xs %}{% if x.c.d == 1 %}A{% elif x.c.e == 2 %}B{% elif x.c %}C{% endif %}"
    "{% endfor %}",
    "{% for x in xs %}{% if x.a %}{% if x.b == 1 %}A{% elif x.b == 2 %}B{% endif %}"
    "{% elif x.a is none %}N{% endif %}{% endfor %}",
    # a chain that calls something is left as it is
    "{% set ns = namespace(n=0) %}{% macro bump() %}{% set ns.n = ns.n + 1 %}{% endmacro %}"
    "{% for x in xs %}{% if ns.n == 5 %}A{% elif bump() or ns.n %}{{ ns.n }}{% endif %}"
    "{% endfor %}",
]
ITEMS = [{"a": 1, "b": 1, "c": {"d": 1, "e": 0}}, {"a": 0, "b": 2, "c": {"d": 0, "e": 2}},
         {"a": 1, "b": 2, "c": {"d": 0, "e": 0}}, {"a": 0, "b": 1, "c": {}},
         {"a": None, "b": 3, "c": {"d": 2}}]


@pytest.mark.parametrize("source", CHAINS)
def test_an_if_chain_reads_each_field_once_with_the_same_answers(
        environments: tuple[jinja2.Environment, jinja2.Environment, dict[str, Any]],
        source: str) -> None:
    ours, stock, _ = environments
    for xs in (ITEMS, ITEMS[::-1], ITEMS[1:] + ITEMS[:1]):
        assert outcome(ours, source, xs=xs) == outcome(stock, source, xs=xs)


def test_an_if_chain_keeps_only_reads_every_earlier_test_makes(
        environments: tuple[jinja2.Environment, jinja2.Environment, dict[str, Any]]) -> None:
    ours = environments[0]
    code = ours.compile("{% if m.angle == 'a' and m.kind %}1{% elif m.angle == 'b' %}2"
                        "{% elif m.kind == 'c' %}3{% endif %}", raw=True)
    kept = re.findall(r"\((t_\d+) := _ng_getattr\(.*?, '(\w+)'\)\)", code)
    assert [attr for _, attr in kept] == ["angle"]  # m.kind is behind ``and``: not kept
    assert code.count(f"({kept[0][0]} == 'b')") == 1
    assert code.count("'kind')") == 2 and code.count("'angle')") == 1
