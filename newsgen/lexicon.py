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


@dataclass(frozen=True, slots=True)
class Lexicon:
    locale: str
    babel_locale: str
    score: str  # "{home}-{away}"
    number_words: dict[int, str]
    ordinal_words: dict[int, str]
    ordinal_suffix: dict[str, str]  # CLDR ordinal category -> suffix
    month_abbr: dict[int, str]
    list_pair: str | None  # "{0} and {1}"; None: Babel's list patterns
    list_end: str | None
    possessive: str  # "{}'s"
    possessive_s: str  # after a final s: "{}'"
    countries: dict[str, str]
    standalone_cities: frozenset[str]
    roles: dict[str, str]
    terms: dict[str, dict[str, str]]
    teams: dict[str, dict[str, str]]
    people: dict[str, dict[str, str]]
    grounding_exempt: frozenset[str]
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


def _int_keys(data: Mapping[str, Any] | None) -> dict[int, str]:
    return {int(k): str(v) for k, v in (data or {}).items()}


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
    poss = d.get("possessive") or {}
    return Lexicon(
        locale=str(d["locale"]), babel_locale=str(d["babel_locale"]), score=str(d["score"]),
        number_words=_int_keys(d.get("number_words")),
        ordinal_words=_int_keys(d.get("ordinal_words")),
        ordinal_suffix={str(k): str(v) for k, v in d["ordinal_suffix"].items()},
        month_abbr=_int_keys(d.get("month_abbr")),
        list_pair=lists.get("pair"), list_end=lists.get("end"),
        possessive=poss.get("default", "{}"), possessive_s=poss.get("after_s", "{}"),
        countries={str(k): str(v) for k, v in (d.get("countries") or {}).items()},
        standalone_cities=frozenset(d.get("standalone_cities") or ()),
        roles={str(k): str(v) for k, v in (d.get("roles") or {}).items()},
        terms={str(g): {str(k): str(v) for k, v in (t or {}).items()}
               for g, t in d["terms"].items()},
        teams=d.get("teams") or {}, people=d.get("people") or {},
        grounding_exempt=frozenset(d.get("grounding_exempt") or ()), data=d, source=filename)


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
