"""The ``newsgen import`` command: read the feed and the facts, call the importer, write.

A thin shell like the rest of the CLI: parsing is ``importer.py`` (pure), deciding and
writing files is ``writer.py``; this module reads files, runs the two and reports.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import UsageError
from .importer import Options, UnknownCompetition, Unreadable, build_index, import_feed
from .pipeline import find_dir
from .writer import IMPORT_STAMP, commit_files, import_state, plan_import


def fact_texts(root: Path) -> dict[str, str]:
    """Every YAML file under ``root`` that reads as UTF-8, by path relative to ``root``."""
    texts: dict[str, str] = {}
    for path in sorted(root.rglob("*.yaml")):
        try:
            texts[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # `newsgen check` reports it; the import cannot use what it holds
    return texts


def run_import(args: argparse.Namespace, err: TextIO) -> int:
    feed: Path = args.file
    if not feed.is_file():
        raise UsageError(f"{feed}: no such file")
    root = find_dir(args.facts, "facts")
    if args.timezone:
        try:
            ZoneInfo(args.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise UsageError(f"--timezone {args.timezone}: not a time zone, expected an IANA "
                             "name such as Europe/Paris") from None
    raw = feed.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problem = Unreadable(str(feed), line, "found bytes that are not UTF-8, expected a "
                             "UTF-8 text file; nothing imported")
        print(f"error: {problem}", file=err)
        return 1
    options = Options(args.competition, args.timezone)
    texts = fact_texts(root)
    # Pass 1 finds the files the feed leads to, reading the facts without any file an
    # earlier import wrote (edited or not), as if importing afresh.
    fresh = {k: v for k, v in texts.items() if not v.startswith(IMPORT_STAMP)}
    try:
        first = import_feed(text, str(feed), build_index(fresh), options)
    except UnknownCompetition as exc:
        raise UsageError(str(exc)) from None
    # Pass 2 reads every fact file except those this import may replace, so a file edited
    # by hand keeps its fixtures and its reference entries count as known.
    targets = set(first.files) | {first.stub_file}  # a stub file may have nothing left
    replaceable = {t for t in targets
                   if args.force or import_state(texts[t].encode() if t in texts else None)
                   != "edited"}
    result = import_feed(text, str(feed), build_index(
        {k: v for k, v in texts.items() if k not in replaceable}), options)
    plan = plan_import(root, result.files, targets, args.force)
    for problem in result.problems:
        print(f"error: {problem}", file=err)
    for note in result.notes:
        print(f"note: {note}", file=err)
    for path in plan.kept:
        print(f"warning: {path}: edited by hand (or not written by newsgen import); left "
              "alone, pass --force to replace it with the feed's version", file=err)
    verb = "would write" if args.dry_run else "wrote"
    done = "to write" if args.dry_run else "written"
    for path in sorted(plan.writes):
        print(f"{verb} {path}", file=err)
    for path in plan.removals:
        print(f"{'would remove' if args.dry_run else 'removed'} {path} (imported, untouched, "
              "and nothing of this feed belongs in it any more)", file=err)
    if not args.dry_run:
        commit_files(plan.writes, plan.removals)
    stubs = ", ".join(f"{len(ids)} {kind}" for kind, ids in result.stubs.items())
    print(f"newsgen import: {result.fixtures} fixture(s) from {feed} into {root}/ "
          f"({len(plan.writes)} file(s) {done}, {len(plan.unchanged)} unchanged, "
          f"{len(plan.kept)} left alone); stubs: {stubs}"
          + (f" in {root / result.stub_file}, to complete" if any(result.stubs.values())
             else "") + f"; {len(result.problems)} line(s) not read", file=err)
    return 1 if result.problems else 0
