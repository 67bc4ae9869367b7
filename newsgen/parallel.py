"""Rendering on several cores: the same outcomes, in the same order, as a serial run.

Workers are forked from the process that loaded the facts and compiled the templates, so
they start with both; each renders whole fixtures and hands each fixture's documents to the
run's ``finish`` step (writing them, for ``render``), sending back only what that step
returns; without one, the documents themselves. The parent receives the outcomes in the
order of the tasks, so files and manifest are byte-identical to a serial run. Where
``fork`` is not available the run is serial.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import FactError, NewsgenError, Problem
from .facts import Loaded
from .pipeline import Outcome, render_all
from .realise import Realiser

MIN_PER_JOB = 4  # fewer fixtures than this per core: a pool costs more than it saves


@dataclass(frozen=True, slots=True)
class Task:
    fixture: str
    locales: tuple[str, ...]
    lengths: tuple[str, ...]


_STATE: dict[str, Any] = {}  # what forked workers inherit


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        (os.cpu_count() or 1)


def _render(task: Task) -> Outcome:
    loaded, realiser, strict = _STATE["loaded"], _STATE["realiser"], _STATE["strict"]
    outcome = next(render_all(loaded, [task.fixture], realiser, task.locales, task.lengths,
                              strict))
    return _finish(outcome, _STATE["finish"])


def _finish(outcome: Outcome, finish: Callable[[Outcome], Any] | None) -> Outcome:
    """The outcome with the finish step done: its result kept, the documents let go."""
    if finish is None or outcome.error is not None:
        return outcome
    return Outcome(outcome.fixture, (), None, finish(outcome))


def _portable(outcome: Outcome) -> tuple[Outcome, tuple[Problem, ...] | None, str | None]:
    """An outcome whose error survives pickling (error classes take other arguments)."""
    err = outcome.error
    if err is None:
        return outcome, None, None
    bare = Outcome(outcome.fixture, outcome.documents, None, outcome.finished)
    if isinstance(err, FactError):
        return bare, tuple(err.problems), None
    return bare, None, str(err)


def _work(task: Task) -> tuple[Outcome, tuple[Problem, ...] | None, str | None]:
    return _portable(_render(task))


def _restore(item: tuple[Outcome, tuple[Problem, ...] | None, str | None]) -> Outcome:
    outcome, problems, message = item
    if problems is not None:
        return Outcome(outcome.fixture, outcome.documents, FactError(problems),
                       outcome.finished)
    if message is not None:
        return Outcome(outcome.fixture, outcome.documents, NewsgenError(message),
                       outcome.finished)
    return outcome


def warm(realiser: Realiser, locales: Sequence[str]) -> None:
    """Build every environment and compile every template once, before workers fork."""
    for locale in dict.fromkeys([*locales, "en"]):
        try:
            env = realiser.environment(locale)[0]
            for path in sorted((realiser.templates / locale).glob("*.j2")):
                env.get_template(path.name)
        except Exception:
            continue


def render_tasks(loaded: Loaded, tasks: Sequence[Task], realiser: Realiser,
                 strict: bool = False, jobs: int = 1,
                 finish: Callable[[Outcome], Any] | None = None) -> Iterator[Outcome]:
    """The outcome of each task, in order, rendered on up to ``jobs`` cores.

    ``finish``, given, is called with each rendered fixture's outcome where it was rendered
    (in a worker, on several cores); the outcome then carries its result in ``finished``
    and no documents, so neither the documents nor their bytes cross between processes or
    pile up in memory.
    """
    serial = jobs <= 1 or len(tasks) < MIN_PER_JOB * 2
    if not serial:
        import multiprocessing  # only for a batch worth sharing out: its import is slow

        serial = "fork" not in multiprocessing.get_all_start_methods()
    if serial:
        for task in tasks:
            for outcome in render_all(loaded, [task.fixture], realiser, task.locales,
                                      task.lengths, strict):
                yield _finish(outcome, finish)
        return
    warm(realiser, sorted({loc for t in tasks for loc in t.locales}))
    _STATE.update(loaded=loaded, realiser=realiser, strict=strict, finish=finish)
    jobs = min(jobs, len(tasks) // MIN_PER_JOB)
    # small chunks: a fixture takes about 10 ms and its result is a few entries, so sending
    # them costs little, and the last chunks leave a core idle for less at the end; a
    # matchday's fixtures are then shared out more, so each worker works out more of the
    # same tables (derive is about 2% of a fixture's time)
    chunk = max(1, min(4, len(tasks) // (jobs * 8)))
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for item in pool.imap(_work, tasks, chunksize=chunk):
                yield _restore(item)
            # every task done: the workers finish on their own, never stopped mid-write (the
            # pool's exit would stop them with SIGTERM); only a run that fails is stopped so
            pool.close()
            pool.join()
    finally:
        _STATE.clear()
