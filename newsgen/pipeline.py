"""The front door: load a facts directory, pick fixtures, render them, check templates.

The CLI is a thin shell around these functions; nothing here parses arguments or prints.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .document import Document, render_fixture
from .errors import NewsgenError, UsageError
from .facts import Loaded, load_directory
from .model import Fixture
from .planner import LENGTHS
from .realise import Realiser

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def find_dir(given: Path | None, name: str, paths: Sequence[Path] = ()) -> Path:
    """The facts or templates directory: as given, else ``./name``, else beside the package."""
    if given is not None:
        if not given.is_dir():
            raise UsageError(f"{given}: no such directory")
        return given
    for path in paths:  # a fact file given on the command line: its facts root above it
        for parent in [path.resolve(), *path.resolve().parents]:
            if (parent / "house.yaml").is_file() and name == "facts":
                return parent
    for candidate in (Path(name), PROJECT_ROOT / name):
        if candidate.is_dir():
            return candidate
    raise UsageError(f"found no {name}/ directory here; run newsgen from the project "
                     f"directory or pass --{name} DIR")


@dataclass(frozen=True, slots=True)
class Selection:
    fixtures: tuple[str, ...]  # played fixtures to render, in kick-off order
    skipped: tuple[str, ...]  # selected but not yet played


def select(loaded: Loaded, facts_dir: Path, paths: Sequence[Path]) -> Selection:
    """The fixtures held by ``paths`` (files or directories), or all of them."""
    fixtures = loaded.facts.fixtures
    if paths:
        base = facts_dir.resolve().parent
        wanted: set[str] = set()
        root = facts_dir.resolve()
        for path in paths:
            if not path.exists():
                raise UsageError(f"{path}: no such file or directory")
            resolved = path.resolve()
            if resolved != root and root not in resolved.parents:
                raise UsageError(f"{path}: not inside the facts directory {facts_dir}/; "
                                 "pass --facts DIR for facts kept elsewhere")
            held = {i for file, ids in loaded.facts.files.items()
                    if (full := (base / file).resolve()) == resolved or resolved in full.parents
                    for i in ids}
            broken = any((base / f.file).resolve() == resolved for f in loaded.failed)
            # reference data or house style: every fixture may cite it
            wanted.update(held or (() if broken else fixtures))
        chosen = [fixtures[i] for i in wanted]
    else:
        chosen = list(fixtures.values())
    chosen.sort(key=lambda f: f.sort_key)
    return Selection(tuple(f.id for f in chosen if f.played),
                     tuple(f.id for f in chosen if not f.played))


def tainted(loaded: Loaded, fixture: Fixture) -> NewsgenError | None:
    """A fixture whose table would be wrong because a result it needs did not validate."""
    bad = loaded.tainted(fixture)
    if not bad:
        return None
    where = ", ".join(f"{f.file}:{f.line}" + (f" ({f.fixture_id})" if f.fixture_id else "")
                      for f in bad)
    return NewsgenError(f"held back, since its table, games left or next fixture depend on "
                        f"a fixture that did not validate: {where}")


@dataclass(frozen=True, slots=True)
class Outcome:
    fixture: str
    documents: tuple[Document, ...]
    error: NewsgenError | None
    finished: Any = None  # what the run's ``finish`` step made of the documents (then dropped)


def render_all(loaded: Loaded, fixture_ids: Sequence[str], realiser: Realiser,
               locales: Sequence[str], lengths: Sequence[str] = LENGTHS,
               strict: bool = False) -> Iterator[Outcome]:
    """Render each fixture wholly in memory; a failure is reported, never half-rendered."""
    for fixture_id in fixture_ids:
        fixture = loaded.facts.fixtures[fixture_id]
        error = tainted(loaded, fixture)
        if error is not None:
            yield Outcome(fixture_id, (), error)
            continue
        try:
            docs = tuple(render_fixture(loaded.facts, fixture_id, realiser, locales, lengths))
        except NewsgenError as exc:
            yield Outcome(fixture_id, (), exc)
            continue
        if strict and any(d.fallback for d in docs):
            warning = next(w for d in docs for w in d.warnings)
            yield Outcome(fixture_id, (), NewsgenError(f"{warning} (--strict)"))
            continue
        yield Outcome(fixture_id, docs, None)


def load(facts_dir: Path) -> Loaded:
    return load_directory(facts_dir)


def check_templates(realiser: Realiser, locales: Sequence[str]) -> list[str]:
    """Problems with the templates and lexicon of each locale, found without rendering:
    missing files, syntax errors, unknown variables, attributes, filters and tests (with the
    closest known name), message macros English has and the locale lacks, and lexicon
    entries the bundled facts need."""
    from . import checker  # only ``check`` needs it: not imported for ``render``

    problems: list[str] = []
    for folder in sorted(p for p in realiser.templates.iterdir() if p.is_dir()):
        if not (folder / "lexicon.yaml").is_file():
            problems.append(f"{folder}/lexicon.yaml: not found; every locale folder needs a "
                            "lexicon, so this one is not rendered")
    reference = None
    if (realiser.templates / checker.REFERENCE_LOCALE).is_dir():
        try:
            reference = realiser.environment(checker.REFERENCE_LOCALE)
        except NewsgenError:
            reference = None
    needs = checker.needed_names(realiser.facts)
    for locale in locales:
        try:
            env, lex, _ = realiser.environment(locale)
        except NewsgenError as exc:
            problems.append(str(exc))
            continue
        for length in LENGTHS:
            if not realiser.has_template(locale, length):
                problems.append(f"{realiser.root}/{locale}/{length}.md.j2: not found; documents of "
                                "this length fall back to en")
        names = sorted(p.name for p in (realiser.templates / locale).glob("*.j2"))
        for name in names:
            problems += checker.check_template(env, name, f"{realiser.root}/{locale}/{name}")
        if reference is not None and locale != checker.REFERENCE_LOCALE:
            ref_env, ref_lex, _ = reference
            problems += checker.same_shape(env, ref_env, realiser.root, locale, names)
            problems += checker.lexicon_coverage(lex, ref_lex, realiser.facts, needs)
    return problems
