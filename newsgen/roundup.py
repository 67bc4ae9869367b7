"""The matchday roundup: one story per competition and date, built from the match plans.

A roundup says nothing of its own about a match. It borrows messages from the plans of the
day's matches (``planner.plan``) and renders each with the locale's own macro, in the same
view and with the same referring expressions as the match recap, so every sentence of a
match is word for word the sentence its recap prints. Only the frame is new: the title, the
dateline and the order (``templates/<locale>/roundup.md.j2``).

The pure core is ``plan_roundup`` (match plans in, roundup plan out); ``render_roundup``
realises it in a locale and ``roundup_documents`` builds the documents the writer writes.

News value (``news_value``), highest first, decides which match leads and the order of the
match paragraphs:

1. a result that decided something: the match made a team sure of a place or of first place
   (the lede's ``clinched``), and first of those, a team through for the first time;
2. the planner's angle, in the order of ``planner.ANGLES`` (a late winner, a late
   equaliser, a comeback win, a comeback draw, a hat trick, a rout, ..., a goalless draw);
3. the defending champion's match;
4. the bigger margin, then more goals;
5. kick-off, then the fixture id (so the order never depends on anything else).

Lengths and their bounds (``ROUNDUP_LIMITS``; the tests hold every locale to them):

- ``brief`` (also the ``summary``): the ledes of the top ``BRIEF_STORIES`` matches, at most
  that many sentences and ``ROUNDUP_LIMITS["brief"]`` words;
- ``full``: the main story's lede and where it leaves the teams, then each match in a
  paragraph (its lede and its goals as the short recap tells them) by news value, then each
  group's table and who is through or out, from that group's leading match; at most
  ``ROUNDUP_LIMITS["full"]`` words. A matchday of eight matches gives several hundred words.

The title is the competition's name and the main story's headline (its headline alone
where that would pass ``TITLE_LIMIT`` characters).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import jinja2

from . import __version__
from .document import Document, _iso
from .errors import NewsgenError, TemplateError
from .messages import Lede, Story, V
from .model import FactSet, Fixture
from .planner import ANGLES, FullPlan, Message, Plan, plan, view
from .realise import DEFAULT_LOCALE, Realiser, md_unescape, strip_marks, tidy

ROUNDUP_LENGTHS = ("brief", "full")
# upper bounds in words of each roundup length's body (without the notice line)
ROUNDUP_LIMITS = {"brief": 110, "full": 1000}
BRIEF_STORIES = 3  # matches the brief tells, at most (one sentence each)
TITLE_LIMIT = 80  # characters, as for a recap's headline
TEMPLATE = "roundup.md.j2"
# what a match paragraph of the full roundup borrows from the match's short recap
MATCH_KINDS = frozenset(("lede", "goal", "goal_exchange", "red_card"))
# what a group's paragraph borrows from the full recap of the group's leading match
TABLE_KINDS = frozenset(("table", "status", "still_open"))


def roundup_key(competition: str, date: dt.date) -> str:
    """``roundup-<competition>-<yyyy-mm-dd>``: the roundup's ``translationKey``."""
    return f"roundup-{competition}-{date.isoformat()}"


def roundup_path(key: str, locale: str, length: str) -> str:
    """``<locale>/roundup-<competition>-<date>.<length>.md``."""
    return f"{locale}/{key}.{length}.md"


@dataclass(frozen=True, slots=True)
class Day:
    """A competition's played matches of one date, in kick-off order."""

    competition: str
    date: dt.date
    fixtures: tuple[str, ...]

    @property
    def key(self) -> str:
        return roundup_key(self.competition, self.date)


def matchdays(facts: FactSet, fixture_ids: Iterable[str] | None = None) -> list[Day]:
    """The days with a roundup: every competition and date with two or more played matches
    (one match is its own recap), limited to the days of ``fixture_ids`` when given."""
    by: dict[tuple[str, dt.date], list[Fixture]] = {}
    for f in facts.fixtures.values():
        if f.played:
            by.setdefault((f.competition, f.date), []).append(f)
    wanted = None if fixture_ids is None else {
        (facts.fixtures[i].competition, facts.fixtures[i].date) for i in fixture_ids}
    return [Day(comp, date, tuple(f.id for f in sorted(fs, key=lambda f: f.sort_key)))
            for (comp, date), fs in sorted(by.items())
            if len(fs) >= 2 and (wanted is None or (comp, date) in wanted)]


def roundup_keys(facts: FactSet) -> list[str]:
    """The keys of every roundup the facts make (documents of other keys are orphans)."""
    return [day.key for day in matchdays(facts)]


# --- the roundup plan (pure) ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Borrowed:
    """A message of a match recap: which match, which view, and its place in that view."""

    fixture: str
    length: str
    index: int
    message: Message


@dataclass(frozen=True, slots=True)
class Section:
    """One paragraph of the roundup: ``lede`` (the main story), ``match`` or ``group``."""

    kind: str
    fixture: str
    items: tuple[Borrowed, ...]


@dataclass(frozen=True, slots=True)
class RoundupPlan:
    key: str
    competition: V
    date: dt.date
    length: str
    ranking: tuple[str, ...]  # the matches by news value, highest first
    headline: Borrowed  # the main story's headline message
    story: Story  # the main story's (its dateline opens the roundup)
    sections: tuple[Section, ...]


def _lede(full: FullPlan) -> Lede:
    body = next(m.body for m in full.messages if m.kind == "lede")
    assert isinstance(body, Lede)
    return body


def news_value(full: FullPlan) -> tuple[Any, ...]:
    """The sort key of a match by news value, lowest first (see the module's docstring)."""
    lede = _lede(full)
    d = full.derived
    final = full.fixture.final
    goals = final.home + final.away if final else 0
    return (lede.clinched is None, lede.first_time is None, ANGLES.index(lede.angle),
            lede.champion is None, -d.outcome.margin, -goals, full.fixture.sort_key)


def _borrow(p: Plan, kinds: frozenset[str]) -> tuple[Borrowed, ...]:
    return tuple(Borrowed(p.fixture, p.length, i, m) for i, m in enumerate(p.messages)
                 if m.kind in kinds)


def plan_roundup(plans: Sequence[FullPlan], length: str) -> RoundupPlan:
    """The roundup of one competition's day from the plans of its matches."""
    if length not in ROUNDUP_LENGTHS:
        raise ValueError(f"unknown roundup length {length!r}; expected one of "
                         f"{', '.join(ROUNDUP_LENGTHS)}")
    if not plans:
        raise ValueError("a roundup needs the plan of at least one match")
    ranked = sorted(plans, key=news_value)
    main = ranked[0]
    fixture = main.fixture
    key = roundup_key(fixture.competition, fixture.date)
    headline = view(main, "headline")
    sections: list[Section] = []
    if length == "brief":
        items: list[Borrowed] = []
        for full in ranked[:BRIEF_STORIES]:
            items += _borrow(view(full, "full"), frozenset(("lede",)))
        sections.append(Section("lede", fixture.id, tuple(items)))
    else:
        for n, full in enumerate(ranked):
            short = view(full, "short")
            kinds = MATCH_KINDS | {"stake"} if n == 0 else MATCH_KINDS
            sections.append(Section("lede" if n == 0 else "match", full.fixture.id,
                                    _borrow(short, kinds)))
        leaders: dict[str | None, FullPlan] = {}
        for full in ranked:  # each group's table from its leading match
            leaders.setdefault(full.fixture.group, full)
        for group in sorted(leaders, key=lambda g: g or ""):
            full = leaders[group]
            sections.append(Section("group", full.fixture.id,
                                    _borrow(view(full, "full"), TABLE_KINDS)))
    return RoundupPlan(key, main.story.competition, fixture.date, length,
                       tuple(f.fixture.id for f in ranked),
                       Borrowed(fixture.id, "headline", 0, headline.messages[0]),
                       main.story, tuple(s for s in sections if s.items))


def day_plans(facts: FactSet, day: Day) -> list[FullPlan]:
    return [plan(facts, fixture_id) for fixture_id in day.fixtures]


# --- realising it ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph as the roundup template sees it: its sentences, already rendered."""

    kind: str  # lede, match, group
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoundupText:
    """The context of ``roundup.md.j2`` (``roundup``)."""

    length: str  # headline, brief or full
    competition: V
    story: Story  # the main story's, for the dateline
    headline: str  # the main story's headline, as its recap's title
    paragraphs: tuple[Paragraph, ...]


class RoundupRenderer:
    """Renders roundup plans of one fact set; match sentences come from ``Realiser``."""

    def __init__(self, realiser: Realiser) -> None:
        self.realiser = realiser
        self._sentences: dict[tuple[str, str, str], list[str]] = {}
        self._plans: dict[str, FullPlan] = {}

    def full_plan(self, fixture_id: str) -> FullPlan:
        if fixture_id not in self._plans:
            self._plans[fixture_id] = plan(self.realiser.facts, fixture_id)
        return self._plans[fixture_id]

    def sentence(self, b: Borrowed, locale: str) -> str:
        """A borrowed message as its recap renders it (same view, same names so far)."""
        key = (b.fixture, b.length, locale)
        done = self._sentences.get(key, [])
        if len(done) <= b.index:
            # the messages up to this one, in order: a message's names depend on those
            # before it, never on those after it (nor is a macro only they use needed)
            p = view(self.full_plan(b.fixture), b.length)
            upto = replace(p, paragraphs=(p.messages[:b.index + 1],))
            done = self._sentences[key] = [text.strip()
                                           for _, text in self.realiser.sentences(upto, locale)]
        return done[b.index]

    def has_template(self, locale: str) -> bool:
        return (self.realiser.templates / locale / TEMPLATE).is_file()

    def render(self, rp: RoundupPlan, locale: str, length: str | None = None) -> tuple[str, str]:
        """The text of a roundup (``length`` "headline" for its title) and the locale used."""
        used = locale if self.has_template(locale) else DEFAULT_LOCALE
        env, _, _ = self.realiser.environment(used)
        main = view(self.full_plan(rp.headline.fixture), "headline")
        headline = self.realiser.render(main, used).text.strip()
        paragraphs = tuple(Paragraph(s.kind, tuple(self.sentence(b, used) for b in s.items))
                           for s in rp.sections)
        length = length or rp.length
        context = RoundupText(length, rp.competition, rp.story, headline, paragraphs)
        try:
            template = env.get_template(TEMPLATE)
            raw = template.render(roundup=context, notice=self.realiser._notice(used))
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(used, exc.name or TEMPLATE, exc.lineno, exc.message or "",
                                self.realiser.root) from None
        except (jinja2.TemplateError, NewsgenError) as exc:
            if isinstance(exc, TemplateError):
                raise
            raise TemplateError(used, TEMPLATE, None, str(exc), self.realiser.root) from None
        text = tidy(raw, "headline" if length == "headline" else length)
        if length == "headline" and len(strip_marks(text).strip()) > TITLE_LIMIT:
            text = tidy(headline, "headline")  # the competition's name does not fit
        return text, used


def roundup_documents(facts: FactSet, realiser: Realiser, days: Sequence[Day],
                      locales: Sequence[str], lengths: Sequence[str] = ROUNDUP_LENGTHS,
                      renderer: RoundupRenderer | None = None) -> list[Document]:
    """Every roundup document of ``days``: plan once per length, realise per locale."""
    renderer = renderer or RoundupRenderer(realiser)
    docs: list[Document] = []
    for day in days:
        plans = [renderer.full_plan(i) for i in day.fixtures]
        rplans = {length: plan_roundup(plans, length) for length in ROUNDUP_LENGTHS}
        fixtures = [facts.fixtures[i] for i in day.fixtures]
        comp = facts.competitions[day.competition]
        latest = max(fixtures, key=lambda f: f.sort_key)
        modified = [f.last_modified for f in fixtures if f.last_modified]
        groups = sorted({f.group for f in fixtures if f.group})
        for locale in locales:
            title, used = renderer.render(rplans["brief"], locale, "headline")
            summary, _ = renderer.render(rplans["brief"], locale)
            names = realiser.names(used)
            for length in lengths:
                body = summary if length == "brief" else renderer.render(rplans[length],
                                                                         locale)[0]
                fallback = used != locale
                matter: dict[str, Any] = {
                    "title": md_unescape(title.strip()),
                    "slug": f"{day.key}-{length}",
                    "date": _iso(latest),
                    "lastmod": max(modified).isoformat() if modified else _iso(latest),
                    "lang": used,
                    "translationKey": day.key,
                    "summary": md_unescape(summary.strip()),
                    "tags": [names.fact_name(comp.fid, comp.short_name),
                             *(names.fact_name(g.fid, g.name) for g in
                               (comp.group(x) for x in groups) if g is not None)],
                    "draft": facts.house.draft,
                    "generated": True,
                }
                if fallback:
                    matter["fallback"] = True
                matter["newsgen"] = {"roundup": day.key, "fixtures": list(day.fixtures),
                                     "length": length, "generator": f"newsgen {__version__}"}
                warnings = (f"{realiser.root}/{locale}/{TEMPLATE}: not found; {day.key} "
                            f"{length} falls back to {used}",) if fallback else ()
                docs.append(Document.build(day.key, locale, length,
                                           roundup_path(day.key, locale, length), matter,
                                           body, fallback, warnings))
    return docs
