"""Benchmark: how fast newsgen renders a synthetic season, stage by stage, in one run.

Run from the project root:  .venv/bin/python bench/bench.py [--quick] [--repeat N]

It writes a realistic synthetic season (bench/season.py: a 20-team league and a group
stage, every played fixture as rich as Liverpool-Napoli) into a temporary directory, then
prints, all from one run on one machine:

- documents per second per core, end to end in memory (parse → derive → plan → render),
  per length and for all four, for one locale and for every locale under templates/;
- the cost of each stage (load, derive, plan, render, write) and the ratio of
  derive + plan to the bare template render of the same plans;
- a whole season written to disk by ``newsgen render`` on all cores (manifest included);
- cold start: ``newsgen render`` of one fixture to stdout, the whole process;
- peak memory of ``newsgen render`` for 1,000 and 10,000 fixtures.

``--quick`` uses small sizes and one run per figure, so the test suite can run it.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from season import Season, write_season, write_templates  # noqa: E402

from newsgen.cli import facts_kept  # noqa: E402
from newsgen.derive import Derived, clear_caches, derive  # noqa: E402
from newsgen.document import render_fixture  # noqa: E402
from newsgen.facts import Loaded, load_directory  # noqa: E402
from newsgen.pipeline import check_templates  # noqa: E402
from newsgen.planner import LENGTHS, FullPlan, plan, view  # noqa: E402
from newsgen.realise import CACHE_VARIABLE, Realiser  # noqa: E402
from newsgen.writer import Writer  # noqa: E402

T = TypeVar("T")
LEAGUE_FIXTURES = 380  # a 20-team double round robin


def timed(fn: Callable[[], T], repeat: int,
          setup: Callable[[], object] | None = None) -> tuple[float, T]:
    """Best wall time of ``repeat`` runs (the least disturbed by other load), and a result;
    ``setup``, given, runs untimed before each (to start each run as cold as the first)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def season_at(facts: Path, **kwargs: int) -> Season:
    """A synthetic season in ``facts`` and, beside it, the templates whose lexicons know its
    names (``templates_for``)."""
    season = write_season(facts, **kwargs)
    write_templates(ROOT / "templates", templates_for(facts), season)
    return season


def templates_for(facts_dir: Path) -> Path:
    return facts_dir.parent / "templates"


def fresh_realiser(facts_dir: Path, loaded: Loaded) -> Realiser:
    return Realiser(templates_for(facts_dir), loaded.facts)


def played_ids(loaded: Loaded) -> list[str]:
    return [f.id for f in sorted(loaded.facts.fixtures.values(), key=lambda f: f.sort_key)
            if f.played]


def warm(realiser: Realiser, locales: Sequence[str]) -> None:
    """Build each locale's environment and compile its templates (once per run)."""
    for loc in locales:
        env = realiser.environment(loc)[0]
        for name in sorted(p.name for p in (realiser.templates / loc).glob("*.j2")):
            env.get_template(name)


def in_memory(facts_dir: Path, locales: Sequence[str], lengths: Sequence[str],
              repeat: int) -> tuple[float, int, float]:
    """Seconds for parse → derive → plan → render of every played fixture, documents made,
    and the seconds spent once per run building environments and compiling templates
    (not counted in the first figure: it does not grow with the number of documents)."""
    def run() -> tuple[float, int, float]:
        clear_caches()  # each run starts cold, as a fresh process would
        start = time.perf_counter()
        loaded = load_directory(facts_dir)
        loaded_at = time.perf_counter()
        realiser = fresh_realiser(facts_dir, loaded)
        warm(realiser, locales)
        warm_at = time.perf_counter()
        with facts_kept():  # as ``newsgen render`` runs: the collector leaves the facts be
            docs = sum(len(render_fixture(loaded.facts, i, realiser, locales, lengths))
                       for i in played_ids(loaded))
        end = time.perf_counter()
        return end - start - (warm_at - loaded_at), docs, warm_at - loaded_at
    run()  # imports and first-time costs outside the measurement
    return min((run() for _ in range(repeat)), key=lambda r: r[0])


def section(title: str) -> None:
    print(f"\n== {title} ==")


def end_to_end(facts_dir: Path, locales: list[str], repeat: int) -> None:
    section("end to end in memory, one core (parse → derive → plan → render)")
    print(f"{'locales':<22}{'length':<10}{'documents':>10}{'docs/s/core':>14}{'µs/doc':>9}")
    first = "en" if "en" in locales else locales[0]  # the reference locale
    groups = [[first]] + ([locales] if len(locales) > 1 else [])
    rates: dict[str, float] = {}
    for locs in groups:
        label = locs[0] if len(locs) == 1 else f"all {len(locs)} ({', '.join(locs)})"
        for lengths in [[length] for length in LENGTHS] + [list(LENGTHS)]:
            t, docs, setup = in_memory(facts_dir, locs, lengths, repeat)
            name = lengths[0] if len(lengths) == 1 else "all four"
            rates[f"{name}, {len(locs)} locale(s)"] = docs / t
            print(f"{label[:21]:<22}{name:<10}{docs:>10}{docs / t:>14,.0f}{t / docs * 1e6:>9.0f}")
    print(f"(not counted above: environments + template compile, once per run: "
          f"{setup * 1e3:.0f} ms for {len(groups[-1])} locale(s))")
    print("documents per second per core, end to end in memory: " +
          "; ".join(f"{k}: {v:,.0f}" for k, v in rates.items() if k.startswith(("short", "all"))))


def stages(facts_dir: Path, locales: list[str], repeat: int) -> None:
    section(f"cost by stage, all lengths, {len(locales)} locale(s)")
    t_load, loaded = timed(lambda: load_directory(facts_dir), repeat)
    t_parse = bare_parse(facts_dir, repeat)
    with facts_kept():  # as ``newsgen render`` runs: the collector leaves the facts be
        stages_of(facts_dir, loaded, locales, repeat, t_load, t_parse)


def stages_of(facts_dir: Path, loaded: Loaded, locales: list[str], repeat: int,
              t_load: float, t_parse: float) -> None:
    facts = loaded.facts
    ids = played_ids(loaded)
    realiser = fresh_realiser(facts_dir, loaded)

    def derive_all() -> list[Derived]:
        clear_caches()
        return [derive(facts, i) for i in ids]

    t_derive, derived = timed(derive_all, repeat)

    def plan_all() -> list[FullPlan]:
        return [plan(facts, i, derived=d) for i, d in zip(ids, derived, strict=True)]

    def derive_again() -> None:  # what plan keeps for a fact set or a table: let go
        derived[:] = derive_all()

    t_plan, plans = timed(plan_all, repeat, setup=derive_again)
    views = [view(p, length) for p in plans for length in LENGTHS]
    for loc in locales:  # compile the templates outside the measurement
        realiser.render(views[0], loc)
    t_render, _ = timed(lambda: [realiser.render(v, loc) for v in views for loc in locales],
                        repeat)
    docs = [d for i in ids for d in render_fixture(facts, i, realiser, locales)]
    with tempfile.TemporaryDirectory() as tmp:
        runs: list[Path] = []

        def write(out: Path) -> int:
            writer = Writer(out)
            writer.write(docs)
            writer.close()
            return len(writer.report.written) + len(writer.report.unchanged)

        def cold() -> int:  # each run into an empty directory of its own
            runs.append(Path(tmp) / f"cold-{len(runs)}")
            return write(runs[-1])
        t_write_cold, _ = timed(cold, repeat)
        t_write_warm, _ = timed(lambda: write(runs[-1]), repeat)  # the same again
    n_docs = len(views) * len(locales)
    print(f"fixtures: {len(ids)} played; documents: {n_docs}")
    print(f"{'stage':<28}{'total ms':>10}{'per fixture µs':>16}{'per document µs':>17}")
    parser = "C" if SAFE_LOADER.__name__.startswith("C") else "pure"
    rows = [("load (parse + validate)", t_load), (f"  PyYAML {parser} parse alone", t_parse),
            ("derive", t_derive), ("plan", t_plan),
            ("render (templates)", t_render), ("write (cold, all files)", t_write_cold),
            ("write (unchanged)", t_write_warm)]
    for name, t in rows:
        print(f"{name:<28}{t * 1e3:>10.1f}{t / len(ids) * 1e6:>16.0f}{t / n_docs * 1e6:>17.0f}")
    print(f"ratio (derive + plan) / render: {(t_derive + t_plan) / t_render:.2f} "
          f"({len(locales)} locale(s), four lengths; the render is the floor)")


def bare_parse(facts_dir: Path, repeat: int) -> float:
    """Seconds PyYAML's own loader (``SAFE_LOADER``) takes to parse the same files, already
    read, into plain data, with no check at all: what a load costs with PyYAML alone
    (newsgen's load also reads the files, keeps line numbers and checks every value, and
    reads most fact files without PyYAML: ``yamlsafe._quick``)."""
    texts = [p.read_bytes() for p in sorted(facts_dir.rglob("*.yaml"))]
    return timed(lambda: [yaml.load(t, Loader=SAFE_LOADER) for t in texts], repeat)[0]


# PyYAML's C loader where it was built with libyaml (the figure says which it timed)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def installed_env() -> dict[str, str]:
    """The environment of a process run as a newsroom runs newsgen: Python writes and reuses
    its bytecode (``.pyc``) whatever this shell says."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def newsgen(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsgen", *args], cwd=cwd,
                          capture_output=True, text=True, check=False, env=installed_env())


def has_jobs() -> bool:
    return "--jobs" in newsgen("render", "--help").stdout


def locale_args(locales: Sequence[str]) -> list[str]:
    return [arg for loc in locales for arg in ("--locale", loc)]


def warm_templates(facts: Path, locales: Sequence[str]) -> None:
    """Compile the templates once beforehand (newsgen's cache), as after a newsroom's first
    run: compiling all of them costs about a second (the cold-start figures show it) and
    more memory than rendering a season."""
    first = min((p for p in facts.rglob("*.yaml") if p.parent.name != "reference"
                 and p.name != "house.yaml"), default=None)
    if first is not None:
        newsgen("render", "--facts", str(facts), "--templates", str(templates_for(facts)),
                "--stdout", str(first), *locale_args(locales))


def season_to_disk(tmp: Path, quick: bool, locales: Sequence[str]) -> None:
    facts = tmp / "league" / "facts"
    season = season_at(facts, leagues=1, groups=0, unplayed_matchdays=0,
                       league_teams=4 if quick else 20)
    cores = os.cpu_count() or 1
    jobs = ["--jobs", str(cores)] if has_jobs() else []
    section(f"a season written to disk, all cores ({cores}), whole process")
    warm_templates(facts, locales)
    for label in ("cold (empty output directory)", "again (nothing changed)"):
        start = time.perf_counter()
        result = newsgen("render", "--facts", str(facts), "--out", str(tmp / "out"), *jobs,
                         "--templates", str(templates_for(facts)), *locale_args(locales))
        wall = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"newsgen render failed:\n{result.stderr}")
        files = sum(1 for p in (tmp / "out").rglob("*.md"))
        print(f"{label:<32}{season.played} fixtures, {files} files + manifest.json: "
              f"{wall:.2f} s{'' if jobs else ' (serial: no --jobs)'}")


def cold_start(repeat: int, locales: Sequence[str], tmp: Path) -> None:
    """Whole processes, as a newsroom runs them: Python writes and reuses its bytecode
    (``.pyc``) whatever this shell says, and the compiled templates come from newsgen's
    cache, except in the row that starts each run with an empty one (the first run after a
    template edit)."""
    fixture = "facts/ucl-2019-20/2019-11-27-liverpool-napoli.yaml"
    env = installed_env()
    env[CACHE_VARIABLE] = str(tmp / "cold-start-cache")
    section("cold start, whole process")
    render = ["-m", "newsgen", "render", fixture, "--stdout", *locale_args(locales)]
    rows = (("python -c pass", ["-c", "pass"], False),
            ("newsgen --version", ["-m", "newsgen", "--version"], False),
            (f"newsgen render {Path(fixture).name} --stdout", render, False),
            ("the same, templates not yet compiled", render, True))
    runs = max(repeat, 3)
    for label, args, empty in rows:
        best = float("inf")
        for i in range(runs + 1):  # the first run writes the bytecode and the cache
            if empty:
                env[CACHE_VARIABLE] = str(tmp / f"empty-cache-{i}")
            start = time.perf_counter()
            subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, check=True,
                           env=env)
            if i:
                best = min(best, time.perf_counter() - start)
        print(f"{label:<58}{best:>7.3f} s (best of {runs})")


# The peak of this process alone: Linux's VmHWM (its memory since exec). ``ru_maxrss`` also
# counts what the process was forked from (the bench, holding a whole season by then).
PEAK = """
import resource, sys
from newsgen.cli import main
code = main(sys.argv[1:])
try:
    with open("/proc/self/status") as status:
        print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
except (OSError, StopIteration):
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
sys.exit(code)
"""


def peak_memory(tmp: Path, sizes: Sequence[int], locales: Sequence[str]) -> None:
    section("peak memory of newsgen render, one process (--jobs 1), all locales and lengths")
    jobs = ["--jobs", "1"] if has_jobs() else []
    for size in sizes:
        leagues = max(1, round(size / LEAGUE_FIXTURES))
        teams = 20 if size >= LEAGUE_FIXTURES else max(4, int((size / 2) ** 0.5) + 1)
        facts = tmp / f"mem-{size}" / "facts"
        season = season_at(facts, leagues=leagues, groups=0, unplayed_matchdays=0,
                           league_teams=teams + teams % 2)
        warm_templates(facts, locales)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", PEAK, "render", "--facts", str(facts), "--out",
             str(facts.parent / "out"), "--templates", str(templates_for(facts)), *jobs,
             *locale_args(locales)],
            cwd=ROOT, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"newsgen render failed:\n{result.stderr}")
        kib = int(result.stdout.split()[-1])
        print(f"{season.played:>7,} fixtures: peak RSS {kib / 1024:7.1f} MiB "
              f"({kib * 1024 / season.played / 1024:,.1f} KiB per fixture), {wall:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best kept)")
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each")
    parser.add_argument("--memory", type=int, nargs="*", default=None, metavar="N",
                        help="fixture counts for the peak-memory figure (default 1000 10000)")
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    sizes = args.memory if args.memory is not None else ([12, 24] if args.quick
                                                          else [1000, 10000])
    scratch = tempfile.TemporaryDirectory()
    # compiled templates: a cache of this run's own, which every figure below reuses
    os.environ[CACHE_VARIABLE] = str(Path(scratch.name) / "template-cache")
    bundled = Realiser(ROOT / "templates", load_directory(ROOT / "facts").facts)
    problems = {loc: check_templates(bundled, [loc]) for loc in bundled.locales()}
    locales = [loc for loc, found in problems.items() if not found]
    for loc, found in problems.items():
        if found:  # a locale still being written (a macro missing) cannot render every plan
            print(f"locale {loc} left out: {found[0]}" +
                  (f" (and {len(found) - 1} more)" if len(found) > 1 else ""))
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}")
    print(f"command: .venv/bin/python bench/bench.py{' --quick' if args.quick else ''}")
    with scratch as tmp_name:
        tmp = Path(tmp_name)
        facts = tmp / "season" / "facts"
        season = season_at(facts, leagues=1, groups=8 if not args.quick else 2,
                           league_teams=20 if not args.quick else 4)
        print(f"season: {season.played} played fixtures ({', '.join(season.competitions)}); "
              f"locales: {', '.join(locales)}")
        end_to_end(facts, locales, repeat)
        stages(facts, locales, repeat)
        season_to_disk(tmp, args.quick, locales)
        cold_start(repeat, locales, tmp)
        peak_memory(tmp, sizes, locales)


if __name__ == "__main__":
    main()
