"""Shared fixtures: the bundled facts and templates, loaded once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgen.facts import Loaded, load_directory
from newsgen.realise import CACHE_VARIABLE, Realiser

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
TEMPLATES = ROOT / "templates"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session", autouse=True)
def template_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Compiled templates go to a cache of the test session's own, not the user's."""
    directory = tmp_path_factory.mktemp("template-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_VARIABLE, str(directory))
        yield directory


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the current output (review the diff!)")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def bundled() -> Loaded:
    loaded = load_directory(FACTS)
    assert not loaded.problems, "\n".join(map(str, loaded.problems))
    return loaded


@pytest.fixture(scope="session")
def realiser(bundled: Loaded) -> Realiser:
    return Realiser(TEMPLATES, bundled.facts)


@pytest.fixture(scope="session")
def tracer(bundled: Loaded) -> Realiser:
    return Realiser(TEMPLATES, bundled.facts, trace=True)


def locales() -> list[str]:
    """Every locale folder: a new locale is tested the day it is added."""
    return sorted(p.name for p in TEMPLATES.iterdir() if (p / "lexicon.yaml").is_file())


def played_fixtures() -> list[str]:
    loaded = load_directory(FACTS)
    return sorted(f.id for f in loaded.facts.fixtures.values() if f.played)
