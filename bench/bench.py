"""Benchmark: documents per second and the cost of each pipeline stage, side by side.

Run from the project root:  .venv/bin/python bench/bench.py [--repeat N] [--quick]

Every figure comes from one run on one machine, so the ratios compare like with like:
load (YAML parse + validation), derive, plan, render (templates) and write, per fixture
and per document, and derive + plan as a ratio of the bare template render they feed.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from newsgen.derive import Derived, clear_caches, derive
from newsgen.document import Document, render_fixture
from newsgen.facts import load_directory
from newsgen.planner import LENGTHS, plan, view
from newsgen.realise import Realiser
from newsgen.writer import Writer

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def timed(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Best wall time of ``repeat`` runs (the least disturbed by other load), and a result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (best kept)")
    parser.add_argument("--quick", action="store_true", help="one run, for CI smoke tests")
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    facts_dir, templates = ROOT / "facts", ROOT / "templates"

    t_load, loaded = timed(lambda: load_directory(facts_dir), repeat)
    facts = loaded.facts
    ids = sorted(f.id for f in facts.fixtures.values() if f.played)
    realiser = Realiser(templates, facts)
    locales = realiser.locales()

    def derive_all() -> list[Derived]:
        clear_caches()  # each run starts cold, as a fresh process would
        return [derive(facts, i) for i in ids]

    t_derive, derived = timed(derive_all, repeat)
    t_plan, plans = timed(lambda: [plan(facts, i, derived=d) for i, d in zip(ids, derived,
                                                                             strict=True)],
                          repeat)
    views = [view(p, length) for p in plans for length in LENGTHS]
    for v in views[:4]:  # compile the templates outside the measurement
        realiser.render(v, locales[0])
    t_render, _ = timed(lambda: [realiser.render(v, loc) for v in views for loc in locales],
                        repeat)
    docs_per_run = len(views) * len(locales)
    def end_to_end() -> list[Document]:
        clear_caches()
        return [d for i in ids for d in render_fixture(facts, i, realiser, locales)]

    t_e2e, docs = timed(end_to_end, repeat)
    with tempfile.TemporaryDirectory() as tmp:
        def write() -> int:
            writer = Writer(Path(tmp))
            writer.write(docs)
            writer.close()
            return len(writer.report.written) + len(writer.report.unchanged)
        t_write_cold, _ = timed(write, 1)
        t_write_warm, _ = timed(write, repeat)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.system()}")
    print(f"fixtures: {len(ids)} played; locales: {', '.join(locales)}; "
          f"documents per run: {docs_per_run}")
    print(f"{'stage':<28}{'total ms':>10}{'per fixture µs':>16}{'per document µs':>17}")
    rows = [("load (parse + validate)", t_load), ("derive", t_derive), ("plan", t_plan),
            ("render (templates)", t_render), ("end to end in memory", t_e2e),
            ("write (cold, all files)", t_write_cold), ("write (unchanged)", t_write_warm)]
    for name, t in rows:
        print(f"{name:<28}{t * 1e3:>10.1f}{t / len(ids) * 1e6:>16.0f}"
              f"{t / docs_per_run * 1e6:>17.0f}")
    print(f"documents per second, one core, end to end in memory: {docs_per_run / t_e2e:,.0f}")
    print(f"ratio (derive + plan) / render: {(t_derive + t_plan) / t_render:.2f}")


if __name__ == "__main__":
    main()
