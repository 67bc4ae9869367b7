"""Stage 5 — document: a rendered recap with the front matter the CMS imports.

``render_fixture`` is the pure core of newsgen: facts and templates in, documents out; it
writes nothing. The path and slug come from ids, never from localised names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import Any

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

    text: str = ""  # front matter and body, as written
    data: bytes = b""
    sha256: str = ""

    @classmethod
    def build(cls, fixture: str, locale: str, length: str, path: str,
              front_matter: dict[str, Any], body: str, fallback: bool = False,
              warnings: tuple[str, ...] = ()) -> Document:
        text = f"---\n{front_matter_yaml(front_matter)}---\n\n{body}"
        data = text.encode("utf-8")
        return cls(fixture, locale, length, path, front_matter, body, fallback, warnings,
                   text, data, hashlib.sha256(data).hexdigest())


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    # a JSON string is a valid YAML double-quoted scalar: no YAML 1.1 surprise on import
    # (``encode_basestring`` is what ``json.dumps(text, ensure_ascii=False)`` calls)
    return encode_basestring(str(value))


def front_matter_yaml(data: dict[str, Any], indent: str = "") -> str:
    """Front matter as YAML, written the same way on every machine.

    >>> print(front_matter_yaml({"title": "Napoli 2-0", "draft": True, "tags": ["E"]}), end="")
    title: "Napoli 2-0"
    draft: true
    tags:
      - "E"
    """
    parts: list[str] = []
    for key, value in data.items():
        kind = type(value)
        if kind is str:  # most values: written at once
            parts.append(f"{indent}{key}: {encode_basestring(value)}\n")
        elif kind is dict:
            parts.append(f"{indent}{key}:\n{front_matter_yaml(value, indent + '  ')}")
        elif kind is list:
            parts.append(f"{indent}{key}:\n")
            parts.extend(f"{indent}  - {_scalar(v)}\n" for v in value)
        else:
            parts.append(f"{indent}{key}: {_scalar(value)}\n")
    return "".join(parts)


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
    modified = fixture.last_modified
    full = plan(facts, fixture_id, rules, derive(facts, fixture_id))
    lengths = tuple(lengths)
    # only the views asked for (headline and brief give every document its title and summary)
    views = {length: view(full, length) for length in LENGTHS
             if length in ("headline", "brief") or length in lengths}
    comp = facts.competitions[fixture.competition]
    group = comp.group(fixture.group) if fixture.group else None
    date = _iso(fixture)
    lastmod = modified.isoformat() if modified else date
    tags: dict[str, list[str]] = {}  # per locale whose names a document uses

    def tags_in(locale: str) -> list[str]:
        if locale not in tags:
            names = realiser.names(locale)
            tags[locale] = [names.fact_name(comp.fid, comp.short_name),
                            *([names.fact_name(group.fid, group.name)] if group else []),
                            names.team_name(fixture.home), names.team_name(fixture.away)]
        return tags[locale]

    docs: list[Document] = []
    for locale in locales:
        headline = realiser.render(views["headline"], locale)
        brief = realiser.render(views["brief"], locale)
        title, summary = md_unescape(headline.text.strip()), md_unescape(brief.text.strip())
        for length in lengths:
            out = {"headline": headline, "brief": brief}.get(length) or \
                realiser.render(views[length], locale)
            fallback = out.fallback or headline.fallback or brief.fallback
            warnings = tuple(
                f"{realiser.root}/{locale}/{length}.md.j2: not found; {fixture_id} {length} "
                f"falls back to {r.locale}" for r in (out,) if r.fallback)
            matter: dict[str, Any] = {
                "title": title,
                "slug": f"{fixture.id}-{length}",
                "date": date,
                "lastmod": lastmod,
                "lang": out.locale,
                "translationKey": fixture.id,
                "summary": summary,
                "tags": list(tags_in(locale if not out.fallback else out.locale)),
                "draft": facts.house.draft,
                "generated": True,
            }
            if fallback:
                matter["fallback"] = True
            matter["newsgen"] = {"fixture": fixture.id, "length": length,
                                 "generator": f"newsgen {__version__}"}
            docs.append(Document.build(fixture.id, locale, length,
                                 document_path(fixture, locale, length), matter, out.text,
                                 fallback, warnings))
    return docs
