"""Stage 5 — document: a rendered recap with the front matter the CMS imports.

``render_fixture`` is the pure core of newsgen: facts and templates in, documents out; it
writes nothing. The path and slug come from ids, never from localised names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import __version__
from .derive import derive
from .model import FactSet, Fixture
from .planner import LENGTHS, RULES, Rules, plan, view
from .realise import Realiser, md_unescape


@dataclass(frozen=True, slots=True)
class Document:
    fixture: str
    locale: str  # the locale asked for; ``lang`` in the front matter says which was used
    length: str
    path: str  # relative to the output directory
    front_matter: dict[str, Any]
    body: str
    fallback: bool = False
    warnings: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        matter = yaml.safe_dump(self.front_matter, sort_keys=False, allow_unicode=True,
                                default_flow_style=False, width=1000)
        return f"---\n{matter}---\n\n{self.body}"

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def document_path(fixture: Fixture, locale: str, length: str) -> str:
    """``<locale>/<yyyy-mm-dd>-<home>-<away>.<length>.md``, built from ids."""
    return f"{locale}/{fixture.id}.{length}.md"


def _iso(fixture: Fixture) -> str:
    return fixture.kickoff.isoformat() if fixture.kickoff else fixture.date.isoformat()


def render_fixture(facts: FactSet, fixture_id: str, realiser: Realiser,
                   locales: Sequence[str], lengths: Iterable[str] = LENGTHS,
                   rules: Rules = RULES) -> list[Document]:
    """Every document of one played fixture: derive and plan once, realise per locale."""
    fixture = facts.fixtures[fixture_id]
    full = plan(facts, fixture_id, rules, derive(facts, fixture_id))
    views = {length: view(full, length) for length in LENGTHS}
    comp = facts.competitions[fixture.competition]
    group = comp.group(fixture.group) if fixture.group else None
    docs: list[Document] = []
    for locale in locales:
        headline = realiser.render(views["headline"], locale)
        brief = realiser.render(views["brief"], locale)
        for length in lengths:
            out = {"headline": headline, "brief": brief}.get(length) or \
                realiser.render(views[length], locale)
            fallback = out.fallback or headline.fallback or brief.fallback
            warnings = tuple(
                f"templates/{locale}/{length}.md.j2: not found; {fixture_id} {length} "
                f"falls back to {r.locale}" for r in (out,) if r.fallback)
            names = realiser.names(locale if not out.fallback else out.locale)
            matter: dict[str, Any] = {
                "title": md_unescape(headline.text.strip()),
                "slug": f"{fixture.id}-{length}",
                "date": _iso(fixture),
                "lastmod": fixture.updated.isoformat() if fixture.updated else _iso(fixture),
                "lang": out.locale,
                "translationKey": fixture.id,
                "summary": md_unescape(brief.text.strip()),
                "tags": [comp.short_name, *([group.name] if group else []),
                         names.team_name(fixture.home), names.team_name(fixture.away)],
                "draft": facts.house.draft,
                "generated": True,
            }
            if fallback:
                matter["fallback"] = True
            matter["newsgen"] = {"fixture": fixture.id, "length": length,
                                 "generator": f"newsgen {__version__}"}
            docs.append(Document(fixture.id, locale, length,
                                 document_path(fixture, locale, length), matter, out.text,
                                 fallback, warnings))
    return docs
