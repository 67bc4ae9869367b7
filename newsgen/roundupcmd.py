"""``newsgen render --roundup``: write the matchday roundups (``roundup.py``) of the selected
fixtures' days, through the same writer and manifest as the recaps."""

from __future__ import annotations

import argparse
from typing import TextIO

from .cli import EXIT_CONTENT, EXIT_OK, check_verdict, list_pending
from .errors import NewsgenError, UsageError
from .facts import Loaded
from .pipeline import Selection, tainted
from .realise import Realiser
from .roundup import ROUNDUP_LENGTHS, Day, matchdays, roundup_documents
from .writer import Writer


def _held_back(loaded: Loaded, day: Day) -> str | None:
    """Why a day's roundup cannot be told whole: a match of it, or a result its tables
    need, did not validate."""
    prefix = day.date.isoformat()
    broken = [f for f in loaded.failed if f.fixture_id is None
              or f.fixture_id.startswith(prefix)]
    if broken:
        where = ", ".join(f"{f.file}:{f.line}" for f in broken)
        return f"a fixture of that day may not have validated: {where}"
    for fixture_id in day.fixtures:
        error = tainted(loaded, loaded.facts.fixtures[fixture_id])
        if error is not None:
            return f"{fixture_id}: {error}"
    return None


def render_roundups(args: argparse.Namespace, loaded: Loaded, selection: Selection,
                    realiser: Realiser, locales: list[str], out: TextIO,
                    err: TextIO) -> int:
    asked = list(dict.fromkeys(args.length)) if args.length else list(ROUNDUP_LENGTHS)
    lengths = [n for n in asked if n in ROUNDUP_LENGTHS]
    if not lengths:
        raise UsageError(f"--roundup: found --length {', '.join(asked)}, expected "
                         f"{' or '.join(ROUNDUP_LENGTHS)} (a roundup has no other length)")
    days = matchdays(loaded.facts, selection.fixtures)
    writer = None if args.stdout or args.check or args.dry_run else Writer(args.out)
    failed = changed = total = 0
    try:
        for day in days:
            reason = _held_back(loaded, day)
            if reason is not None:
                failed += 1
                print(f"error: {day.key}: held back, {reason}", file=err)
                continue
            try:
                docs = roundup_documents(loaded.facts, realiser, [day], locales, lengths)
            except NewsgenError as exc:
                failed += 1
                print(f"error: {day.key}: {exc}", file=err)
                continue
            if args.strict and any(d.fallback for d in docs):
                failed += 1
                print(f"error: {docs[0].warnings[0] if docs[0].warnings else day.key} "
                      "(--strict)", file=err)
                continue
            for doc in docs:
                for warning in doc.warnings:
                    print(f"warning: {warning}", file=err)
            total += len(docs)
            if args.stdout:
                for doc in docs:
                    out.write(doc.text)
                    out.write("\n")
            elif writer is None:  # --check / --dry-run
                changed += list_pending(args, docs, out)
            else:
                writer.write(docs)
    finally:
        if writer is not None:
            writer.close()
    if writer is not None:
        rep = writer.report
        print(f"newsgen: {len(days) - failed} of {len(days)} roundups rendered into "
              f"{args.out}/ ({len(rep.written)} written, {len(rep.unchanged)} unchanged)",
              file=err)
    elif not args.stdout:
        return check_verdict(args, changed, total, failed, loaded, err)
    return EXIT_CONTENT if failed or loaded.problems else EXIT_OK
