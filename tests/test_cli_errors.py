"""The command line on bad input: one clear line per problem, exit codes, last good output kept.

Each test works on its own copy of the bundled ``facts/`` and ``templates/`` (and of an
``out/`` rendered once from them), breaks one fact file and runs ``newsgen.cli.main``
in-process. A crash is turned into the traceback a user would see, so that every test can
assert there is none.
"""

from __future__ import annotations

import io
import json
import shutil
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newsgen.cli import main

ROOT = Path(__file__).resolve().parent.parent

ZL = "2019-11-27-zenit-lyon"  # group G, the fixture we break
ZL_FILE = "facts/ucl-2019-20/2019-11-27-zenit-lyon.yaml"
LB = "2019-11-27-rb-leipzig-benfica"  # group G too: its table needs Zenit-Lyon
LN = "2019-11-27-liverpool-napoli"  # group E
LA = "2019-11-27-lille-ajax"  # group H
LN_FILE = "facts/ucl-2019-20/2019-11-27-liverpool-napoli.yaml"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def errors(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("error: ")]


def newsgen(*args: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = main(list(args), out=out, err=err)
    except Exception:  # what the person at the terminal would get
        err.write("Traceback (most recent call last):\n" + traceback.format_exc())
        code = -1
    return Run(code, out.getvalue(), err.getvalue())


class Site:
    """A copy of the project's facts and templates, and the output directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.facts = root / "facts"
        self.templates = root / "templates"
        self.out = root / "out"

    def render(self, *extra: str) -> Run:
        return newsgen("render", "--facts", str(self.facts), "--templates", str(self.templates),
                       "--out", str(self.out), "--locale", "en", *extra)

    def check(self) -> Run:
        return newsgen("check", "--facts", str(self.facts), "--templates", str(self.templates),
                       "--locale", "en")

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def outputs(self, fixture: str) -> dict[str, bytes]:
        return {p.relative_to(self.out).as_posix(): p.read_bytes()
                for p in sorted(self.out.glob(f"*/{fixture}.*.md"))}

    def entries(self, fixture: str) -> dict[str, Any]:
        path = self.out / "manifest.json"
        if not path.is_file():
            return {}
        docs = json.loads(path.read_text(encoding="utf-8"))["documents"]
        return {k: v for k, v in docs.items() if v["fixture"] == fixture}

    def remove_outputs(self, fixture: str) -> dict[str, bytes]:
        """Delete a fixture's documents (to see whether the next run writes them again)."""
        before = self.outputs(fixture)
        for name in before:
            (self.out / name).unlink()
        return before


def copy_project(root: Path) -> Site:
    shutil.copytree(ROOT / "facts", root / "facts")
    shutil.copytree(ROOT / "templates", root / "templates")
    return Site(root)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled facts rendered once, cleanly: the last good output of every test."""
    site = copy_project(tmp_path_factory.mktemp("good"))
    run = site.render()
    assert run.code == 0, run.err
    assert site.outputs(ZL) and site.outputs(LN) and site.outputs(LB)
    return site.root


@pytest.fixture
def site(rendered: Path, tmp_path: Path) -> Site:
    shutil.copytree(rendered, tmp_path / "site")
    return Site(tmp_path / "site")


@pytest.fixture
def fresh(tmp_path: Path) -> Site:
    """Facts and templates, no output yet."""
    return copy_project(tmp_path / "fresh")


def assert_reported(run: Run, prefix: str, *fragments: str) -> str:
    """The one ``error:`` line starting with ``prefix`` (file:line:col: key:) and holding
    every fragment."""
    assert "Traceback" not in run.err, run.err
    lines = [line for line in run.errors() if line.startswith(f"error: {prefix}")]
    assert len(lines) == 1, f"no single line starting {prefix!r} in:\n{run.err}"
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"
    return lines[0]


# --- a clean run ---------------------------------------------------------------------------


def test_the_bundled_facts_render_cleanly(site: Site) -> None:
    run = site.render()
    assert run.code == 0, run.err
    assert run.errors() == []
    assert "Traceback" not in run.err
    assert "0 written" in run.err  # the same facts give the same bytes


def test_check_on_the_bundled_facts(site: Site) -> None:
    run = site.check()
    assert run.code == 0, run.err
    assert run.errors() == []
    assert "0 problem(s)" in run.err


# --- each kind of bad fact file ------------------------------------------------------------

# name: (edits of the Zenit-Lyon file, expected "file:line:col: key:" prefix, fragments)
Edit = tuple[str, str]
BAD: dict[str, tuple[Sequence[Edit], str, Sequence[str]]] = {
    "minute outside the match": (
        [("minute: 84", "minute: 95")],
        "13:16: fixture.events[1].minute:",
        ["found 95", "expected a minute from 1 to 90, or 90+N in stoppage time",
         "no extra time"]),
    "extra-time period without extra time": (
        [("minute: 84", "period: extra-time-first-half")],
        "13:16: fixture.events[1].period:",
        ["found 'extra-time-first-half'", "expected a period of normal time"]),
    "events out of order": (
        [("minute: 84", "minute: 30"), ("half_time: 1-0", "half_time: 2-0")],
        "13:16: fixture.events[1].minute:",
        ["found 30 after an event later in the match", "expected events in the order"]),
    "unknown scorer id": (
        [("scorer: artem-dzyuba", "scorer: artem-dzyba")],
        "12:53: fixture.events[0].scorer:",
        ["found 'artem-dzyba' (did you mean 'artem-dzyuba'?)",
         "expected the id of a known person"]),
    "scorer not in the team": (
        [("scorer: magomed-ozdoev", "scorer: ruben-dias")],
        "13:53: fixture.events[1].scorer:",
        ["found 'ruben-dias', who plays for benfica", "expected a player of zenit"]),
    "unknown team id": (
        [("away: lyon", "away: lyonn")],
        "7:9: fixture.away:",
        ["found 'lyonn' (did you mean 'lyon'?)", "expected the id of a known team"]),
    "wrong type": (
        [("matchday: 5", "matchday: five")],
        "4:13: fixture.matchday:",
        ["found 'five'", "expected a whole number from 1 to 100"]),
    "went_off: yes": (
        [("    - {minute: 84", "    - {minute: 60, type: injury, team: zenit, "
          "person: artem-dzyuba, went_off: yes}\n    - {minute: 84")],
        "13:79: fixture.events[1].went_off:",
        ["found 'yes'", "expected true or false"]),
    "score does not add up": (
        [("score: 2-0", "score: 3-0")],
        "12:5: fixture.events:",
        ["found goals adding up to 2-0", "expected 3-0 as in the score"]),
    "half-time score does not add up": (
        [("half_time: 1-0", "half_time: 2-0")],
        "9:14: fixture.half_time:",
        ["found first-half goals adding up to 1-0", "expected 2-0 as in the half-time score"]),
    "date that is not a date": (
        [("kickoff: 2019-11-27T18:55", "kickoff: 2019-11-31T18:55")],
        "5:12: fixture.kickoff:",
        ["found '2019-11-31T18:55+01:00', which is not a real date or time",
         "expected a date like 2019-11-27"]),
    "time alone, read by YAML 1.1 as 1135": (
        [("kickoff: 2019-11-27T18:55+01:00", "kickoff: 18:55")],
        "5:12: fixture.kickoff:",
        ["found '18:55'", "expected a date like 2019-11-27"]),
    "unknown key": (
        [("goals: complete", "goal: complete")],
        "10:9: fixture.goal:",
        ["found an unknown key 'goal' (did you mean 'goals'?)", "expected one of:"]),
    "duplicate key": (
        [("  away: lyon\n", "  away: lyon\n  home: zenit\n")],
        "8:3: fixture.home:",
        ["found the key 'home' a second time (first on line 6)", "expected each key once"]),
    "YAML syntax error": (
        [("  away: lyon\n", "  away: lyon: x\n")],
        "7:13: YAML syntax:",
        ["mapping values are not allowed"]),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_fixture_is_reported_and_its_last_good_output_kept(site: Site, case: str) -> None:
    edits, prefix, fragments = BAD[case]
    before = site.outputs(ZL)
    entries = site.entries(ZL)
    ln_before = site.remove_outputs(LN)
    la_before = site.remove_outputs(LA)
    for old, new in edits:
        site.edit(ZL_FILE, old, new)

    run = site.render()

    assert run.code == 1, run.err
    assert_reported(run, f"{ZL_FILE}:{prefix}", *fragments)
    assert "Traceback" not in run.err
    # no output written for the broken fixture: its last good documents stay, byte for byte
    assert site.outputs(ZL) == before, f"{case}: {ZL} was rendered from bad facts"
    assert site.entries(ZL) == entries
    # the other fixtures of the run still render
    assert site.outputs(LN) == ln_before
    assert site.outputs(LA) == la_before


@pytest.mark.parametrize("case", ["unknown team id", "date that is not a date",
                                  "duplicate key", "YAML syntax error"])
def test_the_last_good_output_of_a_broken_fixture_is_not_called_an_orphan(site: Site,
                                                                          case: str) -> None:
    """When the fixture id cannot be read, its documents must not be reported as belonging
    to no fixture ("remove it if it should go"): they are its last good output."""
    edits, _, _ = BAD[case]
    for old, new in edits:
        site.edit(ZL_FILE, old, new)
    run = site.render()
    assert run.code == 1
    orphans = [line for line in run.err.splitlines()
               if ZL in line and "no longer in the facts" in line]
    assert orphans == []


def test_a_valid_stoppage_time_minute_renders(site: Site) -> None:
    """The control for the cases above: 90+4 is a minute of the match."""
    site.edit(ZL_FILE, "minute: 84", "minute: 90+4")
    run = site.render()
    assert run.code == 0, run.err
    assert run.errors() == []


@pytest.mark.parametrize("case", ["score does not add up", "minute outside the match",
                                  "unknown scorer id", "date that is not a date",
                                  "duplicate key", "YAML syntax error"])
def test_a_broken_result_withholds_the_fixtures_of_its_group(site: Site, case: str) -> None:
    """Rb Leipzig-Benfica's table needs Zenit-Lyon: it must not render without it."""
    edits, _, _ = BAD[case]
    lb_before = site.outputs(LB)
    ln_before = site.remove_outputs(LN)
    for old, new in edits:
        site.edit(ZL_FILE, old, new)

    run = site.render()

    assert run.code == 1
    assert "Traceback" not in run.err
    assert site.outputs(LB) == lb_before, f"{case}: {LB} re-rendered with a table that " \
        "lacks Zenit-Lyon"
    # a line says that fixtures were held back, and for which file
    assert any(ZL_FILE in line and "did not validate" in line for line in run.errors()), \
        run.err
    # fixtures of other groups still render
    assert site.outputs(LN) == ln_before


def test_the_summary_counts_the_fixtures_not_rendered(site: Site) -> None:
    site.edit(ZL_FILE, "score: 2-0", "score: 3-0")
    run = site.render()
    assert run.code == 1
    assert "1 problem(s) in the facts" in run.err
    assert "their previous output, if any, is untouched" in run.err


@pytest.mark.parametrize("case", ["score does not add up", "minute outside the match",
                                  "unknown scorer id", "duplicate key"])
def test_a_fresh_output_directory_gets_nothing_for_a_broken_fixture(fresh: Site,
                                                                    case: str) -> None:
    edits, prefix, fragments = BAD[case]
    for old, new in edits:
        fresh.edit(ZL_FILE, old, new)

    run = fresh.render()

    assert run.code == 1
    assert_reported(run, f"{ZL_FILE}:{prefix}", *fragments)
    assert fresh.outputs(ZL) == {}
    assert fresh.entries(ZL) == {}
    assert fresh.outputs(LN) and fresh.entries(LN)
    assert not list(fresh.out.rglob("*.tmp"))


def test_stdout_mode_prints_nothing_for_a_broken_fixture(site: Site) -> None:
    site.edit(ZL_FILE, "score: 2-0", "score: 3-0")
    run = site.render("--stdout")
    assert run.code == 1
    assert f'translationKey: "{ZL}"' not in run.out
    assert f'translationKey: "{LN}"' in run.out


def test_rendering_only_the_broken_file(site: Site) -> None:
    before = site.outputs(ZL)
    site.edit(ZL_FILE, "score: 2-0", "score: 3-0")
    run = site.render(str(site.root / ZL_FILE))
    assert run.code == 1
    assert_reported(run, f"{ZL_FILE}:12:5: fixture.events:", "expected 3-0")
    assert site.outputs(ZL) == before


def test_check_reports_the_problem_and_writes_nothing(site: Site) -> None:
    site.edit(ZL_FILE, "minute: 84", "minute: 95")
    shutil.rmtree(site.out)
    run = site.check()
    assert run.code == 1
    assert_reported(run, f"{ZL_FILE}:13:16: fixture.events[1].minute:", "found 95")
    assert "0 problem(s)" not in run.err
    assert not site.out.exists()


# --- no traceback, whatever the facts ---------------------------------------------------------


CRASHES: dict[str, tuple[str, str, str, str]] = {
    # name: (file, old, new, expected "file:line" start of the problem line)
    "injured player unknown": (
        LN_FILE, "person: fabinho", "person: fabinhoo", f"{LN_FILE}:14:"),
    "team manager unknown": (
        "facts/reference/teams.yaml", "manager: juergen-klopp", "manager: juergen-klop",
        "facts/reference/teams.yaml:3:"),
    "venue that does not load": (
        "facts/reference/venues.yaml",
        "{id: camp-nou, name: Camp Nou, city: Barcelona, country: ES, timezone: Europe/Madrid}",
        "{id: camp-nou, name: Camp Nou, city: Barcelona, country: ES, timezone: Europe/Madird}",
        "facts/reference/venues.yaml:3:"),
    "default time zone unknown": (
        "facts/ucl-2019-20/group-f.yaml", "timezone: Europe/Paris", "timezone: Europe/Pariss",
        "facts/ucl-2019-20/group-f.yaml:6:"),
}


@pytest.mark.parametrize("case", list(CRASHES))
@pytest.mark.parametrize("command", ["render", "check"])
def test_bad_facts_never_crash(site: Site, case: str, command: str) -> None:
    file, old, new, prefix = CRASHES[case]
    site.edit(file, old, new)
    run = site.render() if command == "render" else site.check()
    assert "Traceback" not in run.err, run.err
    assert run.code == 1, run.err
    assert_reported(run, prefix, "found", "expected")


# --- usage errors: exit code 2, nothing written -----------------------------------------------


def test_an_unknown_locale(site: Site) -> None:
    shutil.rmtree(site.out)
    run = site.render("--locale", "xx")
    assert run.code == 2
    assert "error: --locale xx: no " in run.err and "templates/xx/ with a lexicon" in run.err
    assert "Traceback" not in run.err
    assert not site.out.exists()


def test_an_unknown_locale_for_check(site: Site) -> None:
    run = newsgen("check", "--facts", str(site.facts), "--templates", str(site.templates),
                  "--locale", "xx")
    assert run.code == 2
    assert "error: --locale xx" in run.err


def test_a_facts_directory_that_does_not_exist(site: Site) -> None:
    missing = site.root / "no-such-facts"
    run = newsgen("render", "--facts", str(missing), "--templates", str(site.templates),
                  "--out", str(site.root / "other-out"), "--locale", "en")
    assert run.code == 2
    assert f"error: {missing}: no such directory" in run.err
    assert not (site.root / "other-out").exists()


def test_a_templates_directory_that_does_not_exist(site: Site) -> None:
    run = newsgen("check", "--facts", str(site.facts), "--templates",
                  str(site.root / "nope"))
    assert run.code == 2
    assert "no such directory" in run.err


def test_a_fact_path_that_does_not_exist(site: Site) -> None:
    missing = site.facts / "ucl-2019-20" / "2019-11-28-nobody-nowhere.yaml"
    run = site.render(str(missing))
    assert run.code == 2
    assert f"error: {missing}: no such file or directory" in run.err
    assert "Traceback" not in run.err


def test_an_unknown_length_exits_2() -> None:
    run = newsgen("render", "--length", "huge")
    assert run.code == 2


def test_an_unknown_length_is_explained_on_the_given_error_stream() -> None:
    """main(err=...) is where problems go; argparse writes to sys.stderr instead."""
    run = newsgen("render", "--length", "huge")
    assert "invalid choice: 'huge'" in run.err


def test_an_unknown_command_exits_2() -> None:
    assert newsgen("publish").code == 2


def test_explain_an_unknown_fixture(site: Site) -> None:
    run = newsgen("explain", "no-such-fixture", "--facts", str(site.facts), "--templates",
                  str(site.templates))
    assert run.code == 2
    assert "error: no-such-fixture: no such fixture" in run.err
    assert "Traceback" not in run.err


def test_explain_a_fixture_not_yet_played(site: Site) -> None:
    run = newsgen("explain", "2019-12-10-benfica-zenit", "--facts", str(site.facts),
                  "--templates", str(site.templates))
    assert run.code == 2
    assert "not yet played" in run.err


def test_explain_a_broken_fixture_names_its_problem(site: Site) -> None:
    site.edit(ZL_FILE, "score: 2-0", "score: 3-0")
    run = newsgen("explain", ZL, "--facts", str(site.facts), "--templates",
                  str(site.templates))
    assert run.code == 2
    assert_reported(run, f"{ZL_FILE}:12:5: fixture.events:", "expected 3-0")
    assert f"error: {ZL}: no such fixture" in run.err


def test_explain_a_good_fixture(site: Site) -> None:
    run = newsgen("explain", LN, "--facts", str(site.facts), "--templates",
                  str(site.templates), "--length", "headline")
    assert run.code == 0, run.err
    assert run.out.startswith(f"# {LN}")
