"""What each document depends on, as digests the manifest keeps, so a re-render redoes only
the documents whose inputs changed.

A document depends on:

- ``facts``: its own fixture (every fact of it), and of the other fixtures what its
  recap can use: the result of every fixture that fed its table (its group's games played
  by the end of its day), the results of both teams' earlier games (meetings, head to head)
  and the schedule (teams, kick-off, played or not) of its group's other games, of both
  teams' other games (next fixture) and of its competition's games that day (the opening);
- ``reference``: the house style, its competition and those of both teams' games, the
  teams of its table and both teams' opponents, the people of both teams, the venues;
- ``templates``: the files of its locale's template folder it uses: its length's template,
  the headline and brief (title and summary), the messages, the lexicon and anything else
  there (and the English ones when it falls back to them);
- the generator version.

A correction to a Group E result thus changes the ``facts`` digest of the Group E recaps
whose table it fed and of both teams' later recaps, and of nothing in Group F.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .document import document_path
from .model import FactSet, Fixture
from .planner import LENGTHS

SKIP = frozenset(("source", "fid", "ref_pos", "ref_key"))  # where a fact is, not what


_PLAIN = frozenset((str, int, bool, float, type(None)))
_FIELDS: dict[type, tuple[str, ...]] = {}  # per fact class: the fields canon keeps


def canon(value: Any) -> Any:
    """A JSON-able form of a fact, without where in the files it was written."""
    cls = type(value)
    if cls in _PLAIN:  # most of a fact: text and numbers, as they are
        return value
    names = _FIELDS.get(cls)
    if names is not None:
        return {name: canon(getattr(value, name)) for name in names}
    if is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[cls] = tuple(f.name for f in fields(value) if f.name not in SKIP)
        return {name: canon(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {str(k): canon(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [canon(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def digest(value: Any) -> str:
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def _schedule(x: Fixture) -> str:
    return "|".join(map(str, (x.id, x.competition, x.group, x.home, x.away, x.start, x.date,
                              x.played)))


def _result(x: Fixture) -> str:
    return "|".join(map(str, (_schedule(x), x.score, x.extra_time, x.shootout, x.half_time)))


class Inputs:
    """The digests of one run's facts and templates, computed once and shared."""

    def __init__(self, facts: FactSet, templates: Path) -> None:
        self.facts = facts
        self.templates = templates
        groups: dict[tuple[str, str | None], list[Fixture]] = {}
        teams: dict[str, list[Fixture]] = {}
        days: dict[tuple[str, str], list[Fixture]] = {}
        for x in facts.fixtures.values():
            groups.setdefault((x.competition, x.group), []).append(x)
            for t in {x.home, x.away}:
                teams.setdefault(t, []).append(x)
            days.setdefault((x.competition, str(x.date)), []).append(x)
        self._groups, self._teams, self._days = groups, teams, days
        self._files = {i: file for file, ids in facts.files.items() for i in ids}
        # the fixture asked about last (its documents ask one after another); earlier ones
        # are let go, so a run's memory does not grow with its fixtures
        self._last: tuple[str, tuple[dict[str, str], list[str]]] | None = None
        self._groups_fed: dict[tuple[Any, ...], tuple[str, tuple[str, ...]]] = {}
        # per group, the kick-off seen last: fixtures come in kick-off order, so a group's
        # earlier ones are let go (one asked for again is worked out again, the same)
        self._group_last: dict[tuple[str, str | None], tuple[Any, ...]] = {}
        self._locales: dict[str, str] = {}
        self._refs: dict[tuple[str, str], str] = {}
        self._people: dict[str, list[Any]] = {}
        for _, person in sorted(facts.people.items()):
            self._people.setdefault(person.team or "", []).append(person)
        self._sched = {x.id: _schedule(x) for x in facts.fixtures.values()}
        self._res = {x.id: _result(x) for x in facts.fixtures.values()}

    def _own_digest(self, fixture_id: str) -> str:
        return digest(canon(self.facts.fixtures[fixture_id]))

    def _ref(self, kind: str, key: str) -> str:
        """The digest of one piece of reference data (``people``: a team's people)."""
        if (kind, key) not in self._refs:
            facts = self.facts
            tables: dict[str, Any] = {"competition": facts.competitions, "team": facts.teams,
                                      "venue": facts.venues, "people": self._people}
            value = facts.house if kind == "house" else tables[kind].get(key)
            self._refs[(kind, key)] = digest(canon(value))
        return self._refs[(kind, key)]

    def file(self, fixture_id: str) -> str:
        return self._files.get(fixture_id, "")

    def fixture(self, fixture_id: str) -> tuple[dict[str, str], list[str]]:
        """The ``facts`` and ``reference`` digests of a fixture's documents, and the ids of
        the results that fed its table."""
        if self._last is not None and self._last[0] == fixture_id:
            return self._last[1]
        facts = self.facts
        f = facts.fixtures[fixture_id]
        group_digest, fed = self._group(f)
        parts: dict[str, Any] = {"fixture": self._own_digest(fixture_id),
                                 "group": group_digest}
        table = [i for i in fed if i != f.id]
        mine = {f.home, f.away}
        others: set[str] = set()
        comps = {f.competition}
        for team in sorted(mine):
            for x in self._teams.get(team, ()):
                others.update((x.home, x.away))
                comps.add(x.competition)
                if x.id == f.id:
                    continue
                earlier = x.played and x.sort_key < f.sort_key
                parts[f"team:{x.id}"] = self._res[x.id] if earlier else self._sched[x.id]
        for x in self._days.get((f.competition, str(f.date)), ()):
            parts[f"day:{x.id}"] = self._sched[x.id]
        comp = facts.competitions[f.competition]
        group = comp.group(f.group) if f.group else None
        table_teams = set(group.teams) if group else {
            t for x in self._groups.get((f.competition, f.group), ()) for t in (x.home, x.away)}
        team_ids = sorted(others | table_teams)
        venues = sorted({v for v in [f.venue, *(facts.teams[t].venue for t in team_ids
                                                 if t in facts.teams)] if v})
        reference = {
            "house": self._ref("house", ""),
            "competitions": [self._ref("competition", c) for c in sorted(comps)],
            "teams": [self._ref("team", t) for t in team_ids],
            "people": [self._ref("people", t) for t in sorted(mine)],
            "venues": [self._ref("venue", v) for v in venues],
        }
        out = ({"facts": digest(parts), "reference": digest(reference)}, sorted(table))
        self._last = (fixture_id, out)
        return out

    def _group(self, f: Fixture) -> tuple[str, tuple[str, ...]]:
        """What a fixture's group (or league) feeds it: the results played by the end of its
        day, the schedule of the rest, as one digest shared by every fixture kicking off at
        the same time (a league's matchday is worked out once, not once per fixture), and
        the ids of those results."""
        key = (f.competition, f.group, f.start, f.date)
        if key not in self._groups_fed:
            lines, fed = [], []
            for x in self._groups.get((f.competition, f.group), ()):
                if x.played and (x.start <= f.start or x.date == f.date):
                    fed.append(x.id)
                    lines.append(self._res[x.id])
                else:
                    lines.append(self._sched[x.id])
            self._groups_fed[key] = (digest(sorted(lines)), tuple(sorted(fed)))
            previous = self._group_last.get(key[:2])
            if previous is not None and previous != key:
                del self._groups_fed[previous]
            self._group_last[key[:2]] = key
        return self._groups_fed[key]

    def locale(self, locale: str, length: str) -> str:
        """A digest of the files of a locale's template folder a document of ``length``
        uses: all of them but the templates of the other lengths (headline and brief are
        used by every length, for the title and summary)."""
        key = f"{locale}/{length}"
        if key not in self._locales:
            others = {f"{x}.md.j2" for x in LENGTHS if x not in (length, "headline", "brief")}
            h = hashlib.sha256()
            folder = self.templates / locale
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                name = path.relative_to(folder).as_posix()
                if name in others:
                    continue
                h.update(name.encode("utf-8") + b"\0")
                h.update(hashlib.sha256(path.read_bytes()).digest())
            self._locales[key] = h.hexdigest()[:32]
        return self._locales[key]

    def document(self, fixture_id: str, locale: str, length: str,
                 fallback: bool) -> dict[str, str]:
        """Everything a document depends on, as the manifest records it."""
        digests, _ = self.fixture(fixture_id)
        templates = self.locale(locale, length)
        if fallback:
            templates = digest([templates, self.locale("en", length)])
        return {"file": self.file(fixture_id), **digests, "templates": templates,
                "generator": f"newsgen {__version__}"}


def up_to_date(entry: Any, inputs: dict[str, str], out: Path, path: str) -> bool:
    """Whether the manifest's record of a document matches its inputs and the file on disk
    is the one written (an edited or deleted file is rendered again)."""
    if not isinstance(entry, dict) or entry.get("inputs") != inputs:
        return False
    try:
        data = (out / path).read_bytes()
    except OSError:
        return False
    return hashlib.sha256(data).hexdigest() == entry.get("sha256")


def stale(entries: dict[str, Any], inputs: Inputs, out: Path, fixture: Fixture,
          locales: Iterable[str], lengths: Iterable[str]) -> list[tuple[str, str]]:
    """The (locale, length) documents of a fixture that must be rendered again.

    A fallback document recorded its inputs with the English templates; whether it still
    falls back is known only by rendering, so both readings are accepted.
    """
    todo = []
    for locale in locales:
        for length in lengths:
            path = document_path(fixture, locale, length)
            entry = entries.get(path)
            if not isinstance(entry, dict):  # never written (or a manifest from elsewhere)
                todo.append((locale, length))
                continue
            fallback = bool(entry.get("fallback"))
            if not up_to_date(entry, inputs.document(fixture.id, locale, length,
                                                     fallback), out, path):
                todo.append((locale, length))
    return todo
