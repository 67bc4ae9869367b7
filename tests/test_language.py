"""Every locale as a desk editor reads it: spelling, grammar hygiene, the same facts as English.

Spelling uses Hunspell (the `hunspell` command and the dictionary the lexicon names under
``spelling.dictionary``; `.ci/run` installs both from Debian). Exempt are the words of names
from the facts and the lexicon, the article and preposition forms of the lexicon's grammar,
and the short, reviewed ``spelling.exempt`` list of each lexicon (every entry with its
reason).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import FACTS, TEMPLATES, locales, played_fixtures
from test_render import _leaves, known_names

from newsgen.facts import Loaded, load_directory
from newsgen.lexicon import Lexicon, load_lexicon
from newsgen.planner import LENGTHS, plan, view
from newsgen.realise import MARK_RE, Realiser

LOCALES = locales()
FIXTURES = played_fixtures()
LN = "2019-11-27-liverpool-napoli"
WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


@cache
def bodies(realiser: Realiser, locale: str) -> tuple[str, ...]:
    """Every recap body of the bundle in a locale (no front matter, no notice)."""
    out = []
    for fixture_id in FIXTURES:
        full = plan(realiser.facts, fixture_id)
        for length in LENGTHS:
            rendered = realiser.render(view(full, length), locale)
            if rendered.locale == locale:
                out.append(rendered.text)
    return tuple(out)


def grammar_forms(lex: Lexicon) -> frozenset[str]:
    """Articles, contractions and elided forms the lexicon's grammar defines."""
    g = lex.grammar
    forms = _leaves(g.articles) + [c for t in g.contractions.values() for c in t.values()]
    forms += list(g.elision.values())
    return frozenset(f.lower() for f in forms)


def hunspell(words: list[str], dictionary: str) -> set[str]:
    if shutil.which("hunspell") is None:
        pytest.fail("hunspell is not installed: apt-get install hunspell (see README)")
    if not any((Path(d) / f"{dictionary}.dic").is_file()
               for d in ("/usr/share/hunspell", "/usr/share/myspell")):
        pytest.fail(f"no Hunspell dictionary {dictionary}: install its Debian package "
                    "(see README)")
    run = subprocess.run(["hunspell", "-d", dictionary, "-l"], input="\n".join(words),
                         capture_output=True, text=True, check=True)
    return set(run.stdout.split())


def misspelt(text: str, lex: Lexicon, names: frozenset[str]) -> list[str]:
    spelling: dict[str, Any] = lex.data.get("spelling") or {}
    dictionary = spelling.get("dictionary")
    assert dictionary, f"{lex.source}: spelling.dictionary: found nothing, expected the " \
                       "Hunspell dictionary of the locale (it_IT)"
    exempt = set(spelling.get("exempt") or {})
    forms = grammar_forms(lex)
    lower_names = {unicodedata.normalize("NFC", part).lower()
                   for n in names for part in n.split("-")}

    def known(word: str) -> bool:
        bare = re.sub(r"(['\u2019]s?)$", "", word)
        if word in exempt or bare in exempt or bare.lower() in lower_names:
            return True
        return word.lower() in forms or f"{word}'".lower() in forms

    words = sorted({w for w in WORD.findall(text) if not any(c.isdigit() for c in w)})
    unknown = [w for w in hunspell(words, dictionary) if not known(w)]
    # an elided form from the grammar glued to a word: "dell'Inter", "d'Origi"
    tails: dict[str, str] = {}
    for word in unknown:
        parts = re.split(r"['\u2019]", word, maxsplit=1)
        if len(parts) == 2 and f"{parts[0]}'".lower() in forms:
            tails[word] = parts[1]
    good_tails = set(tails.values()) - hunspell(sorted(set(tails.values())), dictionary)
    return sorted(w for w in unknown
                  if not (w in tails and (tails[w] in good_tails or known(tails[w]))))


@pytest.mark.parametrize("locale", LOCALES)
def test_every_word_is_spelt_right(realiser: Realiser, bundled: Loaded, locale: str) -> None:
    lex = load_lexicon(TEMPLATES, locale)
    text = "\n".join(bodies(realiser, locale))
    names = known_names(bundled, locale)
    problems = misspelt(text, lex, names)
    assert not problems, f"{locale}: words unknown to Hunspell: {problems}"
    reasons = (lex.data.get("spelling") or {}).get("exempt") or {}
    assert all(isinstance(r, str) and r.strip() for r in reasons.values()), \
        "every spelling exemption needs its reason"


def test_the_spelling_check_catches_a_typo(bundled: Loaded) -> None:
    lex = load_lexicon(TEMPLATES, "en")
    assert misspelt("Liverpool draw with Napoli.", lex, known_names(bundled, "en")) == []
    assert misspelt("Liverpool darw with Napoli.", lex, known_names(bundled, "en")) == ["darw"]


# --- grammar hygiene ---------------------------------------------------------------------


def hygiene_problems(text: str, lex: Lexicon) -> list[str]:
    problems = []
    for m in re.finditer(r"\b(\w+) \1\b", text, re.IGNORECASE):
        problems.append(f"doubled word: {m.group(0)!r}")
    for prep, table in lex.grammar.contractions.items():
        for article, merged in table.items():
            glue = r"" if article.endswith(("'", "\u2019")) else r"\b"
            pattern = rf"\b{re.escape(prep)} {re.escape(article)}{glue}"
            for m in re.finditer(pattern, text, re.IGNORECASE):
                problems.append(f"unmerged {m.group(0)!r}, expected {merged!r}")
    for bad in ("None", "{{", "}}", "{%", "%}", "\x02", "  ", "undefined"):
        if bad in text:
            problems.append(f"found {bad!r}")
    for m in re.finditer(r"(?:^|[.!?] )([a-zà-ÿ])", text, re.MULTILINE):
        problems.append(f"lowercase sentence start: {text[m.start():m.start() + 20]!r}")
    return problems


@pytest.mark.parametrize("locale", LOCALES)
def test_grammar_hygiene(realiser: Realiser, locale: str) -> None:
    lex = load_lexicon(TEMPLATES, locale)
    problems = [p for body in bodies(realiser, locale) for p in hygiene_problems(body, lex)]
    assert not problems, f"{locale}: {sorted(set(problems))[:20]}"


def test_the_hygiene_check_catches_each_fault() -> None:
    lex = load_lexicon(TEMPLATES, "en")
    it_like = Lexicon(**{**{f: getattr(lex, f) for f in lex.__dataclass_fields__},
                         "grammar": type(lex.grammar)(("m", "f"), {"m": "il"},
                                                      {"di": {"il": "del", "l'": "dell'"}})})
    text = "il Napoli ha vinto. La vittoria di il Napoli e di l'Inter the the None  fine."
    problems = hygiene_problems(text, it_like)
    assert any("unmerged 'di il'" in p for p in problems)
    assert any("unmerged \"di l'\"" in p for p in problems)
    assert any("doubled word" in p for p in problems)
    assert any("'None'" in p for p in problems)
    assert any("'  '" in p for p in problems)
    assert any("lowercase sentence start" in p for p in problems)


# --- the same facts as English -------------------------------------------------------------


@pytest.mark.parametrize("locale", [loc for loc in LOCALES if loc != "en"])
@pytest.mark.parametrize("fixture_id", FIXTURES)
def test_same_facts_as_english(tracer: Realiser, bundled: Loaded, fixture_id: str,
                               locale: str) -> None:
    """Each length of each recap prints exactly the fact ids the English one prints."""
    full = plan(bundled.facts, fixture_id)
    for length in LENGTHS:
        planned = view(full, length)
        ours = {fid for fid, _ in MARK_RE.findall(tracer.render(planned, locale).text)}
        theirs = {fid for fid, _ in MARK_RE.findall(tracer.render(planned, "en").text)}
        assert ours == theirs, (f"{length}: only in {locale}: {sorted(ours - theirs)}; "
                                f"only in en: {sorted(theirs - ours)}")


# --- a sixth language with no Python -------------------------------------------------------

PT_LEXICON = """\
locale: pt
babel_locale: pt_PT
score: "{home}-{away}"
ordinal_suffix: {other: "º"}
spelling: {dictionary: pt_PT}
grammar:
  genders: [m, f]
  articles: {m: o, f: a, m.pl: os, f.pl: as}
  contractions:
    de: {o: do, a: da, os: dos, as: das}
    em: {o: "no", a: na, os: nos, as: nas}
    a: {o: ao, a: "à", os: aos, as: "às"}
  person_gender: m
teams:
  liverpool: {gender: m}
  napoli: {name: Nápoles, gender: m}
names:
  competition:ucl-2019-20: {text: Liga dos Campeões, gender: f}
  competition:ucl-2019-20/groups/group-e: {text: grupo E, gender: m}
  venue:anfield: {text: Anfield, gender: m}
terms: {}
"""

PT_MESSAGES = """\
{% macro headline(m) -%}
{{ m.winner|the }} e {{ m.loser|the }} empatam {{ m.score|score }}
{%- endmacro %}
{% macro brief(m) -%}
{{ m.winner|the }} empatou {{ m.score|score }} com {{ m.loser|the }}
{%- if m.venue %} {{ m.venue|the("em") }}{% endif %}, {{ m.competition|the("em") }}.
{%- if m.goal %} O golo {{ m.goal.scorer|the("de") }} deu o empate {{ m.winner|the("a") }}, {# -#}
que fica à frente {{ m.loser|the("de") }}.{% endif %}
{%- endmacro %}
"""


def test_a_new_locale_needs_no_python(tmp_path: Path) -> None:
    """Portuguese: templates and a lexicon with do/da/no/na/ao, in a folder of its own."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES / "en", templates / "en")
    pt = templates / "pt"
    pt.mkdir()
    (pt / "lexicon.yaml").write_text(PT_LEXICON, encoding="utf-8")
    (pt / "messages.md.j2").write_text(PT_MESSAGES, encoding="utf-8")
    (pt / "headline.md.j2").write_text("{% for m in plan.messages %}{{ say(m) }}{% endfor %}\n",
                                       encoding="utf-8")
    (pt / "brief.md.j2").write_text("{% for m in plan.messages %}{{ say(m) }} {% endfor %}\n",
                                    encoding="utf-8")
    loaded = load_directory(FACTS)
    realiser = Realiser(templates, loaded.facts)
    full = plan(loaded.facts, LN)
    headline = realiser.render(view(full, "headline"), "pt")
    brief = realiser.render(view(full, "brief"), "pt")
    assert (headline.locale, brief.locale) == ("pt", "pt")
    assert headline.text == "O Liverpool e o Nápoles empatam 1-1\n"
    assert brief.text == ("O Liverpool empatou 1-1 com o Nápoles no Anfield, na Liga dos "
                          "Campeões. O golo de Dejan Lovren deu o empate ao Liverpool, que fica "
                          "à frente do Nápoles.\n"), brief.text
    short = realiser.render(view(full, "short"), "pt")  # no pt template: English, whole
    assert short.fallback and short.locale == "en"
