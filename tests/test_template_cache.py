"""Compiled templates are kept between runs; the cache changes speed, never output."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
from conftest import TEMPLATES

from newsgen.facts import Loaded
from newsgen.planner import plan, view
from newsgen.realise import CACHE_VARIABLE, Realiser, cache_directory, template_cache

FIXTURE = "2019-11-27-liverpool-napoli"


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES / "en", copy / "en")
    return copy


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_VARIABLE, str(directory))
    return directory


def render(templates: Path, bundled: Loaded, length: str = "short") -> str:
    full = plan(bundled.facts, FIXTURE)
    return Realiser(templates, bundled.facts).render(view(full, length), "en").text


def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source from now on."""
    seen: list[str] = []
    original = jinja2.Environment.compile

    def spy(self: jinja2.Environment, source: str, name: str | None = None,
            *args: object, **kwargs: object) -> object:
        seen.append(str(name))
        return original(self, source, name, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    return seen


def test_a_second_run_reads_compiled_templates_and_prints_the_same(
        templates: Path, cache: Path, bundled: Loaded, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = compiles(monkeypatch)
    first = render(templates, bundled)
    assert {"short.md.j2", "messages.md.j2"} <= set(seen)
    assert any(cache.iterdir())
    seen.clear()
    assert render(templates, bundled) == first
    assert seen == []  # every template came from the cache


def test_an_edited_template_is_compiled_again(templates: Path, cache: Path,
                                              bundled: Loaded) -> None:
    before = render(templates, bundled, "headline")
    path = templates / "en" / "headline.md.j2"
    path.write_text(path.read_text(encoding="utf-8") + "EDITED\n", encoding="utf-8")
    after = render(templates, bundled, "headline")
    assert after != before and "EDITED" in after


def test_a_damaged_cache_is_compiled_again(templates: Path, cache: Path, bundled: Loaded,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    expected = render(templates, bundled)
    for entry in cache.iterdir():
        entry.write_bytes(entry.read_bytes()[:40])  # truncated mid-way
    seen = compiles(monkeypatch)
    assert render(templates, bundled) == expected
    assert "messages.md.j2" in seen


def test_an_unusable_cache_directory_is_skipped(templates: Path, tmp_path: Path,
                                                bundled: Loaded,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv(CACHE_VARIABLE, str(blocker / "cache"))
    expected = render(templates, bundled)
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    assert cache_directory() is None
    assert render(templates, bundled) == expected


def test_the_default_cache_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(CACHE_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_directory() == tmp_path / "newsgen" / "templates"


def test_a_lexicon_edit_shows_under_a_warm_cache(templates: Path, cache: Path,
                                                 bundled: Loaded) -> None:
    """Nothing a filter gives is worked out when compiling: a literal through a filter is
    looked up in the lexicon on every render, cached template or not."""
    path = templates / "en" / "headline.md.j2"
    path.write_text(path.read_text(encoding="utf-8") + "({{ 3|ordinal }}, {{ 'x' }})\n",
                    encoding="utf-8")
    assert "(third, x)" in render(templates, bundled, "headline")
    lexicon = templates / "en" / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8")
    lexicon.write_text(text.replace("3: third", "3: THIRD", 1), encoding="utf-8")
    assert "(THIRD, x)" in render(templates, bundled, "headline")


def test_a_cache_others_may_write_to_is_not_used(templates: Path, tmp_path: Path,
                                                 bundled: Loaded,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # anyone could plant compiled code here
    monkeypatch.setenv(CACHE_VARIABLE, str(shared))
    expected = render(templates, bundled)
    assert list(shared.iterdir()) == []
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    assert render(templates, bundled) == expected


def test_a_filter_called_differently_is_compiled_again(cache: Path) -> None:
    """Compiled code passes a filter what it asks for (context, environment or nothing): a
    filter that asks for something else keys a new entry, never code that calls it wrong."""

    def upper(value: str) -> str:
        return value.upper()

    env = jinja2.Environment()
    env.filters["shout"] = upper
    before = template_cache(env)
    env.filters["shout"] = jinja2.pass_eval_context(lambda ctx, value: str(value).upper())
    after = template_cache(env)
    assert before is not None and after is not None
    assert before.get_cache_key("t.j2") != after.get_cache_key("t.j2")
    env.filters["shout"] = upper
    again = template_cache(env)
    assert again is not None and again.get_cache_key("t.j2") == before.get_cache_key("t.j2")
