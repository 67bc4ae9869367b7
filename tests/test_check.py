"""``newsgen check`` for translators: every problem with locale, file and line, exit 1.

Each test copies the bundled templates, adds a locale ``xx`` (a copy of English whose
lexicon has genders, as a translator would start one) and breaks one thing.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import FACTS, ROOT, TEMPLATES, locales

from newsgen.cli import main
from newsgen.messages import KINDS


def check(templates: Path, *locales_: str) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    args = ["check", "--facts", str(FACTS), "--templates", str(templates)]
    for loc in locales_:
        args += ["--locale", loc]
    code = main(args, out=out, err=err)
    assert "Traceback" not in err.getvalue()
    return code, [ln for ln in err.getvalue().splitlines() if ln.startswith("error: ")]


@pytest.fixture
def xx(tmp_path: Path) -> Path:
    """Templates with a complete locale xx: English templates, a lexicon with genders."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    shutil.copytree(TEMPLATES / "en", templates / "xx")
    lexicon = templates / "xx" / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8").replace("\nlocale: en\n", "\nlocale: xx\n")
    lexicon.write_text(text + "\ngrammar: {genders: [m, f], articles: {m: the, f: the}}\n",
                       encoding="utf-8")
    code, errors = check(templates, "xx")
    teams = sorted(set(re.findall(r"teams\.([\w-]+): found no gender", "\n".join(errors))))
    names = sorted(set(re.findall(r"names\.([\w:/-]+): found no gender", "\n".join(errors))))
    assert code == 1 and teams and names, errors  # the coverage check asks for them
    entries = "".join(f"  {t}: {{gender: m}}\n" for t in teams)
    named = "".join(f"  {n}: {{gender: f}}\n" for n in names)
    text = lexicon.read_text(encoding="utf-8").replace("teams: {}\n", f"teams:\n{entries}")
    lexicon.write_text(text + f"names:\n{named}", encoding="utf-8")
    assert check(templates, "xx") == (0, [])
    return templates


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in a file; returns the line it is on."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text[:at].count("\n") + 1


def test_the_bundled_locales_check_clean() -> None:
    assert check(TEMPLATES, *locales()) == (0, [])


def test_a_syntax_error(xx: Path) -> None:
    line = edit(xx / "xx" / "messages.md.j2", "{% macro half_time(m) -%}",
                "{% macro half_time(m) -%}{% if %}")
    code, errors = check(xx, "xx")
    assert code == 1
    assert any(e.startswith(f"error: {xx.name}/xx/messages.md.j2:{line}: ") or
               f"/xx/messages.md.j2:{line}:" in e for e in errors), errors


def test_an_unknown_variable_names_the_closest(xx: Path) -> None:
    line = edit(xx / "xx" / "full.md.j2", "{% for para in plan.paragraphs %}",
                "{% for para in plann.paragraphs %}")
    code, errors = check(xx, "xx")
    assert code == 1
    assert any(f"/xx/full.md.j2:{line}: unknown variable 'plann' (did you mean 'plan'?)" in e
               for e in errors), errors


def test_an_unknown_attribute_in_a_branch_no_fixture_reaches(xx: Path) -> None:
    """The shoot-out branch of the lede: no bundled fixture went to penalties."""
    path = xx / "xx" / "messages.md.j2"
    line = edit(path, "{{ m.shootout|score }} in a penalty shootout",
                "{{ m.shootot|score }} in a penalty shootout")
    code, errors = check(xx, "xx")
    assert code == 1
    assert any(f"/xx/messages.md.j2:{line}: " in e and "'shootot'" in e and
               "(did you mean 'shootout'?)" in e for e in errors), errors


def test_an_unknown_field_of_a_typed_message(xx: Path) -> None:
    path = xx / "xx" / "messages.md.j2"
    text = path.read_text(encoding="utf-8")
    at = text.index("{% macro half_time(m)")
    line = text[:at].count("\n") + 2
    path.write_text(text[:at] + text[at:].replace("\n", "\n{{ m.goalles }}\n", 1),
                    encoding="utf-8")
    code, errors = check(xx, "xx")
    assert code == 1
    assert any(f"/xx/messages.md.j2:{line}: a 'half_time' message has no field 'goalles' "
               "(did you mean 'goalless'?)" in e for e in errors), errors


def test_an_unknown_filter(xx: Path) -> None:
    line = edit(xx / "xx" / "messages.md.j2", "|ordinal", "|ordinl")
    code, errors = check(xx, "xx")
    assert any(f"/xx/messages.md.j2:{line}: unknown filter 'ordinl' "
               "(did you mean 'ordinal'?)" in e for e in errors), errors
    assert code == 1


def test_a_missing_template(xx: Path) -> None:
    (xx / "xx" / "short.md.j2").unlink()
    code, errors = check(xx, "xx")
    assert code == 1
    assert any("/xx/short.md.j2: not found; documents of this length fall back to en" in e
               for e in errors), errors


def test_a_missing_message_macro(xx: Path) -> None:
    path = xx / "xx" / "messages.md.j2"
    edit(path, "{% macro half_time(m)", "{% macro half_tim(m)")
    code, errors = check(xx, "xx")
    assert code == 1
    assert any("/xx/messages.md.j2: found no macro 'half_time', expected every message macro "
               "en defines" in e for e in errors), errors


def test_a_missing_lexicon_entry_names_locale_id_and_fixture(xx: Path) -> None:
    lexicon = xx / "xx" / "lexicon.yaml"
    edit(lexicon, "  napoli: {gender: m}\n", "")
    code, errors = check(xx, "xx")
    assert code == 1
    assert any("/xx/lexicon.yaml: teams.napoli: found no gender, expected one of m, f "
               "(needed by 2019-09-17-napoli-liverpool" in e for e in errors), errors


def test_a_missing_term(xx: Path) -> None:
    edit(xx / "xx" / "lexicon.yaml", "    through-ball: through ball\n", "")
    code, errors = check(xx, "xx")
    assert code == 1
    assert any("/xx/lexicon.yaml: terms.assist_kind: found no through-ball, expected every "
               "term en has" in e for e in errors), errors


def test_an_unknown_babel_locale(xx: Path) -> None:
    edit(xx / "xx" / "lexicon.yaml", "babel_locale: en_US", "babel_locale: xx_YY")
    code, errors = check(xx, "xx")
    assert code == 1
    assert any("/xx/lexicon.yaml: babel_locale: found 'xx_YY', expected a CLDR locale" in e
               for e in errors), errors


def test_the_template_context_reference_is_current(update_golden: bool) -> None:
    """docs/template-context.md is generated from the code (newsgen reference)."""
    page = ROOT / "docs" / "template-context.md"
    out, err = io.StringIO(), io.StringIO()
    assert main(["reference", "--out", "-"], out=out, err=err) == 0, err.getvalue()
    if update_golden:
        page.write_text(out.getvalue(), encoding="utf-8")
    assert page.read_text(encoding="utf-8") == out.getvalue(), \
        "docs/template-context.md is stale: run `newsgen reference`"
    text = out.getvalue()
    for kind in KINDS:  # every message kind and every filter is on the page
        assert f"### `{kind}`" in text
    for name in ("the", "agree", "score", "minute", "join", "city"):
        assert f"| `{name}` |" in text
    assert "`{{ lede.score|score }}` → 1-1" in text.replace("\\|", "|")


def test_an_error_while_a_document_renders_names_its_template_line(xx: Path) -> None:
    """Found only when rendering (a filter given the wrong kind of value): the document
    template's own line, as for a macro's."""
    line = edit(xx / "xx" / "short.md.j2", "{% if notice %}",
                "{{ plan.length|ordinal }}\n{% if notice %}")
    code, errors = check(xx, "xx")
    assert code == 1
    assert any(f"/xx/short.md.j2:{line}: " in e and "expected a whole number" in e
               for e in errors), errors
