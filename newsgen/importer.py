"""Feed import: openfootball data (Football.TXT, football.json) → fact files.

A pure module: feed text and the text of the facts already on file go in, the text of the
fact files to write comes out, with every feed line that could not be read. Nothing here
touches the file system; ``writer.py`` stamps and writes what this returns.

Three steps, each usable alone:

- ``read_feed`` parses a feed into ``FeedMatch`` records (both Football.TXT shapes, compact
  and detailed, and football.json, new and old), reporting each unreadable line;
- ``build_index`` reads the facts on file (teams with their aliases, people, venues,
  competitions, fixtures) leniently, without validating them;
- ``import_feed`` maps feed names to ids, makes stub reference entries for unknown teams,
  players and venues, and writes one fact file per competition round.

>>> feed = read_feed("= Demo Cup 2019/20\\n» Group A\\n  Wed Nov/27 2019\\n"
...                  "    21.00  Reds v Blues  2-1 (1-1)\\n", "demo.txt")
>>> m = feed.matches[0]
>>> (m.date.isoformat(), m.time, m.home, m.away, m.score, m.half_time, m.round)
('2019-11-27', '21:00', 'Reds', 'Blues', (2, 1), (1, 1), 'Group A')
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import FactError
from .yamlsafe import YList, YMap, parse, parse_lenient

Pair = tuple[int, int]

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# FIFA-style codes openfootball puts after club names → (ISO country, time zone or None when
# the country spans several zones). Only what a stub can state without guessing.
COUNTRIES: dict[str, tuple[str, str | None]] = {
    "ALB": ("AL", "Europe/Tirane"), "AND": ("AD", "Europe/Andorra"),
    "ARM": ("AM", "Asia/Yerevan"), "AUT": ("AT", "Europe/Vienna"),
    "AZE": ("AZ", "Asia/Baku"), "BEL": ("BE", "Europe/Brussels"),
    "BIH": ("BA", "Europe/Sarajevo"), "BLR": ("BY", "Europe/Minsk"),
    "BUL": ("BG", "Europe/Sofia"), "CRO": ("HR", "Europe/Zagreb"),
    "CYP": ("CY", "Asia/Nicosia"), "CZE": ("CZ", "Europe/Prague"),
    "DEN": ("DK", "Europe/Copenhagen"), "ENG": ("GB-ENG", "Europe/London"),
    "ESP": ("ES", None), "EST": ("EE", "Europe/Tallinn"), "FIN": ("FI", "Europe/Helsinki"),
    "FRA": ("FR", "Europe/Paris"), "GEO": ("GE", "Asia/Tbilisi"),
    "GER": ("DE", "Europe/Berlin"), "GIB": ("GI", "Europe/Gibraltar"),
    "GRE": ("GR", "Europe/Athens"), "HUN": ("HU", "Europe/Budapest"),
    "IRL": ("IE", "Europe/Dublin"), "ISL": ("IS", "Atlantic/Reykjavik"),
    "ISR": ("IL", "Asia/Jerusalem"), "ITA": ("IT", "Europe/Rome"),
    "KAZ": ("KZ", None), "LTU": ("LT", "Europe/Vilnius"),
    "LUX": ("LU", "Europe/Luxembourg"), "LVA": ("LV", "Europe/Riga"),
    "MDA": ("MD", "Europe/Chisinau"), "MKD": ("MK", "Europe/Skopje"),
    "MLT": ("MT", "Europe/Malta"), "MNE": ("ME", "Europe/Podgorica"),
    "NED": ("NL", "Europe/Amsterdam"), "NIR": ("GB-NIR", "Europe/London"),
    "NOR": ("NO", "Europe/Oslo"), "POL": ("PL", "Europe/Warsaw"),
    "POR": ("PT", None), "ROU": ("RO", "Europe/Bucharest"), "RUS": ("RU", None),
    "SCO": ("GB-SCT", "Europe/London"), "SMR": ("SM", "Europe/San_Marino"),
    "SRB": ("RS", "Europe/Belgrade"), "SUI": ("CH", "Europe/Zurich"),
    "SVK": ("SK", "Europe/Bratislava"), "SVN": ("SI", "Europe/Ljubljana"),
    "SWE": ("SE", "Europe/Stockholm"), "TUR": ("TR", "Europe/Istanbul"),
    "UKR": ("UA", "Europe/Kyiv"), "WAL": ("GB-WLS", "Europe/London"),
}

# --- the feed as read --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A feed line that could not be read: where, what it said, why."""

    file: str
    line: int
    reason: str
    text: str = ""

    def __str__(self) -> str:
        shown = f" (found {self.text!r})" if self.text else ""
        return f"{self.file}:{self.line}: {self.reason}{shown}"


@dataclass(frozen=True, slots=True)
class FeedGoal:
    """One goal as the feed gives it; ``home`` is the side credited with it."""

    home: bool
    name: str | None
    minute: int
    added: int | None = None
    penalty: bool = False
    own_goal: bool = False

    @property
    def label(self) -> str:
        return f"{self.minute}+{self.added}" if self.added else str(self.minute)

    @property
    def order(self) -> tuple[int, int]:
        return self.minute, self.added or 0


@dataclass(frozen=True, slots=True)
class FeedMatch:
    """One match as the feed gives it, names still as written in the feed."""

    line: int
    date: dt.date
    home: str
    away: str
    time: str | None = None  # "21:00", local to the feed
    offset: str | None = None  # "+01:00" when the feed says so
    round: str | None = None
    matchday: int | None = None
    score: Pair | None = None
    half_time: Pair | None = None
    extra_time: Pair | None = None
    shootout: Pair | None = None
    goals: tuple[FeedGoal, ...] | None = None  # None: the feed does not list scorers
    goals_line: int = 0
    ground: str | None = None
    city: str | None = None


@dataclass(slots=True)
class Feed:
    name: str
    title: str | None = None
    matches: list[FeedMatch] = field(default_factory=list)
    problems: list[Unreadable] = field(default_factory=list)
    groups: dict[str, tuple[int, tuple[str, ...]]] = field(default_factory=dict)

    def bad(self, line: int, reason: str, text: str = "") -> None:
        self.problems.append(Unreadable(self.name, line, reason, text.strip()))


def read_feed(text: str, name: str) -> Feed:
    """Parse a feed; football.json when it starts with ``{``, else Football.TXT."""
    if text.lstrip("\ufeff \t\r\n").startswith("{"):
        return read_json(text, name)
    return read_txt(text, name)


# --- Football.TXT ------------------------------------------------------------------------

_SCORE = r"\d{1,2}\s*-\s*\d{1,2}"
_TOKEN = (rf"(?:{_SCORE}(?:\s*(?:a\.?e\.?t\.?|pen\.?|p\.?|on\s+pens))?"
          rf"|\(\s*{_SCORE}(?:\s*,\s*{_SCORE})?\s*\))")
_RESULT = rf"{_TOKEN}(?:\s*,?\s*{_TOKEN})*"
_TIME = r"(?:(?P<time>\d{1,2}[.:]\d{2})\s+)?"
_GROUND = r"(?:\s+@\s*(?P<ground>.+?))?"
_COMPACT = re.compile(
    rf"^{_TIME}(?P<home>\S.*?)\s+(?:v|vs\.?)\s+(?P<away>\S.*?)"
    rf"(?:\s+(?P<result>{_RESULT}|\(to be played\)|-))?{_GROUND}\s*$", re.IGNORECASE)
_DETAILED = re.compile(
    rf"^{_TIME}(?P<home>\S.*?)\s+(?P<result>{_RESULT})\s+(?P<away>[^@\s].*?){_GROUND}\s*$",
    re.IGNORECASE)
_DATE = re.compile(
    r"^\[?\s*(?:(?P<wd>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+)?(?P<mon>[a-z]{3})[a-z]*"
    r"\s*/\s*(?P<day>\d{1,2})(?:\s+(?P<year>\d{4}))?\s*\]?$", re.IGNORECASE)
_HEADING = re.compile(r"^(?:[»▪]\s*(?P<a>.+)|(?P<b>(?:matchday|round|group)\s+\S+))$",
                      re.IGNORECASE)
_MATCHDAY = re.compile(r"^matchday\s+(\d+)$", re.IGNORECASE)
_RANGE = re.compile(r"^([a-z]{3})[a-z]*\s*/\s*(\d{1,2})(?:\s*-\s*([a-z]{3})[a-z]*\s*/\s*"
                    r"(\d{1,2}))?$", re.IGNORECASE)
_GOAL = re.compile(
    r"\s*(?P<name>[^\d,;()\[\]]*?)\s*(?P<minute>\d{1,3})(?:\s*\+\s*(?P<added>\d{1,2}))?\s*'"
    r"\s*(?P<mark>\(\s*(?:pen|p|o\.?\s*g|og)\.?\s*\))?\s*,?")


def _pair(text: str) -> Pair:
    a, b = text.split("-")
    return int(a), int(b)


def parse_result(text: str) -> dict[str, Pair] | None:
    """The scores of a result as Football.TXT writes it, or None if it does not add up.

    >>> parse_result("1-1 (0-1)")
    {'score': (1, 1), 'half_time': (0, 1)}
    >>> sorted(parse_result("3-4 pen. 1-1 a.e.t. (1-1, 0-0)").items())
    [('extra_time', (1, 1)), ('half_time', (0, 0)), ('score', (1, 1)), ('shootout', (3, 4))]
    """
    out: dict[str, Pair] = {}
    brackets: list[list[Pair]] = []
    plain: list[Pair] = []
    for m in re.finditer(_TOKEN, text, re.IGNORECASE):
        token = re.sub(r"\s+", "", m.group(0)).lower()
        scores = [_pair(s) for s in re.findall(r"\d{1,2}-\d{1,2}", token)]
        if token.startswith("("):
            brackets.append(scores)
        elif re.search(r"a\.?e\.?t", token):
            out["extra_time"] = scores[0]
        elif re.search(r"p(?:en)?\.?$|onpens", token):
            out["shootout"] = scores[0]
        else:
            plain.append(scores[0])
    if len(plain) > 1 or len(brackets) > 1:
        return None
    if "extra_time" in out:
        # "2-1 a.e.t. (1-1, 0-0)": the 90-minute score, then the half-time score
        inner = brackets[0] if brackets else []
        if plain or len(inner) != 2:
            return None
        out["score"], out["half_time"] = inner
    else:
        if not plain or (brackets and len(brackets[0]) != 1):
            return None
        out["score"] = plain[0]
        if brackets:
            out["half_time"] = brackets[0][0]
    return out


def parse_goals(text: str) -> list[tuple[str | None, int, int | None, str]] | None:
    """The goals of one side, ``Name 12', 50' (pen.) Other 90+4'``; None if unreadable.

    >>> parse_goals("Oberlin 20', 69' Mertens 90+4' (pen.)")
    [('Oberlin', 20, None, ''), ('Oberlin', 69, None, ''), ('Mertens', 90, 4, 'pen')]
    """
    goals: list[tuple[str | None, int, int | None, str]] = []
    pos, name = 0, None
    text = text.strip()
    if text in ("", "-"):
        return []
    while pos < len(text):
        m = _GOAL.match(text, pos)
        if not m or m.end() == pos:
            return None
        name = m.group("name").strip() or name
        if name is None:
            return None
        mark = re.sub(r"[\s().]", "", (m.group("mark") or "").lower())
        kind = "pen" if mark in ("pen", "p") else "og" if mark else ""
        goals.append((name, int(m.group("minute")),
                      int(m.group("added")) if m.group("added") else None, kind))
        pos = m.end()
    return goals


@dataclass(slots=True)
class _TxtState:
    year: int | None = None
    date: dt.date | None = None
    date_line: int = 0
    time: str | None = None
    round: str | None = None
    matchday: int | None = None
    ranges: list[tuple[int, tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def _title_year(title: str) -> int | None:
    m = re.search(r"(\d{4})(?:/\d{2,4})?\s*$", title)
    return int(m.group(1)) if m else None


def read_txt(text: str, name: str) -> Feed:
    """Parse Football.TXT, compact or detailed (the two may even be mixed)."""
    feed = Feed(name)
    st = _TxtState()
    last: int | None = None  # index of the last match, for a scorer line under it
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #")[0].strip() if not raw.lstrip().startswith("#") else ""
        line = line.lstrip("\ufeff")
        if not line:
            continue
        if line.startswith("="):
            feed.title = line.lstrip("= ").strip()
            st.year = st.year or _title_year(feed.title)
            continue
        if m := _HEADING.match(line):
            st.round = (m.group("a") or m.group("b")).strip()
            md = _MATCHDAY.match(st.round)
            st.matchday = int(md.group(1)) if md else None
            last = None
            continue
        if "|" in line and not line.startswith("["):
            _txt_definition(feed, st, number, line)
            continue
        if m := _DATE.match(line):
            _txt_date(feed, st, number, line, m)
            last = None
            continue
        if line.startswith("["):
            if last is None or not line.endswith("]"):
                feed.bad(number, "found a scorer line with no match line above it, or without "
                                 "its closing ']', expected '[Home 12'; Away 34']' under a "
                                 "result", line)
                continue
            _txt_scorers(feed, last, number, line[1:-1])
            last = None
            continue
        m = _COMPACT.match(line) or _DETAILED.match(line)
        if m is None:
            feed.bad(number, "found a line that is neither a date, a heading, a match nor a "
                             "scorer line, expected e.g. '21.00  Home v Away  1-1 (0-1)'", line)
            last = None
            continue
        last = _txt_match(feed, st, number, line, m)
    return feed


def _txt_definition(feed: Feed, st: _TxtState, number: int, line: str) -> None:
    label, _, rest = (s.strip() for s in line.partition("|"))
    if md := _MATCHDAY.match(label):
        r = _RANGE.match(rest)
        months = [r.group(1), r.group(3) or r.group(1)] if r else []
        if not r or any(mo.lower() not in MONTHS for mo in months):
            feed.bad(number, "found a matchday line whose dates cannot be read, expected "
                             "'Matchday 5 | Nov/26 - Nov/27'", line)
            return
        start = (MONTHS[months[0].lower()], int(r.group(2)))
        end = (MONTHS[months[1].lower()], int(r.group(4) or r.group(2)))
        st.ranges.append((int(md.group(1)), start, end))
        return
    teams = tuple(t for t in re.split(r"\s{2,}|\t", rest) if t.strip())
    if not teams:
        feed.bad(number, "found a group line with no teams, expected 'Group E | A  B  C  D' "
                         "(two spaces between teams)", line)
        return
    feed.groups[label] = (number, tuple(t.strip() for t in teams))


def _txt_date(feed: Feed, st: _TxtState, number: int, line: str, m: re.Match[str]) -> None:
    st.date, st.time, st.date_line = None, None, number
    month = MONTHS.get(m.group("mon").lower())
    if m.group("year"):
        st.year = int(m.group("year"))
    if month is None or st.year is None:
        feed.bad(number, "found a date with no year given on it or on an earlier date, "
                         "expected the year on the first date, like 'Tue Sep/17 2019'"
                 if month else "found a date whose month cannot be read, expected e.g. "
                               "'Wed Nov/27'", line)
        return
    try:
        day = dt.date(st.year, month, int(m.group("day")))
    except ValueError:
        feed.bad(number, f"found a date that does not exist in {st.year}, expected a real "
                         "date", line)
        return
    wd = m.group("wd")
    if wd and WEEKDAYS[day.weekday()] != wd.lower():
        feed.bad(number, f"found {wd.title()}, but {day:%b %d %Y} is a {day:%A}; expected "
                         "the weekday to match (is the year right? write it on this date)",
                 line)
        return
    st.date = day


def _matchday_of(st: _TxtState, day: dt.date) -> int | None:
    for number, start, end in st.ranges:
        first = dt.date(day.year, *start) if start <= end or (day.month, day.day) >= start \
            else dt.date(day.year - 1, *start)
        last = dt.date(first.year + (end < start), *end)
        if first <= day <= last:
            return number
    return None


def _txt_match(feed: Feed, st: _TxtState, number: int, line: str,
               m: re.Match[str]) -> int | None:
    if st.date is None:
        feed.bad(number, "found a match with no readable date above it, expected a date line "
                         "such as 'Wed Nov/27' first" + (f" (see line {st.date_line})"
                                                         if st.date_line else ""), line)
        return None
    if m.group("time"):
        hh, mm = re.split(r"[.:]", m.group("time"))
        if int(hh) > 23 or int(mm) > 59:
            feed.bad(number, "found a kick-off time that does not exist, expected e.g. 21.00",
                     line)
            return None
        st.time = f"{int(hh):02d}:{mm}"
    result = m.group("result")
    scores: dict[str, Pair] = {}
    if result and not result.startswith("(to") and result != "-":
        parsed = parse_result(result)
        if parsed is None:
            feed.bad(number, "found a result that cannot be read, expected e.g. '1-1 (0-1)' "
                             "or '2-1 a.e.t. (1-1, 0-0)' or '1-1 a.e.t. (1-1, 0-1), 4-3 pen.'",
                     line)
            return None
        scores = parsed
    ground = city = None
    if m.group("ground"):
        ground, _, city_part = m.group("ground").partition(",")
        ground, city = ground.strip(), city_part.strip() or None
    feed.matches.append(FeedMatch(
        number, st.date, m.group("home").strip(), m.group("away").strip(), st.time, None,
        st.round, st.matchday or _matchday_of(st, st.date), scores.get("score"),
        scores.get("half_time"), scores.get("extra_time"), scores.get("shootout"),
        ground=ground, city=city))
    return len(feed.matches) - 1


def _txt_scorers(feed: Feed, index: int, number: int, inner: str) -> None:
    match = feed.matches[index]
    if match.score is None:
        feed.bad(number, "found scorers for a match with no result, expected them under a "
                         "played match", f"[{inner}]")
        return
    final = match.extra_time or match.score
    if ";" in inner:
        home_text, _, away_text = inner.partition(";")
    elif final[0] == 0 or final[1] == 0:  # only one side scored: no ';' needed
        home_text, away_text = (inner, "") if final[1] == 0 else ("", inner)
    else:
        feed.bad(number, "found scorers of both sides without ';' between them, expected "
                         "'[Home 12'; Away 34']'", f"[{inner}]")
        return
    goals: list[FeedGoal] = []
    for home, part in ((True, home_text), (False, away_text)):
        parsed = parse_goals(part)
        if parsed is None:
            feed.bad(number, "found scorers that cannot be read, expected 'Name 12'', "
                             "'Name 20', 69'', 'Name 90+4'', 'Name 12' (pen.)' or "
                             "'Name 12' (o.g.)'", f"[{inner}]")
            return
        goals += [FeedGoal(home, who, minute, added, kind == "pen", kind == "og")
                  for who, minute, added, kind in parsed]
    feed.matches[index] = replace(match, goals=tuple(goals), goals_line=number)


# --- football.json -----------------------------------------------------------------------


def read_json(text: str, name: str) -> Feed:
    """Parse football.json: ``{name, matches: [...]}`` or the older ``{name, rounds: [...]}``."""
    feed = Feed(name)
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        feed.bad(exc.lineno, f"found JSON that cannot be read ({exc.msg}), expected a "
                             "football.json file; nothing imported")
        return feed
    try:  # the same data, with line numbers (YAML 1.2 reads JSON)
        data = parse(text, name)
    except FactError:
        data = json.loads(text)
    if not isinstance(data, dict):
        feed.bad(1, "found JSON that is not an object, expected {\"name\": ..., "
                    "\"matches\": [...]}")
        return feed
    feed.title = data.get("name") if isinstance(data.get("name"), str) else None
    rounds: list[tuple[str | None, Any]] = []
    if isinstance(data.get("matches"), list):
        rounds.append((None, data["matches"]))
    for rnd in data.get("rounds") or []:
        if isinstance(rnd, dict):
            rounds.append((rnd.get("name"), rnd.get("matches") or []))
    if not rounds:
        feed.bad(1, "found no 'matches' or 'rounds', expected a football.json file")
    for round_name, matches in rounds:
        for i, item in enumerate(matches):
            line = matches.pos(i)[0] if isinstance(matches, YList) else i + 1
            _json_match(feed, item, line, round_name)
    return feed


def _team_name(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("key")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _json_pair(score: Mapping[str, Any], key: str, a: str, b: str,
               item: Mapping[str, Any]) -> Pair | None:
    value = score.get(key)
    if isinstance(value, list) and len(value) == 2 and all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
        return int(value[0]), int(value[1])
    x, y = item.get(a), item.get(b)
    if isinstance(x, int) and isinstance(y, int) and not isinstance(x, bool):
        return x, y
    return None


def _json_match(feed: Feed, item: Any, line: int, round_name: str | None) -> None:
    if not isinstance(item, dict):
        feed.bad(line, "found a match that is not an object, expected {\"date\": ..., "
                       "\"team1\": ..., \"team2\": ...}")
        return
    home, away = _team_name(item.get("team1")), _team_name(item.get("team2"))
    try:
        day = dt.date.fromisoformat(str(item.get("date")))
    except ValueError:
        day = None
    if home is None or away is None or day is None:
        feed.bad(line, "found a match without a readable date (YYYY-MM-DD), team1 or team2",
                 json.dumps({k: item.get(k) for k in ("date", "team1", "team2")},
                            ensure_ascii=False))
        return
    time = offset = None
    raw_time = item.get("time")
    if isinstance(raw_time, str) and raw_time.strip():
        tm = re.match(r"^(\d{1,2}):(\d{2})(?:\s*UTC\s*([+-])(\d{1,2})(?::?(\d{2}))?)?$",
                      raw_time.strip())
        if not tm or int(tm.group(1)) > 23 or int(tm.group(2)) > 59:
            feed.bad(line, "found a time that cannot be read, expected e.g. \"21:00\" or "
                           "\"21:00 UTC+1\"", raw_time)
            return
        time = f"{int(tm.group(1)):02d}:{tm.group(2)}"
        if tm.group(3):
            offset = f"{tm.group(3)}{int(tm.group(4)):02d}:{tm.group(5) or '00'}"
    raw_score = item.get("score")
    score: Mapping[str, Any] = raw_score if isinstance(raw_score, dict) else {}
    ft = _json_pair(score, "ft", "score1", "score2", item)
    ht = _json_pair(score, "ht", "score1i", "score2i", item)
    et = _json_pair(score, "et", "score1et", "score2et", item)
    pens = _json_pair(score, "p", "score1p", "score2p", item)
    goals: list[FeedGoal] | None = None
    for home_side, key in ((True, "goals1"), (False, "goals2")):
        listed = item.get(key)
        if listed is None:
            continue
        goals = goals or []
        for goal in listed if isinstance(listed, list) else [listed]:
            g = _json_goal(goal, home_side)
            if g is None:
                feed.bad(line, f"found a goal in '{key}' that cannot be read, expected "
                               "{\"name\": ..., \"minute\": 12}", json.dumps(goal))
                return
            goals.append(g)
    round_label = item.get("round") if isinstance(item.get("round"), str) else round_name
    group = item.get("group") if isinstance(item.get("group"), str) else None
    md = _MATCHDAY.match(round_label or "")
    ground = item.get("ground") if isinstance(item.get("ground"), str) else None
    stadium = item.get("stadium")
    if ground is None and isinstance(stadium, dict) and isinstance(stadium.get("name"), str):
        ground = stadium["name"]
    city = item.get("city") if isinstance(item.get("city"), str) else None
    if ground and city is None and "," in ground:
        ground, city = (s.strip() for s in ground.split(",", 1))
    feed.matches.append(FeedMatch(
        line, day, home, away, time, offset, group or round_label,
        int(md.group(1)) if md else None, ft, ht, et, pens,
        tuple(goals) if goals is not None else None, line, ground, city))


def _json_goal(goal: Any, home: bool) -> FeedGoal | None:
    if not isinstance(goal, dict):
        return None
    minute, offset = goal.get("minute"), goal.get("offset")
    name = goal.get("name")
    if not isinstance(minute, int) or isinstance(minute, bool) or not 1 <= minute <= 130:
        return None
    if offset is not None and (not isinstance(offset, int) or offset < 1):
        return None
    return FeedGoal(home, name.strip() if isinstance(name, str) and name.strip() else None,
                    minute, offset or None, goal.get("penalty") is True,
                    goal.get("owngoal") is True)


# --- the facts on file -------------------------------------------------------------------


def fold(text: str) -> str:
    """A name compared loosely: no accents, case or repeated spaces.

    >>> fold("  SSC  Napoli ") == fold("ssc napoli"), fold("Mané")
    (True, 'mane')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


_TRANSLIT = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "ł": "l", "đ": "d", "ð": "d",
                           "þ": "th", "\u0131": "i", "œ": "oe"})


def slug(text: str) -> str:
    """An id made from a name.

    >>> slug("FC Shakhtar Donetsk"), slug("Ødegaard"), slug("St. Pölten")
    ('fc-shakhtar-donetsk', 'odegaard', 'st-polten')
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text).translate(_TRANSLIT)).strip("-") or "x"


def _strip_code(name: str) -> tuple[str, str | None]:
    m = re.match(r"^(.*?)\s*\(([A-Z]{3})\)$", name.strip())
    return (m.group(1), m.group(2)) if m else (name.strip(), None)


@dataclass(frozen=True, slots=True)
class PersonRef:
    id: str
    team: str
    names: tuple[str, ...]  # folded names the feed may use: known_as, family, given family


@dataclass(frozen=True, slots=True)
class CompetitionRef:
    id: str
    names: tuple[str, ...]  # folded: "name season", "short_name season", id
    groups: tuple[tuple[str, str, tuple[str, ...]], ...]  # (folded name, id, team ids)


@dataclass(frozen=True, slots=True)
class FixtureRef:
    competition: str | None
    home: str
    away: str
    date: dt.date
    file: str
    score: str | None


@dataclass(slots=True)
class Index:
    """What the facts on file say, read leniently: entries need not validate to count."""

    teams: dict[str, str] = field(default_factory=dict)  # folded name or alias → id
    team_ids: set[str] = field(default_factory=set)
    homes: dict[str, tuple[str | None, str | None, str | None]] = field(default_factory=dict)
    people: list[PersonRef] = field(default_factory=list)
    person_ids: set[str] = field(default_factory=set)
    venues: dict[str, str] = field(default_factory=dict)  # folded name → id
    venue_ids: set[str] = field(default_factory=set)
    competitions: list[CompetitionRef] = field(default_factory=list)
    fixtures: list[FixtureRef] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # files that could not be parsed


def _s(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def build_index(texts: Mapping[str, str]) -> Index:
    """Index the fact files ``{name: YAML text}`` by the names a feed may use."""
    index = Index()
    for name in sorted(texts):
        try:
            doc, _ = parse_lenient(texts[name], name)
        except FactError:
            index.unread.append(name)
            continue
        if not isinstance(doc, dict):
            continue
        for entry in _entries(doc, "teams"):
            _index_team(index, entry)
        for entry in _entries(doc, "venues"):
            vid = _s(entry.get("id"))
            if vid:
                index.venue_ids.add(vid)
                if n := _s(entry.get("name")):
                    index.venues.setdefault(fold(n), vid)
        for entry in _entries(doc, "people"):
            pid, team = _s(entry.get("id")), _s(entry.get("team"))
            if pid:
                index.person_ids.add(pid)
            given, family, known = (_s(entry.get(k)) for k in ("given", "family", "known_as"))
            names = [n for n in (known, family, f"{given} {family}" if given and family
                                 else None) if n]
            if pid and team:
                index.people.append(PersonRef(pid, team, tuple(dict.fromkeys(map(fold, names)))))
        for entry in _entries(doc, "competitions"):
            _index_competition(index, entry)
        raw_defaults = doc.get("defaults")
        defaults: Mapping[str, Any] = raw_defaults if isinstance(raw_defaults, dict) else {}
        fixtures = list(_entries(doc, "fixtures"))
        if isinstance(doc.get("fixture"), dict):
            fixtures.append(doc["fixture"])
        for entry in fixtures:
            home, away = _s(entry.get("home")), _s(entry.get("away"))
            kickoff = _s(entry.get("kickoff")) or ""
            try:
                day = dt.date.fromisoformat(kickoff[:10])
            except ValueError:
                continue
            if home and away:
                comp = _s(entry.get("competition")) or _s(defaults.get("competition"))
                index.fixtures.append(FixtureRef(comp, home, away, day, name,
                                                 _s(str(entry.get("score") or ""))))
    return index


def _entries(doc: Mapping[str, Any], key: str) -> Iterable[Mapping[str, Any]]:
    value = doc.get(key)
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _index_team(index: Index, entry: Mapping[str, Any]) -> None:
    tid = _s(entry.get("id"))
    if not tid:
        return
    index.team_ids.add(tid)
    names = [_s(entry.get("name")), _s(entry.get("short_name")), tid]
    aliases = entry.get("aliases")
    names += [_s(a) for a in aliases] if isinstance(aliases, list) else []
    for n in names:
        if n:
            index.teams.setdefault(fold(n), tid)
    raw_home = entry.get("home")
    home: Mapping[str, Any] = raw_home if isinstance(raw_home, dict) else {}
    index.homes[tid] = (_s(home.get("city")), _s(home.get("country")),
                        _s(home.get("timezone")))


def _index_competition(index: Index, entry: Mapping[str, Any]) -> None:
    cid = _s(entry.get("id"))
    if not cid:
        return
    season = _s(str(entry.get("season") or ""))
    names = [cid]
    for key in ("name", "short_name"):
        if n := _s(entry.get(key)):
            names += [n, f"{n} {season}"] if season else [n]
    groups = []
    for g in _entries(entry, "groups"):
        gid, gname = _s(g.get("id")), _s(g.get("name"))
        teams = g.get("teams")
        if gid and gname:
            groups.append((fold(gname), gid, tuple(t for t in teams if isinstance(t, str))
                           if isinstance(teams, list) else ()))
    index.competitions.append(CompetitionRef(cid, tuple(dict.fromkeys(map(fold, names))),
                                             tuple(groups)))


# --- from feed to fact files -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Options:
    competition: str | None = None  # competition id; else found from the feed's title
    timezone: str | None = None  # zone of the feed's kick-off times; else the venue's
    folder: str | None = None  # where fixture files go, relative to the facts root


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The fact files to write (path relative to the facts root → YAML text) and a report."""

    files: dict[str, str]
    problems: tuple[Unreadable, ...]
    notes: tuple[str, ...]
    fixtures: int
    stubs: dict[str, tuple[str, ...]]  # kind → ids of the stub entries made
    stub_file: str
    competition: str | None


class UnknownCompetition(ValueError):
    """The feed's competition is not on file and none was named."""


@dataclass(slots=True)
class _Stubs:
    teams: dict[str, dict[str, Any]] = field(default_factory=dict)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    venues: dict[str, dict[str, Any]] = field(default_factory=dict)


class _Builder:
    def __init__(self, feed: Feed, index: Index, options: Options) -> None:
        self.feed, self.index, self.options = feed, copy.deepcopy(index), options
        self.stubs = _Stubs()
        self.notes: list[str] = []
        self.problems: list[Unreadable] = list(feed.problems)
        self.source = feed.name.replace("\\", "/").rsplit("/", 1)[-1]  # no machine's paths

    # names → ids ---------------------------------------------------------------------

    def team(self, name: str) -> str:
        plain, code = _strip_code(name)
        for candidate in (name, plain):
            if (tid := self.index.teams.get(fold(candidate))) is not None:
                return tid
        tid = slug(plain)
        while tid in self.index.team_ids and tid not in self.stubs.teams:
            tid += "-club"
        if tid not in self.stubs.teams:
            country, tz = COUNTRIES.get(code or "", (None, None))
            home: dict[str, Any] = {k: v for k, v in (("country", country), ("timezone", tz))
                                    if v}
            self.stubs.teams[tid] = {"id": tid, "name": plain, "home": home,
                                     "aliases": [name]}
        self.index.teams[fold(name)] = self.index.teams[fold(plain)] = tid
        return tid

    def person(self, name: str, team: str) -> str:
        key = fold(name)
        found = [p.id for p in self.index.people if p.team == team and key in p.names]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            self.notes.append(f"{name!r} of {team} matches several people on file "
                              f"({', '.join(found)}); made a stub to tell them apart")
        pid = slug(name)
        taken = self.index.person_ids | set(self.stubs.people)
        if pid in taken:
            pid = f"{pid}-{team}"
        n = 2
        while pid in taken:
            pid, n = f"{slug(name)}-{team}-{n}", n + 1
        self.stubs.people[pid] = {"id": pid, "known_as": name, "team": team}
        self.index.person_ids.add(pid)
        self.index.people.append(PersonRef(pid, team, (key,)))
        return pid

    def venue(self, ground: str, city: str | None, home: str) -> str:
        for candidate in (f"{ground}, {city}" if city else None, ground):
            if candidate and (vid := self.index.venues.get(fold(candidate))):
                return vid
        vid = slug(ground)
        taken = self.index.venue_ids | set(self.stubs.venues)
        while vid in taken:
            vid += "-" + slug(city or home)
        entry: dict[str, Any] = {"id": vid, "name": ground}
        home_city, country, tz = self.index.homes.get(home, (None, None, None))
        stub_team = self.stubs.teams.get(home)
        if city:
            entry["city"] = city
            # the home team's country and zone hold for a ground in the home team's city
            if stub_team is None and home_city and fold(home_city) == fold(city):
                entry.update({k: v for k, v in (("country", country), ("timezone", tz)) if v})
        self.stubs.venues[vid] = entry
        self.index.venues[fold(ground)] = vid
        self.index.venue_ids.add(vid)
        return vid

    def competition(self) -> CompetitionRef:
        wanted = self.options.competition
        comps = self.index.competitions
        if wanted:
            found = [c for c in comps if c.id == wanted]
        else:
            title = fold(self.feed.title or "")
            found = [c for c in comps if title and title in c.names]
        if not found:
            known = ", ".join(c.id for c in comps) or "none"
            said = f"--competition {wanted}" if wanted else (
                f"the feed's title {self.feed.title!r}" if self.feed.title
                else "a feed without a title line ('= Name Season')")
            raise UnknownCompetition(
                f"{said} names no competition on file (known: {known}); pass --competition ID "
                "or add the competition to reference/competitions.yaml first")
        return found[0]

    # the fixtures --------------------------------------------------------------------

    def build(self) -> ImportResult:
        comp = self.competition()
        folder = self.options.folder or comp.id
        by_file: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = {}
        defaults: dict[str, dict[str, str]] = {}
        seen: dict[tuple[str, str, dt.date], int] = {}
        count = 0
        for match in self.feed.matches:
            home, away = self.team(match.home), self.team(match.away)
            if home == away:
                self.bad(match.line, f"found {match.home!r} playing itself, expected two "
                                     "different teams")
                continue
            key = (home, away, match.date)
            if key in seen:
                self.bad(match.line, f"found {match.home} v {match.away} on {match.date} "
                                     f"again (first on line {seen[key]}), expected each "
                                     "match once")
                continue
            seen[key] = match.line
            placed, group = self.group(comp, match, home, away)
            if not placed:
                continue
            on_file = self.on_file(comp.id, home, away, match.date)
            if on_file is not None:
                ours = f"{match.score[0]}-{match.score[1]}" if match.score else None
                differ = (f"; the feed says {ours or 'not yet played'}, the file "
                          f"{on_file.score or 'not yet played'}"
                          if (ours or None) != (on_file.score or None) else "")
                self.notes.append(f"{self.feed.name}:{match.line}: {home} v {away} on "
                                  f"{match.date} is already in {on_file.file}; left to that "
                                  f"file{differ}")
                continue
            fixture = self.fixture(match, home, away)
            if fixture is None:
                continue
            base = group or (slug(match.round) if match.round else slug(
                re.sub(r"\.(txt|json)$", "", self.source)))
            path = f"{folder}/{base}.yaml"
            defaults[path] = {"competition": comp.id,
                              **({"group": group} if group else {}),
                              **({"timezone": self.options.timezone}
                                 if self.options.timezone else {})}
            order = (match.date, match.time or "", match.line)
            by_file.setdefault(path, []).append((order, fixture))
            count += 1
        files = {path: self.render_file(path, defaults[path], [f for _, f in sorted(
            items, key=lambda x: x[0])]) for path, items in sorted(by_file.items())}
        stub_file = f"reference/{comp.id}-stubs.yaml"
        stubs_text = self.render_stubs()
        if stubs_text:
            files[stub_file] = stubs_text
        return ImportResult(
            files, tuple(sorted(self.problems, key=lambda p: (p.file, p.line))),
            tuple(self.notes), count,
            {"teams": tuple(self.stubs.teams), "people": tuple(self.stubs.people),
             "venues": tuple(self.stubs.venues)}, stub_file, comp.id)

    def bad(self, line: int, reason: str) -> None:
        self.problems.append(Unreadable(self.feed.name, line, reason))

    def group(self, comp: CompetitionRef, match: FeedMatch, home: str,
              away: str) -> tuple[bool, str | None]:
        """Whether the match can be placed, and its group id (None outside groups)."""
        label = match.round
        if label is None or not re.match(r"^group\b", fold(label)):
            for gname, (_, members) in self.feed.groups.items():
                ids = {self.team(t) for t in members}
                if {home, away} <= ids:
                    label = gname
                    break
            else:
                return True, None
        for gname, gid, teams in comp.groups:
            if gname == fold(label):
                missing = [t for t in (home, away) if teams and t not in teams]
                if missing:
                    self.bad(match.line, f"found {', '.join(missing)} in {label}, expected a "
                                         f"team of {label} of {comp.id}: {', '.join(teams)}")
                    return False, None
                return True, gid
        self.bad(match.line, f"found the round {label!r}, which is not a group of {comp.id} "
                             f"(groups: {', '.join(g[1] for g in comp.groups) or 'none'}); add "
                             "it to reference/competitions.yaml")
        return False, None

    def on_file(self, comp: str, home: str, away: str, day: dt.date) -> FixtureRef | None:
        for f in self.index.fixtures:
            if (f.home, f.away) == (home, away) and f.competition in (comp, None) and \
                    abs((f.date - day).days) <= 1:
                return f
        return None

    def fixture(self, m: FeedMatch, home: str, away: str) -> dict[str, Any] | None:
        kickoff = m.date.isoformat() + (f"T{m.time}" if m.time else "") + (
            m.offset if m.time and m.offset else "")
        out: dict[str, Any] = {}
        if m.matchday:
            out["matchday"] = m.matchday
        out.update(kickoff=kickoff, home=home, away=away)
        if m.ground:
            out["venue"] = self.venue(m.ground, m.city, home)
        if m.score is None:
            if m.goals:
                self.bad(m.goals_line, "found scorers for a match with no result, expected "
                                       "a full-time score")
            return out
        problem = _check_scores(m)
        if problem:
            self.bad(m.line, problem)
            return None
        for key, value in (("score", m.score), ("half_time", m.half_time),
                           ("extra_time", m.extra_time), ("shootout", m.shootout)):
            if value is not None:
                out[key] = f"{value[0]}-{value[1]}"
        if m.goals is not None:
            problem = _check_goals(m)
            if problem:
                self.bad(m.goals_line, problem + "; the result is imported without scorers")
                out["goals"] = "incomplete"
                return out
            final = m.extra_time or m.score
            listed = (sum(g.home for g in m.goals), sum(not g.home for g in m.goals))
            out["goals"] = "complete" if listed == final else "incomplete"
            out["events"] = [self.goal(g, home, away) for g in
                             sorted(m.goals, key=lambda g: g.order)]
        return out  # a bare result: the loader reads it as claiming no goal list

    def goal(self, g: FeedGoal, home: str, away: str) -> dict[str, Any]:
        team, other = (home, away) if g.home else (away, home)
        event: dict[str, Any] = {"minute": g.label, "type": "goal", "team": team}
        if g.name:
            event["scorer"] = self.person(g.name, other if g.own_goal else team)
        if g.penalty:
            event["penalty"] = True
        if g.own_goal:
            event["own_goal"] = True
        return event

    # writing YAML --------------------------------------------------------------------

    def render_file(self, path: str, defaults: Mapping[str, str],
                    fixtures: Sequence[dict[str, Any]]) -> str:
        lines = [f"# Imported from {self.source} by `newsgen import`.",
                 "# Edit freely: an edited file is never overwritten by a later import "
                 "(unless --force).",
                 "defaults:"]
        lines += [f"  {k}: {_q(v)}" for k, v in defaults.items()]
        lines.append("fixtures:")
        for fx in fixtures:
            events = fx.get("events")
            flat = {k: v for k, v in fx.items() if k != "events"}
            if not events:
                lines.append(f"  - {_flow(flat)}")
                continue
            first = True
            for k, v in flat.items():
                lines.append(f"  {'- ' if first else '  '}{k}: {_q(v)}")
                first = False
            lines.append("    events:")
            lines += [f"      - {_flow(e)}" for e in events]
        return "\n".join(lines) + "\n"

    def render_stubs(self) -> str:
        if not (self.stubs.teams or self.stubs.people or self.stubs.venues):
            return ""
        lines = [f"# Stub reference entries made by `newsgen import` from {self.source}",
                 "# for names not found on file. Each is marked STUB: complete it (the",
                 "# `newsgen check` errors list what a team or venue still lacks), then",
                 "# delete the STUB comment, or move the entry to teams.yaml, people.yaml",
                 "# or venues.yaml. Fixtures naming an incomplete team or venue are held",
                 "# back until it is complete; nothing is guessed."]
        if self.stubs.teams:
            lines.append("teams:")
            for t in self.stubs.teams.values():
                lacks = [k for k in ("city", "country", "timezone") if k not in t["home"]]
                lines.append(f"  # STUB: add home {', '.join(lacks)}; check the name"
                             if lacks else "  # STUB: check the name and home")
                lines.append(f"  - {_flow(t)}")
        if self.stubs.venues:
            lines.append("venues:")
            for v in self.stubs.venues.values():
                lacks = [k for k in ("city", "country", "timezone") if k not in v]
                lines.append(f"  # STUB: add {', '.join(lacks)}" if lacks
                             else "  # STUB: check the city, country and time zone")
                lines.append(f"  - {_flow(v)}")
        if self.stubs.people:
            lines.append("people:")
            for p in self.stubs.people.values():
                lines.append("  # STUB: the feed's spelling as known_as; add given and family "
                             "names and a role")
                lines.append(f"  - {_flow(p)}")
        return "\n".join(lines) + "\n"


def _check_scores(m: FeedMatch) -> str | None:
    assert m.score is not None
    if m.half_time and (m.half_time[0] > m.score[0] or m.half_time[1] > m.score[1]):
        return "found a half-time score above the full-time score"
    if m.extra_time and (m.score[0] != m.score[1] or m.extra_time[0] < m.score[0]
                         or m.extra_time[1] < m.score[1]):
        return ("found extra time after a decided match or a score after extra time below "
                "the full-time score")
    final = m.extra_time or m.score
    if m.shootout and final[0] != final[1]:
        return "found a shoot-out after a decided match"
    return None


def _check_goals(m: FeedMatch) -> str | None:
    assert m.goals is not None and m.score is not None
    final = m.extra_time or m.score
    home = sum(g.home for g in m.goals)
    away = len(m.goals) - home
    if home > final[0] or away > final[1]:
        return (f"found scorers adding up to {home}-{away}, expected at most the score "
                f"{final[0]}-{final[1]}")
    for g in m.goals:
        if (g.added and g.minute not in (45, 90, 105, 120)) or (
                g.minute > 90 and not m.extra_time) or g.minute > 120:
            return (f"found a goal at {g.label}', expected a minute up to 90 (or 90+N), "
                    "past 90 only after extra time")
    regular = [g for g in m.goals if g.minute <= 90]
    if sum(g.home for g in regular) > m.score[0] or \
            sum(not g.home for g in regular) > m.score[1]:
        return "found more goals in normal time than the full-time score"
    if m.half_time:
        first = [g for g in m.goals if g.minute <= 45]
        h = sum(g.home for g in first)
        if h > m.half_time[0] or len(first) - h > m.half_time[1] or (
                (home, away) == final and (h, len(first) - h) != m.half_time):
            return (f"found first-half goals adding up to {h}-{len(first) - h}, expected the "
                    f"half-time score {m.half_time[0]}-{m.half_time[1]}")
    return None


_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._+/-]*(?::[0-9][0-9:+-]*)?$")


def _q(value: Any) -> str:
    """A value as YAML the facts loader reads back unchanged."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_q(v) for v in value) + "]"
    if isinstance(value, dict):
        return _flow(value)
    text = str(value)
    if _PLAIN.match(text) and not text.endswith(" ") and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _reads_back(text: str) -> bool:
    try:
        doc, problems = parse_lenient(f"k: {text}\n", "-")
    except FactError:
        return False
    return not problems and isinstance(doc, YMap) and doc.get("k") == text


def _flow(mapping: Mapping[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_q(v)}" for k, v in mapping.items()) + "}"


def import_feed(text: str, name: str, index: Index, options: Options = Options()) -> ImportResult:
    """Turn a feed into fact files; raise ``UnknownCompetition`` if its competition is unknown."""
    return _Builder(read_feed(text, name), index, options).build()
