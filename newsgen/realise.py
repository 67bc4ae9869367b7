"""Stage 4 — realise: render a plan with the Jinja2 templates and lexicon of a locale.

Templates print values the planner gave them; every value carries the id of its fact
(``V``/``Mention``), and every filter passes that id on (``P``, a ``str`` with a ``fid``).
In trace mode each printed value is wrapped in markers, so a test can check from provenance
that every number and name in the text came from a fact, and that template text holds none.

Locale data (dates, plural and ordinal categories, lists, country names) comes from Babel;
the lexicon supplies the words Babel does not have.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal
from jinja2.sandbox import SandboxedEnvironment

from .errors import LexiconError, NewsgenError, TemplateError
from .lexicon import Lexicon, display, load_lexicon
from .messages import Mention, V
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


_PLAIN: dict[type, bool] = {}


def _plain(cls: type) -> bool:
    """newsgen's own data classes (messages, values, mentions): only fields and properties."""
    plain = _PLAIN.get(cls)
    if plain is None:
        plain = _PLAIN[cls] = (is_dataclass(cls) and cls.__module__.startswith("newsgen.")
                               and not issubclass(cls, str))
    return plain


class Sandbox(SandboxedEnvironment):
    """The sandbox, with a fast path for reading a field of newsgen's own data classes.

    For those, the sandbox's checks come down to "no name starting with an underscore" and
    "no str.format method", so the answer is the same; anything else takes the full check.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        plain = _PLAIN.get(type(obj))
        if plain is None:
            plain = _plain(type(obj))
        if plain and attribute[:1] != "_":
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                if not isinstance(value, (types.MethodType, types.BuiltinMethodType)):
                    return value
        return super().getattr(obj, attribute)


class Namer:
    """Turns mentions into names, using the lexicon's override or the facts' canonical form."""

    def __init__(self, facts: FactSet, lexicon: Lexicon) -> None:
        self.facts = facts
        self.lexicon = lexicon
        self.seen: set[str] = set()  # ids mentioned so far in the document being rendered

    def unseen(self, m: Any) -> bool:
        return isinstance(m, Mention) and f"{m.kind}:{m.id}" not in self.seen

    def team(self, m: Mention, form: str | None = None) -> str:
        team = self.facts.teams[m.id]
        over = self.lexicon.teams.get(m.id, {})
        form = form or m.form
        if not form:
            key = f"team:{m.id}"
            form = "name" if key in self.seen else "name-first"
            self.seen.add(key)
        if form == "name-first":
            return str(over.get("name", team.name))
        if form == "nickname":
            nick = over.get("nickname", team.nickname)
            if nick:
                return str(nick)
        if form in ("home-role", "away-role"):
            role = self.lexicon.roles.get(form.removesuffix("-role"))
            if role:
                return role
        return str(over.get("short_name", over.get("name", team.short_name)))

    def person(self, m: Mention, form: str | None = None) -> str:
        person = self.facts.people[m.id]
        over = self.lexicon.people.get(m.id, {})
        full = str(over.get("full_name", person.full_name))
        short = str(over.get("short_name", person.short_name))
        form = form or m.form
        if not form:
            key = f"person:{m.id}"
            form = "short" if key in self.seen else "full"
            self.seen.add(key)
        return full if form == "full" else short

    def team_name(self, team_id: str) -> str:
        """A team's full name in this locale, for tags and indexes."""
        team = self.facts.teams[team_id]
        return str(self.lexicon.teams.get(team_id, {}).get("name", team.name))

    def __call__(self, m: Mention, form: str | None = None) -> P:
        text = self.team(m, form) if m.kind == "team" else self.person(m, form)
        return P(text, m.fid)


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
        babel = Locale.parse(lex.babel_locale)
        namer = Namer(self.facts, lex)
        env = Sandbox(
            loader=jinja2.FileSystemLoader(str(self.templates / locale)),
            undefined=ContextUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=self._finalizer(namer),
        )
        finalize = env.finalize
        assert finalize is not None
        env.filters.update(make_filters(lex, babel, namer, finalize))
        env.tests["unseen"] = namer.unseen
        env.globals.update({"lex": lex.data, "locale": locale})
        messages: list[Any] = []

        def say(message: Message) -> str:
            if not messages:
                messages.append(self._module(env, locale))
            macro = getattr(messages[0], message.kind, None)
            if macro is None:
                raise TemplateError(locale, MESSAGES, None,
                                    f"found no macro '{message.kind}', expected one for every "
                                    "message kind", self.root)
            return str(macro(message))

        env.globals["say"] = say
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
            if value is None:
                raise NewsgenError("a template printed a value that is None; expected a "
                                   "value (test it with 'if' first)")
            if isinstance(value, Mention):
                value = namer(value)
            elif isinstance(value, V):
                value = P(str(value.value), value.fid)
            if isinstance(value, P):
                text = md_escape(str(value))
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
        namer.seen = set()
        name = template_name(plan.length)
        try:
            template = env.get_template(name)
            raw = template.render(plan=plan, story=plan.story,
                                  notice=self._notice(used))
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
        namer.seen = set()
        say = env.globals["say"]
        assert callable(say)
        return [(m, tidy(say(m), "brief")) for m in plan.messages]

    def _notice(self, locale: str) -> P | None:
        house = self.facts.house
        text = house.notice.get(locale) or house.notice.get(DEFAULT_LOCALE)
        return P(text, house.fid) if text else None


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


_SPACES = re.compile(r"[ \t]+")
_SPACE_BEFORE_PUNCT = re.compile(r" +([.,;:!?)])")
_SENTENCE_START = re.compile(
    # a paragraph start, a sentence end, or the dash after the dateline
    r"(^|[.!?][\"\u201d\u2019]?[ \n]+|\u2014 )"
    rf"((?:{MARK_START}[^{MARK_SEP}]*{MARK_SEP})?)([^\W\d_])",
    re.MULTILINE)


def _cap(m: re.Match[str]) -> str:
    return m.group(1) + m.group(2) + m.group(3).upper()


def tidy(text: str, length: str) -> str:
    """Normalise whitespace, capitalise sentence starts, NFC.

    >>> tidy("LIVERPOOL (AP) \u2014 van Dijk  scored .  the hosts won.\\n\\n\\n", "full")
    'LIVERPOOL (AP) \u2014 Van Dijk scored. The hosts won.\\n'
    """
    lines = [_SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", line)).strip()
             for line in text.splitlines()]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if length != "headline":
        body = _SENTENCE_START.sub(_cap, body)
    else:
        body = _SENTENCE_START.sub(_cap, body, count=1)
    return unicodedata.normalize("NFC", body) + "\n"


def strip_marks(text: str) -> str:
    return MARK_RE.sub(lambda m: m.group(2), text)


# --- filters -----------------------------------------------------------------------------


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

    def figure(value: Any) -> P:
        return P(format_decimal(as_int(value), locale=babel), _fid(value))

    def num(value: Any) -> P:
        """A count: in words where the lexicon spells it (AP: one to nine), else figures."""
        n = as_int(value)
        return P(lex.number_words.get(n) or format_decimal(n, locale=babel), _fid(value))

    def ordinal(value: Any) -> P:
        n = as_int(value)
        if n in lex.ordinal_words:
            return P(lex.ordinal_words[n], _fid(value))
        suffix = lex.ordinal_suffix.get(babel.ordinal_form(n), lex.ordinal_suffix.get("other",
                                                                                     ""))
        return P(f"{format_decimal(n, locale=babel)}{suffix}", _fid(value))

    def times(value: Any) -> P:
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
        form = forms.get(babel.plural_form(n), forms.get("other"))
        return P(f"{num(value)} {form}", _fid(value))

    def score(value: Any) -> P:
        s = _raw(value)
        return P(lex.score.format(home=s.home, away=s.away), _fid(value))

    def minute(value: Any) -> P:
        t = _raw(value)
        if not isinstance(t, MatchTime) or t.minute is None:
            raise NewsgenError(f"expected an exact minute, found {t!r}")
        return ordinal(V(t.minute, _fid(value)))

    def added(value: Any) -> P:
        t = _raw(value)
        if not isinstance(t, MatchTime) or not t.added:
            raise NewsgenError(f"expected a stoppage-time minute, found {t!r}")
        return ordinal(V(t.added, _fid(value)))

    def date(value: Any, pattern: str) -> P:
        d = _raw(value)
        if not isinstance(d, dt.date):
            raise NewsgenError(f"expected a date, found {d!r}")
        return P(format_date(d, pattern, locale=babel), _fid(value))

    def weekday(value: Any) -> P:
        return date(value, "EEEE")

    def month(value: Any) -> P:
        return date(value, "MMMM")

    def month_year(value: Any) -> P:
        return date(value, "MMMM y")

    def day_month(value: Any) -> P:
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
        code = str(_raw(value))
        name = lex.countries.get(code) or babel.territories.get(code)
        if not name:
            raise LexiconError(f"{lex.source}: countries.{code}: found "
                               "nothing, and Babel has no name for it either")
        return P(name, _fid(value))

    def upper(value: Any) -> P:
        text = namer(value) if isinstance(value, Mention) else _raw(value)
        return P(str(text).upper(), _fid(value))

    def short(value: Any) -> P:
        """A team or person by the short form, whatever the referring expression was."""
        if not isinstance(value, Mention):
            raise NewsgenError(f"expected a team or person, found {value!r}")
        return namer(value, "short" if value.kind == "person" else "name")

    def full(value: Any) -> P:
        if not isinstance(value, Mention):
            raise NewsgenError(f"expected a team or person, found {value!r}")
        return namer(value, "full" if value.kind == "person" else "name-first")

    def possessive(value: Any) -> P:
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

    def agree(subject: Any, singular: str, plural: str) -> str:
        """The verb form for a subject: plural for several teams, a nickname or role
        ("the Reds", "the hosts"), or a team the lexicon gives ``number: plural``.

        English follows AP: a team name is singular ("Liverpool leads").
        """
        if isinstance(subject, (list, tuple)):
            many = len(subject) > 1 or any(agree(x, "", "p") for x in subject)
            return plural if many else singular
        if isinstance(subject, Mention) and subject.kind == "team":
            if subject.form in ("nickname", "home-role", "away-role"):
                return plural
            number = (lex.teams.get(subject.id) or {}).get("number")
            return plural if number == "plural" else singular
        return singular

    def article(value: Any) -> str:
        """The article class the lexicon gives a name (``none`` for "Serie A" in English)."""
        return str((lex.data.get("articles") or {}).get(_fid(value), "default"))

    def city(value: Any) -> P:
        return P(str(_raw(value)), _fid(value))

    def standalone(value: Any) -> bool:
        return str(_raw(value)) in lex.standalone_cities

    return {"figure": figure, "num": num, "ordinal": ordinal, "times": times,
            "plural": plural, "score": score, "minute": minute, "added": added,
            "weekday": weekday, "month": month, "month_year": month_year,
            "day_month": day_month, "country": country, "upper": upper, "short": short,
            "full": full, "possessive": possessive, "join": join, "term": term,
            "city": city, "standalone": standalone, "article": article, "agree": agree}

