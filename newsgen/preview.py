"""The preview site: every recap as HTML beside the facts it used.

A pure module: facts and templates in, HTML pages out (a mapping of relative path to bytes);
``writer.write_site`` puts them on disk and ``serve.py`` serves them. An editor reads each
recap with the rule and facts behind every sentence; a translator switches between the
locales of one fixture and length.

Everything from the facts is escaped: recaps are Markdown whose fact values
``realise.md_escape`` already escaped, any other ``<`` is escaped before Markdown sees it
(so not even a template can inject markup), every other text goes through ``html.escape``,
and the pages carry a Content-Security-Policy that allows no script at all.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

import markdown

from . import __version__
from .derive import derive
from .document import Document, render_fixture
from .errors import FactError, NewsgenError
from .facts import Loaded
from .messages import Mention, V
from .model import FactSet, Fixture, MatchTime
from .pipeline import check_templates, tainted
from .planner import LENGTHS, Message, plan, view
from .realise import Realiser, tidy

INDEX = "index.html"
DASH, TIMES = "\u2013", "\u00d7"


# --- what the pages show -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact behind a sentence: its id, the value the sentence used, what it came from."""

    fid: str
    value: str | None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Said:
    """One planned message: the rule that chose it, its sentence, the facts it used."""

    rule: str
    kind: str
    sentence: str  # Markdown, as the templates rendered it
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class Recap:
    """One fixture in one locale and length: the document and its explanation, or why it failed."""

    fixture: str
    locale: str
    length: str
    document: Document | None
    said: tuple[Said, ...] = ()
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """A row of the index."""

    id: str
    date: str
    home: str
    away: str


@dataclass(frozen=True, slots=True)
class Preview:
    """Everything the site shows, rendered in memory."""

    locales: tuple[str, ...]
    lengths: tuple[str, ...]
    matches: tuple[Match, ...]
    recaps: tuple[Recap, ...]
    problems: tuple[str, ...]  # facts and templates, each once


@dataclass(frozen=True, slots=True)
class Site:
    pages: dict[str, bytes]  # path relative to the site root -> page, in path order
    problems: tuple[str, ...]


# --- collecting: render every recap and explain it ---------------------------------------


def _value(value: Any) -> str:
    if isinstance(value, MatchTime):
        return value.label()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _printed(facts: FactSet, body: Any) -> Iterator[tuple[str, str]]:
    """Each value a message body holds, with its fact id, in field order."""
    if isinstance(body, V):
        yield body.fid, _value(body.value)
    elif isinstance(body, Mention):
        if body.kind == "team" and body.id in facts.teams:
            yield body.fid, facts.teams[body.id].name
        elif body.kind == "person" and body.id in facts.people:
            yield body.fid, facts.people[body.id].full_name
    elif isinstance(body, (tuple, list)):
        for item in body:
            yield from _printed(facts, item)
    elif is_dataclass(body) and not isinstance(body, type):
        for f in fields(body):
            yield from _printed(facts, getattr(body, f.name))


def explain(facts: FactSet, message: Message, sentence: str,
            sources: Mapping[str, tuple[str, ...]]) -> Said:
    """A message as the facts panel shows it (what ``newsgen explain`` prints)."""
    values: dict[str, str] = {}
    for fid, value in _printed(facts, message.body):
        values.setdefault(fid, value)
    ids = list(dict.fromkeys([*message.facts, *values]))
    return Said(message.rule, message.kind, sentence,
                tuple(Fact(fid, values.get(fid), tuple(sources.get(fid, ()))) for fid in ids))


def _match(facts: FactSet, fixture: Fixture) -> Match:
    def team(tid: str) -> str:
        return facts.teams[tid].name if tid in facts.teams else tid
    return Match(fixture.id, fixture.date.isoformat(), team(fixture.home), team(fixture.away))


def _fixture_recaps(loaded: Loaded, fixture_id: str, realiser: Realiser,
                    locales: Sequence[str], lengths: Sequence[str]) -> list[Recap]:
    facts = loaded.facts
    held = tainted(loaded, facts.fixtures[fixture_id])
    if held is not None:
        return [Recap(fixture_id, loc, n, None, (), str(held)) for loc in locales
                for n in lengths]
    try:
        d = derive(facts, fixture_id)
        full = plan(facts, fixture_id, derived=d)
    except NewsgenError as exc:
        return [Recap(fixture_id, loc, n, None, (), _message(exc)) for loc in locales
                for n in lengths]
    recaps: list[Recap] = []
    for locale in locales:
        try:
            docs = render_fixture(facts, fixture_id, realiser, [locale], lengths)
            explained = {}
            for doc in docs:
                used = str(doc.front_matter["lang"])
                explained[doc.length] = tuple(
                    explain(facts, m, tidy(s, "brief"), d.sources)
                    for m, s in realiser.sentences(view(full, doc.length), used))
        except NewsgenError as exc:
            recaps += [Recap(fixture_id, locale, n, None, (), _message(exc)) for n in lengths]
            continue
        recaps += [Recap(fixture_id, locale, doc.length, doc, explained[doc.length])
                   for doc in docs]
    return recaps


def _message(exc: NewsgenError) -> str:
    if isinstance(exc, FactError):
        return "\n".join(str(p) for p in exc.problems)
    return str(exc)


def collect(loaded: Loaded, realiser: Realiser, lengths: Sequence[str] = LENGTHS) -> Preview:
    """Render every played fixture in every locale and length, with its explanation.

    Nothing stops the whole preview: a fixture that fails shows its error in place of the
    recap, in the locale that failed; a fixture whose facts did not validate is listed with
    the problem, so the page an editor was reading shows why it is gone.
    """
    facts = loaded.facts
    problems: list[str] = [str(p) for p in loaded.problems]
    try:
        locales = tuple(realiser.locales())
    except OSError as exc:
        locales = ()
        problems.append(f"{realiser.root}: cannot read the templates ({exc.strerror})")
    if locales:
        problems += check_templates(realiser, locales)
    elif not problems:
        problems.append(f"{realiser.root}: found no locale, expected folders such as "
                        f"{realiser.root}/en/ holding templates and a lexicon.yaml")
    fixtures = sorted((f for f in facts.fixtures.values() if f.played),
                      key=lambda f: f.sort_key)
    matches = [_match(facts, f) for f in fixtures]
    recaps: list[Recap] = []
    if not loaded.fatal:
        for fixture in fixtures:
            recaps += _fixture_recaps(loaded, fixture.id, realiser, locales, lengths)
    known = {m.id for m in matches}
    for failed in loaded.failed:
        if failed.fixture_id and failed.fixture_id not in known:
            known.add(failed.fixture_id)
            matches.append(Match(failed.fixture_id, failed.date or "", "", ""))
            error = f"{failed.file}:{failed.line}: this fixture's facts did not validate " \
                    "(see the problems on the index)"
            recaps += [Recap(failed.fixture_id, loc, n, None, (), error) for loc in locales
                       for n in lengths]
    matches.sort(key=lambda m: (m.date, m.id))
    for r in recaps:
        if r.error is not None:
            problems.append(r.error)
    return Preview(locales, tuple(lengths), tuple(matches), tuple(recaps),
                   tuple(dict.fromkeys(problems)))


# --- pages -------------------------------------------------------------------------------

CSS = """\
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 2rem;
color:#1d1d1d;background:#fff}
a{color:#0645ad}
header nav{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:baseline;
border-bottom:1px solid #ccc;padding-bottom:.6rem}
nav ul{list-style:none;display:inline-flex;gap:.5rem;margin:0;padding:0}
nav [aria-current]{font-weight:bold;color:#1d1d1d;text-decoration:none}
.layout{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:2rem}
article{max-width:40rem}
aside{font-size:.85rem;border-left:3px solid #eee;padding-left:1rem}
aside ol{padding-left:1.2rem}
aside li{margin-bottom:.8rem}
aside .rule{font-family:ui-monospace,monospace;color:#555}
aside dl{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:.1rem .6rem;
margin:.3rem 0}
aside dt{font-family:ui-monospace,monospace;font-size:.78rem;color:#555;
overflow-wrap:anywhere}
aside dd{margin:0}
.error,.problems{background:#fdecea;border:1px solid #e0a39a;padding:.5rem 1rem;
white-space:pre-wrap}
.note{background:#fff8e1;border:1px solid #e6d28a;padding:.3rem .8rem}
table{border-collapse:collapse}
td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:top}
td a{margin-right:.4rem}
.id{font-family:ui-monospace,monospace;font-size:.78rem;color:#555}
"""

# The pages need no script: the policy forbids every script, so even markup that got past
# the escaping could not run.
CSP = ("default-src 'none'; style-src 'sha256-"
       + base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()
       + "'; img-src 'none'; base-uri 'none'; form-action 'none'")


def esc(text: object) -> str:
    """Text for HTML, attributes included.

    >>> esc('<script>alert("1")</script> & Co')
    '&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; Co'
    """
    return html.escape(str(text), quote=True)


def markdown_html(text: str) -> str:
    """A recap's Markdown as HTML, with no markup but the Markdown's own.

    Fact values arrive escaped (``md_escape``); a ``<`` left in the text (template text)
    is escaped here too, so raw HTML never reaches the page.

    >>> markdown_html("A &lt;b&gt; *x* <i>y</i> & z")
    '<p>A &lt;b&gt; <em>x</em> &lt;i&gt;y&lt;/i&gt; &amp; z</p>'
    """
    return markdown.markdown(text.replace("<", "&lt;"), output_format="html")


def recap_path(fixture: str, locale: str, length: str) -> str:
    return f"{locale}/{fixture}.{length}.html"


def _page(title: str, lang: str, body: str) -> bytes:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
        f'<meta name="generator" content="newsgen {esc(__version__)}">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{body}</body>\n</html>\n").encode()


def _problems_html(problems: Sequence[str]) -> str:
    if not problems:
        return ""
    items = "".join(f"<li>{esc(p)}</li>\n" for p in problems)
    return (f'<section class="problems" id="problems"><h2>{len(problems)} problem(s) in the '
            f"facts or templates</h2>\n<ul>\n{items}</ul></section>\n")


def index_page(p: Preview) -> bytes:
    head = "".join(f'<th scope="col" lang="{esc(loc)}">{esc(loc)}</th>' for loc in p.locales)
    have = {(r.fixture, r.locale, r.length) for r in p.recaps}
    rows = []
    for m in p.matches:
        title = f"{m.home} {DASH} {m.away}" if m.home else m.id
        cells = []
        for loc in p.locales:
            links = " ".join(
                f'<a href="{esc(recap_path(m.id, loc, n))}" hreflang="{esc(loc)}">{esc(n)}</a>'
                for n in p.lengths if (m.id, loc, n) in have)
            cells.append(f"<td>{links}</td>")
        rows.append(f'<tr id="{esc(m.id)}"><th scope="row">{esc(m.date)} {esc(title)}'
                    f'<br><span class="id">{esc(m.id)}</span></th>{"".join(cells)}</tr>\n')
    body = (f"<header><h1>newsgen preview</h1><p>{len(p.matches)} fixtures {TIMES} "
            f"{len(p.locales)} locale(s) {TIMES} {len(p.lengths)} lengths</p></header>\n"
            f"{_problems_html(p.problems)}"
            f'<table>\n<thead><tr><th scope="col">fixture</th>{head}</tr></thead>\n'
            f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n")
    return _page("newsgen preview", "en", body)


def _switch(label: str, items: Iterable[tuple[str, str, bool, str]]) -> str:
    """A list of links (text, href, current, lang) as a small navigation bar."""
    links = []
    for text, href, current, lang in items:
        attrs = f' hreflang="{esc(lang)}" lang="{esc(lang)}"' if lang else ""
        mark = ' aria-current="page"' if current else ""
        links.append(f'<li><a href="{esc(href)}"{attrs}{mark}>{esc(text)}</a></li>')
    return f'<span>{esc(label)}:</span><ul class="{esc(label)}">{"".join(links)}</ul>'


def _facts_panel(said: Sequence[Said]) -> str:
    items = []
    for s in said:
        rows = []
        for f in s.facts:
            value = esc(f.value) if f.value is not None else ""
            if f.sources:
                value += (f"<details><summary>derived from {len(f.sources)} fact(s)</summary>"
                          f"{esc(', '.join(f.sources))}</details>")
            rows.append(f"<dt>{esc(f.fid)}</dt><dd>{value}</dd>")
        items.append(f'<li><span class="rule">{esc(s.rule)} → {esc(s.kind)}</span>'
                     f"{markdown_html(s.sentence)}<dl>{''.join(rows)}</dl></li>\n")
    return (f'<aside class="facts"><h2>Facts used</h2>\n<ol>\n{"".join(items)}</ol></aside>\n')


def recap_page(p: Preview, r: Recap, match: Match) -> bytes:
    up = "../"
    locales = _switch("locale", ((loc, up + recap_path(r.fixture, loc, r.length),
                                  loc == r.locale, loc) for loc in p.locales))
    lengths = _switch("length", ((n, up + recap_path(r.fixture, r.locale, n),
                                  n == r.length, "") for n in p.lengths))
    banner = "" if not p.problems else (
        f'<p class="note">This build has {len(p.problems)} problem(s) in the facts or '
        f'templates: <a href="{up}{INDEX}#problems">see the index</a>.</p>\n')
    label = f"{match.home} {DASH} {match.away}" if match.home else match.id
    nav = (f'<header><nav aria-label="preview"><a href="{up}{INDEX}">index</a>'
           f'<span class="id">{esc(r.fixture)}</span>{locales}{lengths}</nav></header>\n'
           f"{banner}")
    doc = r.document
    if doc is None:
        body = (f'{nav}<article><h1>{esc(label)}</h1>\n<p class="error">'
                f"{esc(r.error or 'not rendered')}</p></article>\n")
        return _page(f"{label} ({r.locale}, {r.length})", r.locale, body)
    lang = str(doc.front_matter["lang"])
    title = str(doc.front_matter["title"])
    notes = "".join(f'<p class="note">{esc(w)}</p>\n' for w in doc.warnings)
    text = markdown_html(doc.body) if doc.length != "headline" else ""
    body = (f'{nav}{notes}<div class="layout"><article lang="{esc(lang)}">'
            f"<h1>{esc(title)}</h1>\n{text}</article>\n{_facts_panel(r.said)}</div>\n")
    return _page(title, lang, body)


def error_page(message: str) -> bytes:
    """The page the server shows when a rebuild failed altogether."""
    body = (f'<header><h1>newsgen preview</h1></header>\n<p class="error">The preview could '
            f"not be rebuilt:\n{esc(message)}</p>\n<p>Fix the file and save it; this page "
            "is rebuilt on the next change.</p>\n")
    return _page("newsgen preview: error", "en", body)


def pages(p: Preview) -> dict[str, bytes]:
    """Every page of the site, by path relative to the site root."""
    matches = {m.id: m for m in p.matches}
    out = {INDEX: index_page(p)}
    for r in p.recaps:
        out[recap_path(r.fixture, r.locale, r.length)] = recap_page(p, r, matches[r.fixture])
    return dict(sorted(out.items()))


def build_site(loaded: Loaded, realiser: Realiser) -> Site:
    """The preview site of a fact set with the templates the realiser reads."""
    p = collect(loaded, realiser)
    return Site(pages(p), p.problems)
