"""What ``newsgen check`` finds in a locale's templates and lexicon without rendering.

Rendering every bundled fixture catches what the bundle reaches; a branch no bundled
fixture reaches would go unchecked. So the checker also walks each template's Jinja syntax
tree and looks up every variable, attribute path, filter and test it uses in the template
context (``messages.KINDS``, ``Story``, ``Plan``, the filters of ``realise.make_filters``),
following types through ``set`` and ``for``: in the macro ``goal(m)``, ``m`` is a goal
message, ``m.time`` a ``V``. An unknown name is reported with its file, line and the closest
known name. It also checks that a locale has the templates and message macros English has,
and that its lexicon covers what the facts need (terms, units, a gender for every team and
named competition or group where the language has genders).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes

from . import messages, model
from .lexicon import Lexicon
from .messages import KINDS, Story
from .model import FactSet
from .planner import Message, Plan

REFERENCE_LOCALE = "en"
LOOP_ATTRS = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length",
                        "cycle", "depth", "depth0", "previtem", "nextitem", "changed"})
SCALARS = (str, int, float, bool, dt.date)


@dataclass(frozen=True)
class Ty:
    """What the checker knows of a value: its class (None: anything), what iterating it
    gives, and for a message, the dataclass of its kind."""

    cls: Any = None
    item: Ty | None = None
    body: type | None = None
    macros: frozenset[str] = frozenset()  # an imported template: the macros it defines


ANY = Ty()


@cache
def _hints(owner: Any) -> dict[str, Any]:
    module = getattr(owner, "__module__", None)
    namespace = vars(__import__(module, fromlist=["_"])) if module else {}
    try:
        return typing.get_type_hints(owner, globalns=namespace)
    except Exception:  # an annotation the checker cannot resolve: treat the value as unknown
        return {}


def _ty(hint: Any) -> Ty:
    """A ``Ty`` from a type annotation: ``V | None`` → V, ``tuple[Message, ...]`` →
    iterable of messages."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        return _ty(rest[0]) if len(rest) == 1 else ANY
    if origin in (tuple, list, frozenset, set):
        item = args[0] if args and (origin is not tuple or args[-1] is Ellipsis
                                    or len(set(args)) == 1) else Any
        return Ty(origin, item=_ty(item))
    if isinstance(hint, type) and (dataclasses.is_dataclass(hint) or hint in SCALARS):
        return Ty(hint)
    return ANY


def _fields(cls: type) -> dict[str, Ty]:
    """Fields and properties of a class with their types."""
    out = {f.name: _ty(_hints(cls).get(f.name, Any)) for f in dataclasses.fields(cls)}
    for name, value in vars(cls).items():
        if isinstance(value, property) and value.fget is not None:
            out[name] = _ty(_hints(value.fget).get("return", Any))
    return out


@cache
def universe() -> frozenset[str]:
    """Every attribute name any value of the template context can have."""
    names: set[str] = set(LOOP_ATTRS)
    for module in (messages, model):
        for obj in vars(module).values():
            if isinstance(obj, type) and dataclasses.is_dataclass(obj):
                names.update(_fields(obj))
    names.update(_fields(Message))
    return frozenset(names)


def context() -> dict[str, Ty]:
    """The variables every template sees: the length templates' context and the globals."""
    from .roundup import RoundupText  # the roundup template's context

    return {"plan": Ty(Plan), "story": Ty(Story), "notice": Ty(str), "say": ANY,
            "roundup": Ty(RoundupText),
            "lex": Ty(dict), "locale": Ty(str), "range": ANY, "dict": ANY, "namespace": ANY,
            "cycler": ANY, "joiner": ANY, "lipsum": ANY, "caller": ANY, "varargs": ANY,
            "kwargs": ANY}


def _closest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass
class Walker:
    """Walks one template's syntax tree and reports unknown names, with file and line."""

    where: str  # "templates/it/messages.md.j2", as problems name it
    env: Environment
    problems: list[str] = field(default_factory=list)

    def report(self, node: nodes.Node, what: str) -> None:
        self.problems.append(f"{self.where}:{node.lineno}: {what}")

    # -- statements -------------------------------------------------------------------------

    def body(self, body: Iterable[nodes.Node], scope: dict[str, Ty]) -> None:
        for node in body:
            self.stmt(node, scope)

    def bind(self, target: nodes.Node, ty: Ty, scope: dict[str, Ty]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = ty
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, ANY, scope)
        elif isinstance(target, nodes.NSRef):
            self.expr(nodes.Name(target.name, "load", lineno=target.lineno), scope)

    def stmt(self, node: nodes.Node, scope: dict[str, Ty]) -> None:
        if isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            for arg in node.args:
                inner[arg.name] = ANY
            if isinstance(node, nodes.Macro) and node.name in KINDS and node.args:
                inner[node.args[0].name] = Ty(Message, body=KINDS[node.name])
            for default in node.defaults:
                self.expr(default, scope)
            if isinstance(node, nodes.CallBlock):
                self.expr(node.call, scope)
            self.body(node.body, inner)
        elif isinstance(node, nodes.For):
            iterated = self.expr(node.iter, scope)
            inner = dict(scope)
            self.bind(node.target, iterated.item or ANY, inner)
            inner["loop"] = Ty(LoopType)
            if node.test is not None:
                self.expr(node.test, inner)
            self.body(node.body, inner)
            self.body(node.else_, scope)
            scope.update({k: v for k, v in inner.items() if k not in scope and k != "loop"})
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.expr(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            self.body(node.body, scope)
            self.bind(node.target, Ty(str), scope)
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope)
            self.body(node.body, scope)
            for elif_ in node.elif_:
                self.stmt(elif_, scope)
            self.body(node.else_, scope)
        elif isinstance(node, (nodes.Import, nodes.FromImport)):
            macros = self.imported(node.template)
            if isinstance(node, nodes.Import):
                scope[node.target] = Ty(types.ModuleType, macros=macros)
            else:
                for name in node.names:
                    scope[name if isinstance(name, str) else name[1]] = ANY
        elif isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.expr(child, scope)
        elif isinstance(node, nodes.Expr):
            self.expr(node, scope)
        else:
            for sub in node.iter_child_nodes():
                self.stmt(sub, scope)

    def imported(self, template: nodes.Expr) -> frozenset[str]:
        if not isinstance(template, nodes.Const) or self.env.loader is None:
            return frozenset()
        try:
            source = self.env.loader.get_source(self.env, template.value)[0]
            tree = self.env.parse(source)
        except Exception:  # reported where that template itself is checked
            return frozenset()
        return frozenset(m.name for m in tree.find_all(nodes.Macro))

    # -- expressions ------------------------------------------------------------------------

    def expr(self, node: nodes.Node, scope: dict[str, Ty]) -> Ty:
        if isinstance(node, nodes.Name):
            if node.ctx != "load" or node.name in scope:
                return scope.get(node.name, ANY)
            self.report(node, f"unknown variable {node.name!r}{_closest(node.name, scope)}")
            return ANY
        if isinstance(node, nodes.Getattr):
            return self.attr(node, self.expr(node.node, scope), node.attr)
        if isinstance(node, (nodes.List, nodes.Dict)):
            for child in node.iter_child_nodes():
                self.expr(child, scope)
            return Ty(list if isinstance(node, nodes.List) else dict)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
            self.expr(node.arg, scope)
            return base.item or ANY
        if isinstance(node, (nodes.Filter, nodes.Test)):
            known = self.env.filters if isinstance(node, nodes.Filter) else self.env.tests
            kind = "filter" if isinstance(node, nodes.Filter) else "test"
            if node.name not in known:
                self.report(node, f"unknown {kind} {node.name!r}{_closest(node.name, known)}")
            base = self.expr(node.node, scope) if node.node is not None else ANY
            for child in [*node.args, *(k.value for k in node.kwargs)]:
                self.expr(child, scope)
            if isinstance(node, nodes.Filter) and node.name in ("list", "sort", "reverse",
                                                                 "unique", "batch"):
                return base
            if isinstance(node, nodes.Filter) and node.name in ("first", "last"):
                return base.item or ANY
            return ANY
        for child in node.iter_child_nodes():
            self.expr(child.value if isinstance(child, nodes.Keyword) else child, scope)
        return ANY

    def attr(self, node: nodes.Node, base: Ty, name: str) -> Ty:
        cls = base.cls
        if cls is None:
            if name not in universe():
                self.report(node, f"unknown attribute {name!r}{_closest(name, universe())}")
            return ANY
        if cls is dict:
            return ANY
        if cls is types.ModuleType:
            if base.macros and name not in base.macros:
                self.report(node, f"the imported template defines no macro {name!r}"
                                  f"{_closest(name, base.macros)}")
            return ANY
        if cls is LoopType:
            if name not in LOOP_ATTRS:
                self.report(node, f"loop has no attribute {name!r}{_closest(name, LOOP_ATTRS)}")
            return ANY
        if cls is Message:
            known = _fields(Message)
            if base.body is not None:
                known = {**known, **_fields(base.body)}
            elif name in universe():
                return ANY
            if name not in known:
                what = f"a {_kind(base.body)!r} message" if base.body else "a message"
                self.report(node, f"{what} has no field {name!r}{_closest(name, known)}")
                return ANY
            return known[name]
        if isinstance(cls, type) and dataclasses.is_dataclass(cls):
            known = _fields(cls)
            if name not in known:
                self.report(node, f"a {cls.__name__} has no field {name!r}"
                                  f"{_closest(name, known)}")
                return ANY
            return known[name]
        if cls in SCALARS or cls in (tuple, list):
            if not hasattr(cls, name):
                self.report(node, f"a {cls.__name__} has no attribute {name!r}")
            return ANY
        return ANY


class LoopType:
    """The type of Jinja's ``loop`` variable, for the checker."""


def _kind(body: type | None) -> str:
    return next((k for k, v in KINDS.items() if v is body), "?")


def check_template(env: Environment, name: str, where: str) -> list[str]:
    """Syntax errors and unknown names in one template."""
    assert env.loader is not None
    try:
        source = env.loader.get_source(env, name)[0]
        tree = env.parse(source, name)
    except TemplateSyntaxError as exc:
        return [f"{where}:{exc.lineno}: {exc.message}"]
    walker = Walker(where, env)
    scope = context()
    for node in tree.body:  # a template's macros and top-level names are seen by every macro
        if isinstance(node, nodes.Macro):
            scope[node.name] = ANY
        elif isinstance(node, nodes.Assign | nodes.AssignBlock):
            walker.bind(node.target, ANY, scope)
    walker.body(tree.body, scope)
    return walker.problems


def macros(env: Environment, name: str) -> dict[str, int]:
    """The macros a template defines, with their lines ({} if it does not parse)."""
    assert env.loader is not None
    try:
        tree = env.parse(env.loader.get_source(env, name)[0])
    except Exception:
        return {}
    return {m.name: m.lineno for m in tree.find_all(nodes.Macro)}


def same_shape(env: Environment, reference: Environment, root: str, locale: str,
               templates: Iterable[str]) -> list[str]:
    """The templates and message macros the reference locale has and this one lacks."""
    problems = []
    for name in templates:
        theirs = set(macros(reference, name))
        ours = macros(env, name)
        needed = sorted(m for m in theirs - set(ours) if m in KINDS or m == "dateline")
        if needed and ours:
            problems.append(f"{root}/{locale}/{name}: found no macro "
                            f"{', '.join(map(repr, needed))}, expected every message macro "
                            f"{REFERENCE_LOCALE} defines")
        blocks = {b.name for b in _blocks(reference, name)} - {b.name for b in _blocks(env, name)}
        if blocks:
            problems.append(f"{root}/{locale}/{name}: found no block "
                            f"{', '.join(sorted(blocks))}, expected the blocks of "
                            f"{REFERENCE_LOCALE}")
    return problems


def _blocks(env: Environment, name: str) -> Iterator[nodes.Block]:
    assert env.loader is not None
    try:
        tree = env.parse(env.loader.get_source(env, name)[0])
    except Exception:
        return iter(())
    return tree.find_all(nodes.Block)


def lexicon_coverage(lex: Lexicon, reference: Lexicon, facts: FactSet,
                     needs: dict[str, list[str]]) -> list[str]:
    """What the facts need from a lexicon and it lacks.

    ``needs`` maps a team, competition or group fact id to the fixtures that print it.
    """
    problems = []
    for group, terms in reference.terms.items():
        missing = sorted(set(terms) - set(lex.terms.get(group, {})))
        if missing:
            problems.append(f"{lex.source}: terms.{group}: found no {', '.join(missing)}, "
                            f"expected every term {REFERENCE_LOCALE} has")
    units = reference.data.get("units") or {}
    missing = sorted(set(units) - set(lex.data.get("units") or {}))
    if missing:
        problems.append(f"{lex.source}: units: found no {', '.join(missing)}, expected every "
                        f"unit {REFERENCE_LOCALE} has")
    if not lex.grammar.genders:
        return problems
    for fid, fixtures in sorted(needs.items()):
        kind, _, ident = fid.partition(":")
        entry = lex.teams.get(ident) if kind == "team" else lex.names.get(fid)
        if not isinstance(entry, dict) or not (entry.get("gender") or entry.get("article")):
            key = f"teams.{ident}" if kind == "team" else f"names.{fid}"
            more = f" and {len(fixtures) - 2} more" if len(fixtures) > 2 else ""
            problems.append(
                f"{lex.source}: {key}: found no gender, expected one of "
                f"{', '.join(lex.grammar.genders)} (needed by {', '.join(fixtures[:2])}{more})")
    return problems


def needed_names(facts: FactSet) -> dict[str, list[str]]:
    """Each team, competition and group of a played fixture, with the fixtures naming it."""
    needs: dict[str, list[str]] = {}
    for f in sorted(facts.fixtures.values(), key=lambda f: f.sort_key):
        if not f.played:
            continue
        comp = facts.competitions[f.competition]
        ids = [f"team:{f.home}", f"team:{f.away}", comp.fid]
        group = comp.group(f.group) if f.group else None
        if group is not None:
            ids.append(group.fid)
        for fid in ids:
            needs.setdefault(fid, []).append(f.id)
    return needs
