"""A locale's lexicon: the words a translator owns, read from ``templates/<locale>/lexicon.yaml``.

It holds what Babel (CLDR) does not: small numbers in words, ordinal suffixes per CLDR
ordinal category, the terms for the fact vocabularies (``long-pass`` → "long pass"), the
names of teams and people where the locale differs from the facts, and house-style details
such as AP's month abbreviations. A name the lexicon does not override keeps its canonical
form from the facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import FactError, LexiconError
from .yamlsafe import YMap, parse

VOWELS = "aeiouàáâäèéêëìíîïòóôöùúûü"


@dataclass(frozen=True, slots=True)
class Noun:
    """A name with the grammar a locale needs to put an article or a preposition before it.

    ``article`` is a class of the lexicon's ``grammar.articles`` (``m``, ``f.vowel``), or
    ``none``; left empty, it is worked out from gender, number and the first letter.
    """

    text: str
    gender: str | None = None
    plural: bool = False
    article: str | None = None


def noun(entry: Any, text: str, base: Noun | None = None, plural: bool = False) -> Noun:
    """A ``Noun`` from a lexicon entry: a plain string, or a mapping with ``text`` (or
    ``name``), ``gender``, ``number`` and ``article``; what it leaves out comes from ``base``.

    >>> noun({"text": "azzurri", "number": "plural"}, "Napoli", Noun("Napoli", "m"))
    Noun(text='azzurri', gender='m', plural=True, article=None)
    >>> noun("Naples", "Napoli")
    Noun(text='Naples', gender=None, plural=False, article=None)
    """
    base = base or Noun(text, plural=plural)
    if isinstance(entry, str):
        return Noun(entry, base.gender, base.plural, base.article)
    if not isinstance(entry, Mapping):
        return Noun(text, base.gender, base.plural, base.article)
    number = entry.get("number")
    return Noun(str(entry.get("text", entry.get("name", text))),
                entry.get("gender", base.gender),
                number == "plural" if number else base.plural,
                entry.get("article", base.article))


def inflect(forms: Any, gender: str | None = None, plural: bool = False) -> str | None:
    """The form of a word for a gender and number: ``forms`` is a string (one form for all)
    or a mapping with keys ``m``, ``f``, ``n``, ``m.pl``, ``f.pl``, ``pl`` (what is missing
    falls back to the masculine).

    >>> inflect({"m": "qualificato", "f": "qualificata", "m.pl": "qualificati"}, "f", True)
    'qualificati'
    """
    if forms is None or isinstance(forms, str):
        return forms
    g = gender or "m"
    keys = [f"{g}.pl", "pl", "m.pl"] if plural else []
    for key in [*keys, g, "m", "other"]:
        if key in forms:
            return str(forms[key])
    return None


@dataclass(frozen=True, slots=True)
class Grammar:
    """How a locale builds noun phrases: articles, contractions and elision, as data.

    ``articles`` maps a class to the definite article (a string, or one per case for
    German); ``contractions`` maps a preposition and an article to their merged form
    (``di`` + ``il`` → ``del``); ``elision`` maps a word to its form before a vowel
    (``de`` → ``d'``). Templates ask for a phrase with the ``the`` filter; they never glue
    an article themselves.
    """

    genders: tuple[str, ...] = ()
    articles: dict[str, Any] = field(default_factory=dict)
    contractions: dict[str, dict[str, str]] = field(default_factory=dict)
    elision: dict[str, str] = field(default_factory=dict)
    vowels: str = VOWELS
    default_case: str | None = None
    person_gender: str | None = None
    default_gender: str | None = None  # for a name the lexicon gives no gender (es: m)

    def starts_with_vowel(self, text: str) -> bool:
        return bool(text) and text[0].lower() in self.vowels

    def article(self, n: Noun, case: str | None = None) -> str | None:
        """The article for a noun, "" for none, or None when its gender is needed but
        unknown (and the lexicon gives no ``default_gender``).

        >>> Grammar(("m", "f"), {"m": "el"}, default_gender="m").article(Noun("Reds"))
        'el'
        """
        if n.article == "none" or not self.articles:
            return ""
        gender = n.gender or self.default_gender
        if n.article:
            keys = [n.article]
        elif gender is None:
            return None if self.genders else ""
        else:
            base = gender + (".pl" if n.plural else "")
            keys = [base + ".vowel"] if self.starts_with_vowel(n.text) else []
            keys.append(base)
        for key in keys:
            form = self.articles.get(key)
            if isinstance(form, Mapping):
                form = form.get(case or self.default_case or "", None)
            if form is not None:
                return str(form)
        return None

    def phrase(self, n: Noun, article: str, prep: str | None = None) -> str:
        """``prep`` + article + name, contracted and elided as the lexicon says.

        >>> it = Grammar(("m", "f"), {"m": "il", "m.vowel": "l'"}, {"di": {"l'": "dell'"}})
        >>> it.phrase(Noun("Inter", "m"), "l'", "di")
        "dell'Inter"
        >>> fr = Grammar(("m", "f"), {}, {}, {"de": "d'"})
        >>> fr.phrase(Noun("Origi", "m"), "", "de")
        "d'Origi"
        """
        if prep and article:
            head = self.contractions.get(prep, {}).get(article) or f"{prep} {article}"
        elif prep:
            vowel = self.starts_with_vowel(n.text)
            head = self.elision[prep] if vowel and prep in self.elision else prep
        else:
            head = article
        if not head:
            return n.text
        return f"{head}{n.text}" if head.endswith(("'", "\u2019")) else f"{head} {n.text}"


@dataclass(frozen=True, slots=True)
class Lexicon:
    locale: str
    babel_locale: str
    score: str  # "{home}-{away}"
    number_words: dict[int, Any]  # a word, or its forms per gender
    ordinal_words: dict[int, Any]
    ordinal_suffix: dict[str, Any]  # CLDR ordinal category -> suffix (or forms per gender)
    month_abbr: dict[int, str]
    list_pair: str | None  # "{0} and {1}"; None: Babel's list patterns
    list_end: str | None
    possessive: str  # "{}'s"
    possessive_s: str  # after a final s: "{}'"
    countries: dict[str, str]
    standalone_cities: frozenset[str]
    roles: dict[str, Any]  # home/away -> "the hosts", or a mapping with its grammar
    terms: dict[str, dict[str, str]]
    teams: dict[str, dict[str, str]]
    people: dict[str, dict[str, str]]
    grounding_exempt: frozenset[str]
    grammar: Grammar = field(default_factory=Grammar)
    names: dict[str, Any] = field(default_factory=dict)  # fact id -> name in this locale
    cities: dict[str, str] = field(default_factory=dict)  # canonical city -> this locale's
    data: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # the file, as problems name it

    def term(self, group: str, key: str) -> str:
        try:
            return self.terms[group][key]
        except KeyError:
            raise LexiconError(
                f"{self.source}: terms.{group}.{key}: found nothing, "
                f"expected the {self.locale} words for {key!r}") from None


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _int_keys(data: Mapping[str, Any] | None) -> dict[int, Any]:
    """Keys as numbers; a value is a word, or its forms per gender (``{m: un, f: una}``)."""
    return {int(k): v if isinstance(v, Mapping) else str(v) for k, v in (data or {}).items()}


REQUIRED = ("locale", "babel_locale", "score", "ordinal_suffix", "terms")


def parse_lexicon(text: str, filename: str) -> Lexicon:
    """Read a lexicon from YAML text; problems are reported with file and line."""
    doc = parse(text, filename)
    if not isinstance(doc, YMap):
        raise LexiconError(f"{filename}: found no mapping, expected keys {', '.join(REQUIRED)}")
    missing = [k for k in REQUIRED if k not in doc]
    if missing:
        raise LexiconError(f"{filename}:{doc.line}: found no {', '.join(missing)}, "
                           "expected every lexicon to define them")
    d = _plain(doc)
    lists = d.get("list") or {}
    g = d.get("grammar") or {}
    poss = d.get("possessive") or {}
    return Lexicon(
        locale=str(d["locale"]), babel_locale=str(d["babel_locale"]), score=str(d["score"]),
        number_words=_int_keys(d.get("number_words")),
        ordinal_words=_int_keys(d.get("ordinal_words")),
        ordinal_suffix={str(k): v if isinstance(v, Mapping) else str(v)
                        for k, v in d["ordinal_suffix"].items()},
        month_abbr=_int_keys(d.get("month_abbr")),
        list_pair=lists.get("pair"), list_end=lists.get("end"),
        possessive=poss.get("default", "{}"), possessive_s=poss.get("after_s", "{}"),
        countries={str(k): str(v) for k, v in (d.get("countries") or {}).items()},
        standalone_cities=frozenset(d.get("standalone_cities") or ()),
        roles={str(k): v for k, v in (d.get("roles") or {}).items()},
        terms={str(g): {str(k): str(v) for k, v in (t or {}).items()}
               for g, t in d["terms"].items()},
        teams=d.get("teams") or {}, people=d.get("people") or {},
        grounding_exempt=frozenset(d.get("grounding_exempt") or ()),
        grammar=Grammar(
            genders=tuple(g.get("genders") or ()), articles=g.get("articles") or {},
            contractions={str(p): {str(a): str(c) for a, c in (t or {}).items()}
                          for p, t in (g.get("contractions") or {}).items()},
            elision={str(k): str(v) for k, v in (g.get("elision") or {}).items()},
            vowels=str(g.get("vowels", VOWELS)), default_case=g.get("default_case"),
            person_gender=g.get("person_gender"), default_gender=g.get("default_gender")),
        names=d.get("names") or {},
        cities={str(k): str(v) for k, v in (d.get("cities") or {}).items()},
        data=d, source=filename)


def display(path: Path) -> str:
    """A path as messages show it: relative to the working directory when it is below it.

    >>> display(Path.cwd() / "templates")
    'templates'
    """
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_lexicon(templates: Path, locale: str) -> Lexicon:
    path = templates / locale / "lexicon.yaml"
    name = f"{display(templates)}/{locale}/lexicon.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"{name}: found no lexicon, expected one per locale") from None
    try:
        return parse_lexicon(text, name)
    except FactError as exc:
        raise LexiconError(str(exc)) from None
