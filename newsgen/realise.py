"""Stage 4 — realise: render a plan with the Jinja2 templates and lexicon of a locale.

Templates print values the planner gave them; every value carries the id of its fact
(``V``/``Mention``), and every filter passes that id on (``P``, a ``str`` with a ``fid``).
In trace mode each printed value is wrapped in markers, so a test can check from provenance
that every number and name in the text came from a fact, and that template text holds none.

Locale data (dates, plural and ordinal categories, lists, country names) comes from Babel;
the lexicon supplies the words Babel does not have.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import functools
import hashlib
import operator
import os
import pickle
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from types import BuiltinMethodType
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.filters
import jinja2.nodes
import jinja2.runtime
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import SandboxedEnvironment

from . import __version__
from .errors import LexiconError, NewsgenError, TemplateError
from .lexicon import Lexicon, Noun, display, inflect, load_lexicon, noun
from .messages import City, Mention, V
from .model import FactSet, MatchTime
from .planner import Message, Plan

DEFAULT_LOCALE = "en"
MESSAGES = "messages.md.j2"
MARK_START, MARK_SEP, MARK_END = "\x02", "\x1f", "\x03"
MARK_RE = re.compile(f"{MARK_START}([^{MARK_SEP}]*){MARK_SEP}([^{MARK_END}]*){MARK_END}")


class P(str):
    """Printed text with the id of the fact it came from."""

    fid: str

    def __new__(cls, text: str, fid: str) -> P:
        obj = super().__new__(cls, text)
        obj.fid = fid
        return obj


def template_name(length: str) -> str:
    return f"{length}.md.j2"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


@lru_cache(maxsize=8192)  # names and values recur in every document
def md_escape(text: str) -> str:
    r"""Escape text from the facts so Markdown shows it as written.

    >>> md_escape("<script> *x*")
    '&lt;script&gt; \\*x\\*'
    """
    text = text.replace("&", "&amp;") if re.search(r"&(#?\w+);", text) else text
    return _MD_SPECIAL.sub(r"\\\1", text.replace("<", "&lt;").replace(">", "&gt;"))


def md_unescape(text: str) -> str:
    r"""Plain text from escaped Markdown (for the front matter's title).

    >>> md_unescape('&lt;b&gt; \\*x\\*')
    '<b> *x*'
    """
    text = re.sub(r"\\([\\`*_\[\]#|])", r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    locale: str  # the locale actually used (en on fallback)
    fallback: bool


class ContextUndefined(jinja2.StrictUndefined):
    """A missing variable or field is an error that names what exists instead."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        obj, name = self._undefined_obj, self._undefined_name
        body = obj.body if isinstance(obj, Message) else obj
        if isinstance(name, str) and is_dataclass(body) and not isinstance(body, type):
            known = [f.name for f in fields(body)]
            what = f"a {obj.kind!r} message" if isinstance(obj, Message) else \
                f"a {type(body).__name__}"
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            return (f"{what} has no field {name!r}{hint}; its fields are: "
                    f"{', '.join(known)}")
        return str(super()._undefined_message)


class NP(P):
    """A printed name with its grammar (gender, number, article class) in the locale."""

    noun: Noun

    def __new__(cls, noun: Noun, fid: str) -> NP:
        obj = str.__new__(cls, noun.text)
        obj.fid = fid
        obj.noun = noun
        return obj


def _plain(cls: type) -> bool:
    """newsgen's own data classes (messages, values, mentions): only fields and properties."""
    return is_dataclass(cls) and cls.__module__.startswith("newsgen.") and \
        not issubclass(cls, str)


def _readable(cls: type) -> frozenset[str]:
    """The attributes of a class that templates read without the sandbox's full check: for
    newsgen's own data classes their fields and properties (never a method, never a name
    starting with an underscore); for a loop, its counters; for anything else, none."""
    if cls is jinja2.runtime.LoopContext:
        # some read ahead in what is looped over, which may fail part-way: such a read is
        # undefined at once (``_FAILED``), as the sandbox finds it, never run a second time
        return frozenset(("first", "last", "index", "index0", "revindex", "revindex0",
                          "length", "depth", "depth0", "previtem", "nextitem"))
    if not _plain(cls) or hasattr(cls, "__getitem__"):  # ``x[k]`` would be an item
        return frozenset()
    names = set(getattr(cls, "__dataclass_fields__", {}))
    names.update(n for n in dir(cls) if isinstance(getattr(cls, n, None), property))
    return frozenset(n for n in names if not n.startswith("_"))


_READABLE: dict[type, frozenset[str]] = {}
_DICT_ATTRIBUTES = frozenset(dir(dict))
_SUBSCRIPTABLE = frozenset((dict, list, tuple, str))  # ``x[k]`` is an item, not a field
_MESSAGE_OWN = frozenset(Message.__dataclass_fields__) | {"body"}  # else: the body's


_NOT_A_FIELD = object()
_FAILED = object()


def _read_field(obj: Any, name: str) -> Any:
    """``obj.name`` where that is a field or property of newsgen's own data (a message's
    fields are its body's), a loop counter or a built-in method (``_reader``), else
    ``_NOT_A_FIELD``; ``_FAILED`` for one of those that raised ``AttributeError`` (the
    sandbox's answer is then undefined, and the property is not run again: a loop's
    ``last`` reads ahead in what is looped over). ``Sandbox.fast_paths`` has this written
    out."""
    owner = obj
    if type(obj) is Message and name not in _MESSAGE_OWN:  # ``m.scorer``: the body's
        owner = obj.body
    key = (type(owner), name)
    try:
        reader = _READERS[key]
    except KeyError:
        reader = _READERS[key] = _reader(*key)
    if reader is not None:
        try:
            return reader(owner)
        except AttributeError:  # undefined, as the sandbox finds it (no ``x[name]`` either)
            return _FAILED
    return _NOT_A_FIELD


def _direct_map(filters: dict[str, Any], jinja_map: Callable[..., Any]) -> Callable[..., Any]:
    """Jinja's ``map`` filter, calling a filter given by name (``map("the")``) directly:
    what ``Environment.call_filter`` comes down to for one that takes nothing first."""

    @functools.wraps(jinja_map)  # Jinja's filter for everything else (and the reference)
    def map_(context: jinja2.runtime.Context, value: Any, *args: Any,
             **kwargs: Any) -> Iterable[Any]:
        if args and not kwargs and type(args[0]) is str:
            function = filters.get(args[0])
            if function is not None and getattr(function, "jinja_pass_arg", None) is None:
                return _mapped(value, function, args[1:])
        return jinja_map(context, value, *args, **kwargs)  # type: ignore[no-any-return]

    return map_


def _mapped(value: Any, function: Callable[..., Any], rest: tuple[Any, ...]) -> Iterator[Any]:
    if value:  # as lazily as Jinja's own
        for item in value:
            yield function(item, *rest)


def _reader(cls: type, name: str) -> Callable[[Any], Any] | None:
    """How to read ``name`` of a ``cls`` without the sandbox's full check, or None."""
    readable = _READABLE.get(cls)
    if readable is None:
        readable = _READABLE[cls] = _readable(cls)
    if name in readable or name in _BUILTIN_METHODS.get(cls, ()):
        return operator.attrgetter(name)
    return None


# The methods of plain lists, dicts, strings and tuples, which the sandbox gives as they are
# (public names, no interpreter internals), except ``str.format``, which it wraps
_BUILTIN_METHODS: dict[type, frozenset[str]] = {
    cls: frozenset(n for n in dir(cls) if not n.startswith("_") and callable(getattr(cls, n)))
    - {"format", "format_map"} for cls in (list, dict, str, tuple)}


_READERS: dict[tuple[type, str], Callable[[Any], Any] | None] = {}
_FORMATS = frozenset(("format", "format_map"))  # a string's are sandboxed


def _plain_macro(macro: jinja2.runtime.Macro) -> bool:
    """A macro called with all its arguments by position that takes nothing else: calling
    its function is all ``Macro.__call__`` would do (nothing escaped, no ``caller``)."""
    return not (macro.caller or macro.catch_kwargs or macro.catch_varargs
                or macro._default_autoescape)


def _read_path(node: jinja2.nodes.Node) -> tuple[str, ...] | None:
    """``m.time.value`` as ("m", "time", "value"): a field read off a name, else None."""
    attrs: list[str] = []
    while isinstance(node, jinja2.nodes.Getattr):
        attrs.append(node.attr)
        node = node.node
    if isinstance(node, jinja2.nodes.Name) and node.ctx == "load":
        return (node.name, *reversed(attrs))
    return None


def _reads(node: jinja2.nodes.Node, always: bool,
           out: list[tuple[tuple[str, ...], jinja2.nodes.Getattr, bool]]) -> None:
    """The field reads of an expression in the order Python evaluates them, each with
    whether it is always evaluated (not behind ``and``, ``or``, ``… if … else …`` or the
    second comparison of a chain such as ``a < b < c``)."""
    n = jinja2.nodes
    if isinstance(node, n.Getattr):
        path = _read_path(node)
        if path is not None:  # and what it is read off: ``t.value`` of ``t.value.exact``
            out.append((path, node, always))
            _reads(node.node, always, out)
            return
    if isinstance(node, (n.And, n.Or)):
        _reads(node.left, always, out)
        _reads(node.right, False, out)
    elif isinstance(node, n.CondExpr):
        _reads(node.test, always, out)
        _reads(node.expr1, False, out)
        if node.expr2 is not None:
            _reads(node.expr2, False, out)
    elif isinstance(node, n.Compare):
        _reads(node.expr, always, out)
        for i, op in enumerate(node.ops):
            _reads(op.expr, always and i == 0, out)
    else:
        for child in node.iter_child_nodes():
            _reads(child, always, out)


def _chain_reads(tests: list[jinja2.nodes.Node],
                 name: Callable[[], str]) -> dict[int, tuple[str, str]]:
    """For the tests of an ``if``/``elif`` chain, the field reads to keep and to reuse: a
    read that a test always makes is kept (``(t_1 := …)``), and the same read in a later
    test, which runs only after it, uses it. Reads have no side effects; a chain whose tests
    call anything (a macro might change what a later test reads) is left as it is."""
    if len(tests) < 2 or any(t.find(jinja2.nodes.Call) is not None or
                             isinstance(t, jinja2.nodes.Call) for t in tests):
        return {}
    per_test = []
    for test in tests:
        found: list[tuple[tuple[str, ...], jinja2.nodes.Getattr, bool]] = []
        _reads(test, True, found)
        per_test.append(found)
    plan: dict[int, tuple[str, str]] = {}
    kept: dict[tuple[str, ...], str] = {}
    for i, found in enumerate(per_test):
        for path, node, _ in found:  # reads kept by an earlier test
            if path in kept:
                plan[id(node)] = ("use", kept[path])
        later = {path for f in per_test[i + 1:] for path, _, _ in f}
        for path, node, always in found:
            if always and path not in kept and path in later and id(node) not in plan:
                kept[path] = name()
                plan[id(node)] = ("keep", kept[path])
    return plan


class FastCode(CodeGenerator):
    """Jinja's code generator, with ``x.name``, calls and ``{{ value }}`` compiled to the
    sandbox's ``fast_paths`` (module-level names, one call each) instead of
    ``environment.getattr(...)``, ``environment.call(context, ...)`` and
    ``str(environment.finalize(context.eval_ctx, ...))``. What a template may read and call
    is unchanged: every slow case goes to the sandbox's own check.

    Nothing is finalized at compile time (a filter's answer depends on the lexicon, which
    may change while the compiled code is cached)."""

    VERSION = 2  # part of the template cache's key: bump when the generated code changes

    def visit_Template(self, node: jinja2.nodes.Template,
                       frame: Frame | None = None) -> None:
        self.writeline("_ng_getattr, _ng_call, _ng_print = environment.fast_paths()")
        super().visit_Template(node, frame)

    def _make_finalize(self) -> CodeGenerator._FinalizeInfo:
        return self._FinalizeInfo(None, None)

    def _output_child_pre(self, node: jinja2.nodes.Expr, frame: Frame,
                          finalize: CodeGenerator._FinalizeInfo) -> None:
        self.write("_ng_print(")

    def _output_child_post(self, node: jinja2.nodes.Expr, frame: Frame,
                           finalize: CodeGenerator._FinalizeInfo) -> None:
        self.write(")")

    def visit_Getattr(self, node: jinja2.nodes.Getattr, frame: Frame) -> None:
        kept = self._kept.get(id(node))
        if kept is not None and kept[0] == "use":
            self.write(kept[1])
            return
        if kept is not None:
            self.write(f"({kept[1]} := ")
        self.write("_ng_getattr(")
        self.visit(node.node, frame)
        self.write(f", {node.attr!r})")
        if kept is not None:
            self.write(")")

    def visit_If(self, node: jinja2.nodes.If, frame: Frame) -> None:
        """An ``if``/``elif`` chain reads a field once: ``m.angle == "rout"``, then
        ``elif m.angle == "draw"`` uses what the first test read (see ``_chain_reads``)."""
        tests: list[jinja2.nodes.Node] = [node.test, *[e.test for e in node.elif_]]
        self._kept.update(_chain_reads(tests, self.temporary_identifier))
        super().visit_If(node, frame)

    @property
    def _kept(self) -> dict[int, tuple[str, str]]:
        # per compiled template: Getattr node id → ("keep", name) or ("use", name)
        kept: dict[int, tuple[str, str]] | None = self.__dict__.get("_ng_kept")
        if kept is None:
            kept = self.__dict__["_ng_kept"] = {}
        return kept

    def visit_Call(self, node: jinja2.nodes.Call, frame: Frame,
                   forward_caller: bool = False) -> None:
        self.write("_ng_call(context, ")
        self.visit(node.node, frame)
        extra: dict[str, str] = {"caller": "caller"} if forward_caller else {}
        if frame.loop_frame:
            extra["_loop_vars"] = "_loop_vars"
        if frame.block_frame:
            extra["_block_vars"] = "_block_vars"
        self.signature(node, frame, extra or None)
        self.write(")")


class Sandbox(SandboxedEnvironment):
    """The sandbox, with fast paths for what templates do most: read a field of newsgen's
    own data classes (a message's fields are its body's), a key of the lexicon's data, a
    loop's counters or a built-in method (``items.append``), and call a macro, ``say`` or a
    built-in method. Templates are compiled by ``FastCode``, which calls these through
    ``fast_paths``.

    For those the sandbox's checks come down to "a declared field or property, no name
    starting with an underscore", "a key that is no dict method" and "a macro, never marked
    unsafe", so the answer is the same; anything else takes the full check.
    """

    code_generator_class = FastCode
    trusted: Any = None  # newsgen's ``say``, called without the sandbox's check

    def getattr(self, obj: Any, attribute: str) -> Any:
        value = _read_field(obj, attribute)
        if value is _FAILED:
            return self.undefined(obj=obj, name=attribute)
        if value is not _NOT_A_FIELD:
            return value
        return self._not_a_field(obj, attribute)

    def _not_a_field(self, obj: Any, attribute: str) -> Any:
        """``getattr`` for what ``_read_field`` does not read: a key of the lexicon's data,
        else whatever the sandbox's full check gives."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            return obj[attribute]  # the lexicon's data (``lex.units``), as Jinja finds it
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        # ``sort(attribute="points")`` and the like read fields through here
        if type(argument) is str and type(obj) not in _SUBSCRIPTABLE:
            value = _read_field(obj, argument)
            if value is _FAILED:
                return self.undefined(obj=obj, name=argument)
            if value is not _NOT_A_FIELD:
                return value
        return super().getitem(obj, argument)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any,
             *args: Any, **kwargs: Any) -> Any:
        if __obj is __self.trusted:  # newsgen's own ``say``: nothing to check
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            return __obj(*args, **kwargs)
        if type(__obj) is BuiltinMethodType:
            if __obj.__name__ in _FORMATS:  # a string's ``format`` read off data as it is:
                wrapped = __self.wrap_str_format(__obj)  # sandboxed, as Jinja reads it
                if wrapped is not None:
                    return super().call(__context, wrapped, *args, **kwargs)
            # ``items.append(x)``: the sandbox's check and ``Context.call`` come down to
            # this for a built-in method
            if kwargs:
                kwargs.pop("_loop_vars", None)
                kwargs.pop("_block_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __context.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        if type(__obj) is jinja2.runtime.Macro:  # a template's own macro: nothing to check
            if kwargs:
                kwargs.pop("_loop_vars", None)
                kwargs.pop("_block_vars", None)
            if not kwargs and len(args) == __obj._argument_count and not (
                    __obj.caller or __obj.catch_kwargs or __obj.catch_varargs
                    or __obj._default_autoescape):  # ``_plain_macro``, written out
                return __obj._func(*args)  # what Macro.__call__ comes down to
            return __obj(*args, **kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    # -- what compiled templates call (see ``FastCode``) -----------------------------------

    #: what ``{{ value }}`` prints: the realiser's finalize, set when the locale is built
    #: (the environment's ``finalize`` is what Jinja's own code generator would call)
    printer: Callable[[Any], str] | None = None

    def fast_paths(self) -> tuple[Callable[[Any, str], Any], Callable[..., Any],
                                  Callable[[Any], str]]:
        """What a template compiled by ``FastCode`` calls for ``x.name``, a call and
        ``{{ value }}`` (``_ng_getattr``, ``_ng_call``, ``_ng_print``): the same answers as
        ``getattr``, ``call`` and ``finalize``, with the common cases (a field of newsgen's
        data, a macro) in one step."""
        slow = self._not_a_field
        undefined = self.undefined
        printer = self.printer or str
        readers = _READERS

        def read(obj: Any, name: str) -> Any:  # ``_read_field``, without a call more
            owner = obj
            if type(obj) is Message and name not in _MESSAGE_OWN:  # ``m.scorer``: the body's
                owner = obj.body
            key = (type(owner), name)
            try:
                reader = readers[key]
            except KeyError:
                reader = readers[key] = _reader(*key)
            if reader is not None:
                try:
                    return reader(owner)
                except AttributeError:  # a property that fails: undefined, as the sandbox
                    return undefined(obj=obj, name=name)  # finds it (not run again)
            return slow(obj, name)

        return read, self.call, printer



class Namer:
    """Turns mentions into names, using the lexicon's override or the facts' canonical form.

    Each name comes with its grammar (``Noun``): a team's gender, number and article class
    from the lexicon; a nickname or role ("the hosts", "gli azzurri") is plural unless the
    lexicon says otherwise.
    """

    def __init__(self, facts: FactSet, lexicon: Lexicon) -> None:
        self.facts = facts
        self.lexicon = lexicon
        self.seen: set[tuple[str, str]] = set()  # (kind, id) mentioned so far in the document
        self._nouns: dict[tuple[str, str, str], Noun] = {}  # (kind, id, form): the lexicon is fixed
        self._printed: dict[tuple[str, str, str, str], P] = {}  # and the fact id
        self._fixture = ""  # whose facts ``_printed`` holds

    def start(self, fixture: str) -> None:
        """A new document: nothing mentioned yet. The printed names of the last fixture's
        facts are kept for the next document of the same fixture, and let go after it."""
        self.seen = set()
        if fixture != self._fixture:
            self._fixture = fixture
            self._printed.clear()

    def unseen(self, m: Any) -> bool:
        return isinstance(m, Mention) and (m.kind, m.id) not in self.seen

    def _form(self, m: Mention, form: str | None, first: str, later: str, mark: bool) -> str:
        form = form or m.form
        if not form:
            key = (m.kind, m.id)
            form = later if key in self.seen else first
            if mark:
                self.seen.add(key)
        return form

    def team(self, m: Mention, form: str | None = None, mark: bool = True) -> Noun:
        return self._noun("team", m.id, self._form(m, form, "name-first", "name", mark))

    def _noun(self, kind: str, ident: str, form: str) -> Noun:
        """The name of a team or person in a form; the lexicon is fixed, so made once."""
        key = (kind, ident, form)
        found = self._nouns.get(key)
        if found is None:
            found = self._nouns[key] = self._team(ident, form) if kind == "team" else \
                self._person(ident, form)
        return found

    def _team(self, team_id: str, form: str) -> Noun:
        team = self.facts.teams[team_id]
        over = self.lexicon.teams.get(team_id) or {}
        grammar = noun({k: over[k] for k in ("gender", "number", "article") if k in over},
                       team.name)
        full = noun(over.get("name"), team.name, grammar)
        if form == "name-first":
            return full
        if form == "nickname":
            nick = over.get("nickname", team.nickname)
            if nick:
                return noun(nick, team.nickname or "", Noun("", grammar.gender, True))
        if form in ("home-role", "away-role"):
            role = self.lexicon.roles.get(form.removesuffix("-role"))
            if role:
                return noun(role, "", Noun("", grammar.gender, True))
        if "short_name" in over:
            return noun(over["short_name"], team.short_name, grammar)
        return full if "name" in over else noun(None, team.short_name, grammar)

    def person(self, m: Mention, form: str | None = None, mark: bool = True) -> Noun:
        return self._noun("person", m.id, self._form(m, form, "full", "short", mark))

    def _person(self, person_id: str, form: str) -> Noun:
        person = self.facts.people[person_id]
        over = self.lexicon.people.get(person_id) or {}
        gender = over.get("gender", self.lexicon.grammar.person_gender)
        text = over.get("full_name", person.full_name) if form == "full" else \
            over.get("short_name", person.short_name)
        return Noun(str(text), gender, False, "none")

    def noun(self, m: Mention, form: str | None = None, mark: bool = True) -> Noun:
        return self.team(m, form, mark) if m.kind == "team" else self.person(m, form, mark)

    def printed(self, value: V, make: Callable[[Namer, V, str], P]) -> P:
        """A named value (a city, a competition) as this locale prints it, made once."""
        key = (type(value).__name__, value.fid, str(value.value), "")
        found = self._printed.get(key)
        if found is None:
            found = self._printed[key] = make(self, value, str(value.value))
        return found

    def fact_name(self, fid: str, canonical: str) -> str:
        """A competition's, group's or venue's name in this locale (the lexicon's ``names``)."""
        return noun(self.lexicon.names.get(fid), canonical).text

    def team_name(self, team_id: str) -> str:
        """A team's full name in this locale, for tags and indexes."""
        return self.team(Mention("team", team_id, f"team:{team_id}"), "name-first", False).text

    def __call__(self, m: Mention, form: str | None = None) -> NP:
        kind = m.kind
        form = form or m.form
        if not form:  # ``_form`` for a team or a person, written out: the most asked
            seen = (kind, m.id)
            if seen in self.seen:
                form = "name" if kind == "team" else "short"
            else:
                form = "name-first" if kind == "team" else "full"
                self.seen.add(seen)
        key = (kind, m.id, form, m.fid)
        found = self._printed.get(key)
        if found is None:  # the same name of the same fact prints the same: made once
            found = self._printed[key] = NP(self._noun(m.kind, m.id, form), m.fid)
        assert isinstance(found, NP)
        return found


CACHE_VARIABLE = "NEWSGEN_CACHE_DIR"


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs, so a run starts without compiling them again.

    Jinja checks each entry against the template's source (its checksum) and the Python
    version, and replaces files atomically; the key also covers what else shapes the
    compiled code (Jinja's version, the environment's options, the filters and tests it
    knows). A cache that cannot be read or written is skipped, never an error: it changes
    how fast a run is, never what it prints.
    """

    def __init__(self, directory: str, salt: str) -> None:
        super().__init__(directory, "%s.cache")
        self.salt = salt

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha1(f"{self.salt}|{name}|{filename}".encode()).hexdigest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError, pickle.UnpicklingError):
            # unreadable or truncated: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def cache_directory() -> Path | None:
    """Where compiled templates are kept: ``$NEWSGEN_CACHE_DIR`` (``off`` for nowhere),
    else ``$XDG_CACHE_HOME/newsgen/templates``, else ``~/.cache/newsgen/templates``."""
    given = os.environ.get(CACHE_VARIABLE)
    if given is not None:
        return None if given.strip().lower() in ("", "off", "0", "no") else Path(given)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home == "~":  # no home directory to be found: no cache rather than ./~
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "newsgen" / "templates"


def _private(directory: Path) -> bool:
    """Compiled code is run from the cache: only a directory of the user's own that no one
    else may write to will do (as Jinja's own default cache requires)."""
    if not hasattr(os, "getuid"):
        return True
    info = directory.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _signatures(functions: dict[str, Any]) -> list[tuple[str, str]]:
    """Each filter's or test's name and what Jinja passes it first (context, environment,
    nothing): compiled code calls it accordingly."""
    return sorted((name, str(getattr(f, "jinja_pass_arg", ""))) for name, f in functions.items())


def template_cache(env: jinja2.Environment) -> TemplateCache | None:
    """A cache for this environment's compiled templates, or None where there is none."""
    directory = cache_directory()
    if directory is None:
        return None
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(directory):
            return None
    except OSError:
        return None
    options = (__version__, type(env).__name__, env.code_generator_class.__name__,
               getattr(env.code_generator_class, "VERSION", 0), jinja2.__version__, env.optimized,
               env.trim_blocks, env.lstrip_blocks,
               env.keep_trailing_newline, env.autoescape, _signatures(env.filters),
               _signatures(env.tests), env.block_start_string, env.variable_start_string)
    return TemplateCache(str(directory), repr(options))


class Realiser:
    """Renders plans of one fact set with the templates under ``templates``.

    One Jinja environment per locale, built once and reused; compiled templates are cached
    by Jinja. ``trace=True`` marks every printed value with its fact id.
    """

    def __init__(self, templates: Path, facts: FactSet, trace: bool = False) -> None:
        self.templates = templates
        self.root = display(templates)  # as messages name it
        self.facts = facts
        self.trace = trace
        self._envs: dict[str, tuple[SandboxedEnvironment, Lexicon, Namer]] = {}
        self._has: dict[tuple[str, str], bool] = {}
        self._templates: dict[tuple[str, str], jinja2.Template] = {}
        self._notices: dict[str, P | None] = {}

    # -- environments ---------------------------------------------------------------------

    def locales(self) -> list[str]:
        return sorted(p.name for p in self.templates.iterdir()
                      if p.is_dir() and (p / "lexicon.yaml").exists())

    def environment(self, locale: str) -> tuple[SandboxedEnvironment, Lexicon, Namer]:
        if locale not in self._envs:
            self._envs[locale] = self._build(locale)
        return self._envs[locale]

    def _build(self, locale: str) -> tuple[SandboxedEnvironment, Lexicon, Namer]:
        if not (self.templates / locale).is_dir():
            raise LexiconError(f"{self.root}/{locale}: found no such locale, expected one of: "
                               f"{', '.join(self.locales())}")
        lex = load_lexicon(self.templates, locale)
        try:
            babel = Locale.parse(lex.babel_locale)
        except (ValueError, UnknownLocaleError):
            raise LexiconError(f"{lex.source}: babel_locale: found {lex.babel_locale!r}, "
                               "expected a CLDR locale such as it_IT or de_DE") from None
        namer = Namer(self.facts, lex)
        finalize = self._finalizer(namer)

        @jinja2.pass_eval_context
        def finalize_when_rendered(_: jinja2.nodes.EvalContext, value: Any) -> str:
            return finalize(value)

        # Nothing is worked out when a template is compiled (no constant folding, no
        # filter or finalize run on a literal): compiled code is cached between runs, and
        # what a filter gives depends on the lexicon, which may have changed since.
        env = Sandbox(
            loader=jinja2.FileSystemLoader(str(self.templates / locale)),
            undefined=ContextUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=finalize_when_rendered,
            optimized=False,
            auto_reload=False,  # a Realiser lives for one run: its templates do not change
        )
        env.printer = finalize
        for name, function in env.filters.items():  # ``map``, ``join``, …: never async here
            env.filters[name] = getattr(jinja2.filters, f"sync_{function.__name__}", function)
        env.filters.update(make_filters(lex, babel, namer, finalize))
        env.filters["map"] = _direct_map(env.filters, env.filters["map"])
        env.tests["unseen"] = namer.unseen
        env.globals.update({"lex": lex.data, "locale": locale})
        env.bytecode_cache = template_cache(env)
        messages: list[Any] = []
        speakers: dict[str, Callable[[Message], Any]] = {}  # per kind: what renders it

        def speaker(kind: str) -> Callable[[Message], Any]:
            if not messages:
                messages.append(self._module(env, locale))
            macro = getattr(messages[0], kind, None)
            if macro is None:
                raise TemplateError(locale, MESSAGES, None,
                                    f"found no macro '{kind}', expected one for every "
                                    "message kind", self.root)
            if _plain_macro(macro) and macro._argument_count == 1:
                return macro._func  # type: ignore[no-any-return]  # what Macro.__call__ does
            return macro  # type: ignore[no-any-return]

        def say(message: Message) -> str:
            render = speakers.get(message.kind)
            if render is None:
                render = speakers[message.kind] = speaker(message.kind)
            return str(render(message))

        env.globals["say"] = say
        env.trusted = say
        return env, lex, namer

    def _module(self, env: SandboxedEnvironment, locale: str) -> Any:
        try:
            return env.get_template(MESSAGES).module
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(locale, exc.name or MESSAGES, exc.lineno, exc.message or "",
                                self.root) from None

    def _finalizer(self, namer: Namer) -> Callable[[Any], str]:
        trace = self.trace

        def finalize(value: Any) -> str:
            if type(value) is str:  # template text and words from the lexicon
                return value
            if value is None:
                raise NewsgenError("a template printed a value that is None; expected a "
                                   "value (test it with 'if' first)")
            if not isinstance(value, P):
                value = localise(value, namer)
            if isinstance(value, P):
                text = md_escape(value)  # a str: its cached escape, without a copy first
                return f"{MARK_START}{value.fid}{MARK_SEP}{text}{MARK_END}" if trace else text
            return str(value)

        return finalize

    # -- rendering ------------------------------------------------------------------------

    def names(self, locale: str) -> Namer:
        return self.environment(locale)[2]

    def has_template(self, locale: str, length: str) -> bool:
        key = (locale, length)
        if key not in self._has:  # asked for every document: look once per run
            self._has[key] = (self.templates / locale / template_name(length)).is_file()
        return self._has[key]

    def render(self, plan: Plan, locale: str) -> Rendered:
        """Render one plan; a locale missing the template falls back to English whole."""
        fallback = not self.has_template(locale, plan.length)
        used = DEFAULT_LOCALE if fallback else locale
        env, _, namer = self.environment(used)
        namer.start(plan.fixture)
        name = template_name(plan.length)
        try:
            template = self._template(env, used, name)
            context = template.new_context({"plan": plan, "story": plan.story,
                                            "notice": self._notice(used)})
            try:
                raw = "".join(template.root_render_func(context))
            except Exception:
                env.handle_exception()  # raised again, with the template's own lines
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(used, exc.name or name, exc.lineno, exc.message or "",
                                self.root) from None
        except (TemplateError, LexiconError):
            raise
        except (jinja2.TemplateError, NewsgenError) as exc:
            raise TemplateError(used, *_where(exc, name), str(exc), self.root) from None
        return Rendered(tidy(raw, plan.length), used, fallback)

    def sentences(self, plan: Plan, locale: str) -> list[tuple[Message, str]]:
        """Each message of a plan with its rendered text (for ``newsgen explain``)."""
        env, _, namer = self.environment(locale)
        namer.start(plan.fixture)
        say = env.globals["say"]
        assert callable(say)
        return [(m, tidy(say(m), "brief")) for m in plan.messages]

    def _template(self, env: SandboxedEnvironment, locale: str, name: str) -> jinja2.Template:
        """A document template, loaded once per run (what ``Template.render`` does is done
        in ``render``: a context, the root function, the template's lines on an error)."""
        key = (locale, name)
        template = self._templates.get(key)
        if template is None:
            template = env.get_template(name)
            # its globals (the environment's, set once when the locale was built) as one
            # dict: every document's context starts from a copy of them
            template.globals = dict(template.globals)
            self._templates[key] = template
        return template

    def _notice(self, locale: str) -> P | None:
        if locale not in self._notices:
            house = self.facts.house
            text = house.notice.get(locale) or house.notice.get(DEFAULT_LOCALE)
            self._notices[locale] = P(text, house.fid) if text else None
        return self._notices[locale]


def _where(exc: BaseException, default: str) -> tuple[str, int | None]:
    """The template file and line of an error raised while rendering, from the traceback."""
    tb = exc.__traceback__
    name, line = default, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            name, line = Path(filename).name, tb.tb_lineno
        tb = tb.tb_next
    return name, line


_RUNS = re.compile(r" {2,}")
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[.,;:!?)])")
_SPACE_STOP = re.compile(r" [.,;:!?)]")  # where _SPACE_BEFORE_PUNCT would find something
_SENTENCE_START = re.compile(
    # a paragraph start, a sentence end, or the dash after the dateline (AP "—", dpa "-")
    r"(^|[.!?][\"\u201d\u2019]?[ \n]+|\u2014 |\) [-\u2013] )"
    rf"((?:{MARK_START}[^{MARK_SEP}]*{MARK_SEP})?)([^\W\d_])",
    re.MULTILINE)
# the same without the paragraph start (paragraphs are capitalised line by line), each
# alternative led by one character, so the search skips to the few that can begin it
_QUOTE_SPACE = r"[\"\u201d\u2019]?[ \n]+"
# A letter A to Z is left out: it is a capital already (most sentences start with one), so
# the pattern fails there at once instead of calling ``_cap`` to change nothing
_AFTER_STOP = re.compile(
    rf"(\.{_QUOTE_SPACE}|!{_QUOTE_SPACE}|\?{_QUOTE_SPACE}|\u2014 |\) [-\u2013] )"
    rf"((?:{MARK_START}[^{MARK_SEP}]*{MARK_SEP})?)([^\W\d_A-Z])")


def _cap(m: re.Match[str]) -> str:
    return m.group(1) + m.group(2) + m.group(3).upper()


def _cap_line(line: str) -> str:
    """A paragraph's first letter in capitals (after a trace mark, if one leads)."""
    i = 0
    if line[:1] == MARK_START:
        sep = line.find(MARK_SEP)
        i = sep + 1 if sep > 0 else 0
    if i < len(line):
        c = line[i]
        if c.isalnum() and not c.isdecimal():  # what the pattern's [^\W\d_] matches
            return f"{line[:i]}{c.upper()}{line[i + 1:]}"
    return line


def tidy(text: str, length: str) -> str:
    """Normalise whitespace, capitalise sentence starts, NFC.

    >>> tidy("LIVERPOOL (AP) \u2014 van Dijk  scored .  the hosts won.\\n\\n\\n", "full")
    'LIVERPOOL (AP) \u2014 Van Dijk scored. The hosts won.\\n'
    >>> tidy("Liverpool (dpa) - der FC Liverpool spielte.", "full")
    'Liverpool (dpa) - Der FC Liverpool spielte.\\n'

    Runs once per document: plain string tests stand in for a pattern where they can.
    """
    if "\t" in text:
        text = text.replace("\t", " ")
    if "  " in text:
        text = _RUNS.sub(" ", text)
    if _SPACE_STOP.search(text):  # rare once runs are one space: look once, not seven times
        text = _SPACE_BEFORE_PUNCT.sub("", text)
    if length == "headline":
        lines = [line.strip() for line in text.splitlines()]
    else:
        lines = [_cap_line(line.strip()) for line in text.splitlines()]
    body = "\n".join(lines)
    while "\n\n\n" in body:
        body = body.replace("\n\n\n", "\n\n")
    body = body.strip()
    if length != "headline":
        body = _AFTER_STOP.sub(_cap, body)
    else:
        body = _SENTENCE_START.sub(_cap, body, count=1)
    return unicodedata.normalize("NFC", body) + "\n"


def strip_marks(text: str) -> str:
    return MARK_RE.sub(lambda m: m.group(2), text)


# --- filters -----------------------------------------------------------------------------


def localise(value: Any, namer: Namer) -> Any:
    """What a value prints as in a locale: a mention as a name, a city and a fact's name
    (competition, group, venue) as the lexicon gives them, any other value as it is."""
    if isinstance(value, Mention):
        return namer(value)
    if isinstance(value, City):
        return namer.printed(value, _city)
    if isinstance(value, V):
        if isinstance(value.value, str):
            return namer.printed(value, _named)
        return P(str(value.value), value.fid)
    return value


def _city(namer: Namer, value: V, text: str) -> P:
    return P(namer.lexicon.cities.get(text, text), value.fid)


def _named(namer: Namer, value: V, text: str) -> NP:
    return NP(noun(namer.lexicon.names.get(value.fid), text), value.fid)


def _entry(value: Any) -> str:
    """Where the lexicon keeps a value's grammar, as problems name it."""
    if isinstance(value, Mention):
        return f"{value.kind}s.{value.id}"
    return f"names.{_fid(value)}"


def _fid(value: Any) -> str:
    return str(getattr(value, "fid", ""))


def _raw(value: Any) -> Any:
    return value.value if isinstance(value, V) else value


def make_filters(lex: Lexicon, babel: Locale, namer: Namer,
                 emit: Callable[[Any], str]) -> dict[str, Callable[..., Any]]:
    """The filters every locale's templates can use; each keeps the fact id of its input."""

    def as_int(value: Any) -> int:
        raw = _raw(value)
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise NewsgenError(f"expected a whole number, found {raw!r}")
        return raw

    decimals: dict[int, str] = {}  # Babel's formatting, once per number and locale
    phrases: dict[tuple[Any, ...], str] = {}  # the lexicon is fixed
    ordinal_forms: dict[int, str] = {}
    plural_forms: dict[int, str] = {}

    def decimal(n: int) -> str:
        text = decimals.get(n)
        if text is None:
            text = decimals[n] = format_decimal(n, locale=babel)
        return text

    def ordinal_form(n: int) -> str:
        form = ordinal_forms.get(n)
        if form is None:
            form = ordinal_forms[n] = babel.ordinal_form(n)
        return form

    def figure(value: Any) -> P:
        """A number in figures, grouped as the locale groups them (1,000; 1.000)."""
        return P(decimal(as_int(value)), _fid(value))

    def num(value: Any, gender: str | None = None) -> P:
        """A count: in words where the lexicon spells it (AP: one to nine), else figures;
        ``gender`` picks the form where the word has several (it *un*/*una*)."""
        n = as_int(value)
        word = inflect(lex.number_words.get(n), gender)
        return P(word or decimal(n), _fid(value))

    def ordinal(value: Any, gender: str | None = None) -> P:
        """An ordinal: the lexicon's word (AP: first to ninth), else the figure with the
        suffix of its CLDR ordinal category (en 21st, fr 21e, de 21.), in ``gender``."""
        n = as_int(value)
        word = inflect(lex.ordinal_words.get(n), gender)
        if word:
            return P(word, _fid(value))
        suffixes = lex.ordinal_suffix
        suffix = inflect(suffixes.get(ordinal_form(n), suffixes.get("other", "")), gender)
        return P(f"{decimal(n)}{suffix or ''}", _fid(value))

    def times(value: Any) -> P:
        """How many times: the lexicon's word (once, twice), else the count and "times"."""
        n = as_int(value)
        words = lex.data.get("times") or {}
        text = words.get(n) or words.get(str(n))
        return P(text if text else f"{num(value)} {lex.term('unit', 'times')}", _fid(value))

    def plural(value: Any, unit: str) -> P:
        """``n`` with its unit in the plural category CLDR gives: one point, 10 points."""
        n = as_int(value)
        forms = lex.data.get("units", {}).get(unit)
        if not forms:
            raise LexiconError(f"{lex.source}: units.{unit}: found "
                               f"nothing, expected the forms of {unit!r} per plural category")
        category = plural_forms.get(n)
        if category is None:
            category = plural_forms[n] = babel.plural_form(n)
        form = forms.get(category, forms.get("other"))
        return P(f"{num(value, forms.get('gender'))} {form}", _fid(value))

    def score(value: Any) -> P:
        """A score in the lexicon's pattern (en ``1-1``, de ``1:1``)."""
        s = _raw(value)
        return P(lex.score.format(home=s.home, away=s.away), _fid(value))

    def minute(value: Any, gender: str | None = None) -> P:
        """The minute of a match time as an ordinal (21st; fr 21e; fr ``"f"``: 1re)."""
        t = _raw(value)
        if not isinstance(t, MatchTime) or t.minute is None:
            raise NewsgenError(f"expected an exact minute, found {t!r}")
        return ordinal(V(t.minute, _fid(value)), gender)

    def added(value: Any, gender: str | None = None) -> P:
        """The added minute of a stoppage-time moment as an ordinal (90+4 → 4th)."""
        t = _raw(value)
        if not isinstance(t, MatchTime) or not t.added:
            raise NewsgenError(f"expected a stoppage-time minute, found {t!r}")
        return ordinal(V(t.added, _fid(value)), gender)

    dates: dict[tuple[dt.date, str], str] = {}  # Babel's formatting, once per date

    def date(value: Any, pattern: str) -> P:
        d = _raw(value)
        if not isinstance(d, dt.date):
            raise NewsgenError(f"expected a date, found {d!r}")
        key = (d, pattern)
        text = dates.get(key)
        if text is None:
            text = dates[key] = format_date(d, pattern, locale=babel)
        return P(text, _fid(value))

    def weekday(value: Any) -> P:
        """The day of the week of a date (CLDR)."""
        return date(value, "EEEE")

    def month(value: Any) -> P:
        """The month of a date (CLDR)."""
        return date(value, "MMMM")

    def month_year(value: Any) -> P:
        """Month and year in the lexicon's pattern (es "MMMM 'de' y": *octubre de 2014*)."""
        return date(value, lex.data.get("date_formats", {}).get("month_year", "MMMM y"))

    def day_month(value: Any) -> P:
        """Day and month in the lexicon's ``date_formats.day_month`` pattern."""
        d = _raw(value)
        pattern = lex.data.get("date_formats", {}).get("day_month", "d MMMM")
        if lex.month_abbr and "MMM" in pattern and isinstance(d, dt.date):
            # house style (AP: "Sept. 17", "Dec. 10") where CLDR's abbreviations differ
            abbr = lex.month_abbr.get(d.month)
            if abbr:
                return P(format_date(d, pattern.replace("MMMM", "'@'").replace("MMM", "'@'"),
                                     locale=babel).replace("@", abbr), _fid(value))
        return date(value, pattern)

    def country(value: Any) -> P:
        """A country's name from its code (CLDR, or the lexicon's ``countries``)."""
        code = str(_raw(value))
        name = lex.countries.get(code) or babel.territories.get(code)
        if not name:
            raise LexiconError(f"{lex.source}: countries.{code}: found "
                               "nothing, and Babel has no name for it either")
        return P(name, _fid(value))

    def upper(value: Any) -> P:
        """A value in capitals, localised first (for datelines)."""
        return P(str(localise(value, namer)).upper(), _fid(value))

    def short(value: Any) -> P:
        """A team or person by the short form, whatever the referring expression was."""
        if not isinstance(value, Mention):
            raise NewsgenError(f"expected a team or person, found {value!r}")
        return namer(value, "short" if value.kind == "person" else "name")

    def full(value: Any) -> P:
        """A team or person by the full form, whatever the referring expression was."""
        if not isinstance(value, Mention):
            raise NewsgenError(f"expected a team or person, found {value!r}")
        return namer(value, "full" if value.kind == "person" else "name-first")

    def possessive(value: Any) -> P:
        """A name in the possessive (the lexicon's ``possessive`` pattern: Salah's)."""
        text = str(namer(value) if isinstance(value, Mention) else _raw(value))
        pattern = lex.possessive_s if text.endswith("s") else lex.possessive
        return P(pattern.format(text), _fid(value))

    def join(items: Iterable[Any]) -> str:
        """Join values as a list in the locale's style (Babel, or the lexicon's override)."""
        texts = [emit(i) for i in items]
        if lex.list_pair and lex.list_end:
            if len(texts) <= 2:
                return lex.list_pair.format(*texts) if len(texts) == 2 else "".join(texts)
            return lex.list_end.format(", ".join(texts[:-1]), texts[-1])
        return format_list(texts, locale=babel)

    def term(value: Any, group: str) -> str:
        """The locale's words for a fact vocabulary value (``long-pass`` → "long pass")."""
        text = lex.term(group, str(_raw(value)))
        return P(text, _fid(value)) if _fid(value) else text

    def grammar_of(value: Any) -> Noun | None:
        if isinstance(value, Mention):
            return namer.noun(value, mark=False)
        value = localise(value, namer) if isinstance(value, V) else value
        return value.noun if isinstance(value, NP) else None

    def agree(subject: Any, singular: Any, plural: Any, feminine: Any = None,
              feminine_plural: Any = None) -> Any:
        """The form that agrees with a subject in number (and gender, where the feminine
        forms are given): plural for several teams, a nickname or role ("the Reds", "the
        hosts"), or a team the lexicon gives ``number: plural``.

        English follows AP: a team name is singular ("Liverpool leads").
        """
        if isinstance(subject, (list, tuple)):
            nouns = [grammar_of(x) for x in subject]
            many = len(nouns) > 1 or any(n is not None and n.plural for n in nouns)
            fem = bool(nouns) and all(n is not None and n.gender == "f" for n in nouns)
        else:
            n = grammar_of(subject)
            many, fem = bool(n and n.plural), bool(n and n.gender == "f")
        if fem and feminine is not None:
            return feminine_plural if many and feminine_plural is not None else \
                plural if many else feminine
        return plural if many else singular

    def the(value: Any, prep: str | None = None, case: str | None = None) -> P:
        """A name as a noun phrase of the locale: with its article (*il Napoli*, *l'Inter*),
        merged with a preposition (``"di"`` → *del Napoli*, *dell'Inter*; de ``"von"`` with
        ``case="dat"`` → *vom*), or elided (fr ``"de"`` → *d'Origi*); all from the lexicon's
        ``grammar``. People take no article."""
        np = localise(value, namer)
        if not isinstance(np, NP):
            np = NP(Noun(str(np)), _fid(value))
        n = np.noun  # its fields, not the dataclass: a tuple of strings hashes in one step
        key = (n.text, n.gender, n.plural, n.article, prep, case)
        text = phrases.get(key)
        if text is not None:
            return P(text, np.fid)
        article = lex.grammar.article(np.noun, case)
        if article is None:
            with_case = f" with case {case!r}" if case else ""
            raise LexiconError(
                f"{lex.source}: {_entry(value)}: found no gender or article class for "
                f"{np.noun.text!r}, expected gender: one of {', '.join(lex.grammar.genders)} "
                f"(or article: a class of grammar.articles{with_case})")
        text = phrases[key] = lex.grammar.phrase(np.noun, article, prep)
        return P(text, np.fid)

    def demonym(value: Any, subject: Any = None) -> P:
        """The adjective of a country (``IT`` → *italiano*), agreeing with ``subject``."""
        code = str(_raw(value))
        n = grammar_of(subject) if subject is not None else None
        forms = (lex.data.get("demonyms") or {}).get(code)
        word = inflect(forms, n.gender if n else None, bool(n and n.plural))
        if not word:
            raise LexiconError(f"{lex.source}: demonyms.{code}: found nothing, expected the "
                               f"{lex.locale} adjective for {code}")
        return P(word, _fid(value))

    def article(value: Any) -> str:
        """The article class the lexicon gives a name (``none`` for "Serie A" in English)."""
        return str((lex.data.get("articles") or {}).get(_fid(value), "default"))

    def city(value: Any) -> P:
        """A city in this locale (the lexicon's ``cities``: Naples → Napoli)."""
        return P(str(localise(value, namer)), _fid(value))

    def standalone(value: Any) -> bool:
        """True for a city the dateline names without its country (the lexicon's list)."""
        return str(localise(value, namer)) in lex.standalone_cities

    return {"figure": figure, "num": num, "ordinal": ordinal, "times": times,
            "plural": plural, "score": score, "minute": minute, "added": added,
            "weekday": weekday, "month": month, "month_year": month_year,
            "day_month": day_month, "country": country, "upper": upper, "short": short,
            "full": full, "possessive": possessive, "join": join, "term": term,
            "city": city, "standalone": standalone, "article": article, "agree": agree,
            "the": the, "demonym": demonym}

