"""The command line: parse arguments, call the pipeline, turn errors into messages.

Exit codes: 0 ok, 1 content errors (facts or templates), 2 usage errors. Documents go to
files (or stdout with ``--stdout``); logs and problems go to stderr.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from . import __version__
from .derive import derive
from .document import Document, document_path
from .errors import FactError, NewsgenError, UsageError
from .facts import Loaded
from .incremental import Inputs, stale
from .parallel import Task, default_jobs, render_tasks
from .pipeline import Outcome, Selection, check_templates, find_dir, load, render_all, select
from .planner import LENGTHS, plan, view
from .realise import Realiser
from .roundup import roundup_keys
from .writer import (
    Committed,
    Writer,
    atomic_write,
    check_site_dir,
    commit,
    manifest_entry,
    pending,
    write_site,
)

if TYPE_CHECKING:
    from .preview import Site

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total, self.stream, self.count = total, stream, 0
        self.enabled = enabled and total >= 10 and stream.isatty()

    def step(self, label: str) -> None:
        self.count += 1
        if self.enabled:
            width = 30
            done = width * self.count // self.total
            self.stream.write(f"\r[{'#' * done}{'.' * (width - done)}] "
                              f"{self.count}/{self.total} {label[:40]:<40}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 90 + "\r")
            self.stream.flush()


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors become ``UsageError`` (printed by ``main``)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsgen", description="Football recaps from hand-curated facts, no LLM.")
    parser.add_argument("--version", action="version", version=f"newsgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                parser_class=_Parser)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--facts", type=Path, help="facts directory (default: ./facts)")
        p.add_argument("--templates", type=Path,
                       help="templates directory (default: ./templates)")

    render = sub.add_parser("render", help="render recaps into out/ (or to stdout)")
    render.add_argument("paths", nargs="*", type=Path, metavar="PATHS",
                        help="fact files or directories to render (default: all facts)")
    render.add_argument("--locale", action="append", metavar="LOCALE",
                        help="locale to render; repeat for several (default: all)")
    render.add_argument("--length", action="append", choices=LENGTHS,
                        help="length to render; repeat for several (default: all)")
    render.add_argument("--out", type=Path, default=Path("out"), help="output directory")
    render.add_argument("--stdout", action="store_true",
                        help="print the documents instead of writing files")
    render.add_argument("--strict", action="store_true",
                        help="a template missing in a locale is an error, not a fallback")
    render.add_argument("--jobs", type=int, metavar="N",
                        help="render on N cores (default: all cores; 1: serial)")
    render.add_argument("--all", action="store_true",
                        help="render every document again, not only those whose inputs "
                             "changed since the manifest was written")
    render.add_argument("--check", action="store_true",
                        help="render in memory and write nothing; exit 1 listing every file "
                             "that would change")
    render.add_argument("--dry-run", action="store_true",
                        help="list the files that would be written; write nothing")
    render.add_argument("--roundup", action="store_true",
                        help="write the matchday roundups (one story per competition and "
                             "date, brief and full) of the selected fixtures' days instead")
    common(render)

    check = sub.add_parser("check", help="validate facts and templates; write nothing")
    check.add_argument("--locale", action="append", metavar="LOCALE")
    common(check)

    reference = sub.add_parser(
        "reference", help="write the template context reference page (for translators)")
    reference.add_argument("--out", type=Path, default=Path("docs/template-context.md"),
                           help="file to write (default: docs/template-context.md; - for stdout)")
    common(reference)

    explain = sub.add_parser("explain", help="show the plan and the facts behind each sentence")
    explain.add_argument("fixture", help="fixture id (2019-11-27-liverpool-napoli) or file")
    explain.add_argument("--length", action="append", choices=LENGTHS)
    explain.add_argument("--locale", default="en")
    common(explain)

    feed = sub.add_parser("import", help="turn an openfootball feed into fact files")
    feed.add_argument("file", type=Path, metavar="FILE",
                      help="Football.TXT or football.json file")
    feed.add_argument("--facts", type=Path, help="facts directory (default: ./facts)")
    feed.add_argument("--competition", metavar="ID",
                      help="competition id (default: found from the feed's title)")
    feed.add_argument("--timezone", metavar="ZONE",
                      help="time zone of the feed's kick-off times, e.g. Europe/Paris "
                           "(default: each venue's local time)")
    feed.add_argument("--force", action="store_true",
                      help="replace files edited by hand since they were imported")
    feed.add_argument("--dry-run", action="store_true", help="say what would be written")
    preview = sub.add_parser("preview", help="build an HTML preview of every recap, or serve it")
    preview.add_argument("--out", type=Path, default=Path("out/preview"),
                         help="site directory, replaced whole (default: out/preview)")
    preview.add_argument("--serve", action="store_true",
                         help="serve on localhost and rebuild when facts or templates change")
    preview.add_argument("--port", type=int, default=8000, help="port for --serve (0: any)")
    common(preview)
    table = sub.add_parser("table", help="print a competition's tables and scenarios (Markdown)")
    table.add_argument("competition", help="competition id (ucl-2019-20)")
    table.add_argument("--after", metavar="DATE",
                       help="count results up to and including this date (YYYY-MM-DD)")
    table.add_argument("--facts", type=Path, help="facts directory (default: ./facts)")
    return parser


def _problems(err: TextIO, problems: Sequence[object]) -> None:
    for p in problems:
        print(f"error: {p}", file=err)


def _shared_problems(err: TextIO, shared: dict[str, list[str]]) -> None:
    """One line per distinct rendering error, with the fixtures it stopped."""
    for message, fixtures in shared.items():
        more = f" and {len(fixtures) - 3} more" if len(fixtures) > 3 else ""
        print(f"error: {message} (stopped {', '.join(fixtures[:3])}{more})", file=err)


def _locales(realiser: Realiser, asked: Sequence[str] | None) -> list[str]:
    known = realiser.locales()
    if not known:
        raise NewsgenError(f"{realiser.templates}: found no locale, expected folders such as "
                           f"{realiser.templates}/en/ holding templates and a lexicon.yaml")
    for loc in asked or ():
        if loc not in known:
            raise UsageError(f"--locale {loc}: no {realiser.root}/{loc}/ with a lexicon; known "
                             f"locales: {', '.join(known)}")
    return list(dict.fromkeys(asked)) if asked else known


def cmd_render(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    facts_dir = find_dir(args.facts, "facts", args.paths)
    loaded = load(facts_dir)
    with facts_kept():
        return _render(args, facts_dir, loaded, out, err)


@contextmanager
def facts_kept() -> Iterator[None]:
    """The facts live as long as the run: the collector need not walk them again and again,
    nor (after a fork) touch the pages that hold them; and since what a fixture makes is
    let go once it is written, collections can be rarer. As it was, afterwards."""
    threshold = gc.get_threshold()
    ours = gc.get_freeze_count() == 0  # never thaw what someone else froze
    if ours:
        gc.freeze()
    gc.set_threshold(10_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if ours:
            gc.unfreeze()


def _render(args: argparse.Namespace, facts_dir: Path, loaded: Loaded, out: TextIO,
            err: TextIO) -> int:
    realiser = Realiser(find_dir(args.templates, "templates"), loaded.facts)
    locales = _locales(realiser, args.locale)
    lengths = list(dict.fromkeys(args.length)) if args.length else list(LENGTHS)
    selection = select(loaded, facts_dir, args.paths)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: expected a number of cores, 1 or more")
    _problems(err, loaded.problems)
    if loaded.fatal:
        print("newsgen: nothing rendered", file=err)
        return EXIT_CONTENT
    if args.roundup:
        from .roundupcmd import render_roundups

        return render_roundups(args, loaded, selection, realiser, locales, out, err)
    if args.check or args.dry_run:
        return publish_check(args, loaded, selection, realiser, locales, lengths, out, err)
    writer = None if args.stdout else Writer(args.out)
    try:
        failed = _render_into(args, loaded, selection, realiser, locales, lengths, writer,
                              out, err)
    finally:
        if writer is not None:
            writer.close()
    if writer is not None:
        rep = writer.report
        fresh = f", {len(rep.skipped)} up to date" if rep.skipped else ""
        print(f"newsgen: {len(selection.fixtures) - failed} of {len(selection.fixtures)} "
              f"fixtures rendered into {args.out}/ ({len(rep.written)} written, "
              f"{len(rep.unchanged)} unchanged{fresh}); {len(selection.skipped)} not yet "
              "played", file=err)
        failed_ids = {f.fixture_id for f in loaded.failed if f.fixture_id}
        # a fixture that failed before its id could be read may own any of these documents
        unknown = any(f.fixture_id is None for f in loaded.failed)
        known = [*loaded.facts.fixtures, *failed_ids, *roundup_keys(loaded.facts)]
        for path in [] if unknown else writer.orphans(known):
            print(f"warning: {args.out / path}: its fixture is no longer in the facts "
                  "(renamed or re-dated?); left in place, remove it if it should go",
                  file=err)
    content_errors = bool(loaded.problems) or failed > 0
    if content_errors:
        print(f"newsgen: {len(loaded.problems)} problem(s) in the facts, {failed} fixture(s) "
              "not rendered; their previous output, if any, is untouched", file=err)
    return EXIT_CONTENT if content_errors else EXIT_OK


@dataclass(frozen=True, slots=True)
class Finished:
    """One fixture's documents written (in whichever process rendered them): what the
    manifest and the report need, the warnings to print, or why the write failed."""

    fixture: dict[str, Any]  # the manifest's record of the fixture: its file, its table
    committed: Committed | None
    warnings: tuple[str, ...]
    error: str | None = None


def _render_into(args: argparse.Namespace, loaded: Loaded, selection: Selection,
                 realiser: Realiser, locales: list[str], lengths: list[str],
                 writer: Writer | None, out: TextIO, err: TextIO) -> int:
    """Render the selection fixture by fixture; returns how many failed."""
    failed = 0
    shared: dict[str, list[str]] = {}
    inputs = Inputs(loaded.facts, realiser.templates)
    tasks, partial = plan_tasks(args, loaded, selection, inputs, locales, lengths, writer)
    progress = Progress(len(tasks), err, not args.stdout)

    def write(result: Outcome) -> Finished:
        """Done where the fixture was rendered, so its documents never travel."""
        assert writer is not None
        warnings = tuple(w for doc in result.documents for w in doc.warnings)
        keep = partial.get(result.fixture)  # None: every document rendered is wanted
        docs = [d for d in result.documents if keep is None or (d.locale, d.length) in keep]
        meta = {"file": inputs.file(result.fixture), "table": inputs.fixture(result.fixture)[1]}
        try:
            written = commit(writer.out, docs)
        except NewsgenError as exc:
            return Finished(meta, None, warnings, str(exc))
        entries = tuple(
            (d.path, manifest_entry(d, inputs.document(d.fixture, d.locale, d.length,
                                                       d.fallback)), fresh)
            for d, fresh in zip(docs, written, strict=True))
        return Finished(meta, Committed(entries), warnings)

    for result in render_tasks(loaded, tasks, realiser, args.strict,
                               args.jobs or default_jobs(),
                               finish=None if writer is None else write):
        progress.step(result.fixture)
        if result.error is not None:
            failed += 1
            if isinstance(result.error, FactError):
                progress.close()
                _problems(err, result.error.problems)
            else:  # a template error hits every fixture alike: say it once, at the end
                shared.setdefault(str(result.error), []).append(result.fixture)
            continue
        if writer is None:
            for doc in result.documents:
                for warning in doc.warnings:
                    print(f"warning: {warning}", file=err)
                out.write(doc.text)
                out.write("\n")
            continue
        done: Finished = result.finished
        for warning in done.warnings:
            print(f"warning: {warning}", file=err)
        if done.committed is None:
            failed += 1
            progress.close()
            print(f"error: {done.error}", file=err)
            continue
        writer.record_fixture(result.fixture, done.fixture)
        writer.record(done.committed)
    progress.close()
    _shared_problems(err, shared)
    return failed


def plan_tasks(args: argparse.Namespace, loaded: Loaded, selection: Selection,
               inputs: Inputs, locales: list[str], lengths: list[str],
               writer: Writer | None) -> tuple[list[Task], dict[str, frozenset[Any]]]:
    """What to render: every document, or (incremental, the default when writing files)
    only those whose inputs changed since the manifest was written; and, for a fixture
    whose task renders more documents than that (its locales times its lengths), the (locale,
    length) pairs wanted (kept only for those: a big run would hold every path)."""
    tasks: list[Task] = []
    partial: dict[str, frozenset[Any]] = {}
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    for fixture_id in selection.fixtures:
        fixture = loaded.facts.fixtures[fixture_id]
        if writer is None or args.all:
            todo = [(loc, length) for loc in locales for length in lengths]
        else:
            todo = stale(writer.entries, inputs, writer.out, fixture, locales, lengths)
            for loc in locales:
                for length in lengths:
                    if (loc, length) not in todo:
                        writer.report.skipped.append(document_path(fixture, loc, length))
        if todo:
            locs = tuple(dict.fromkeys(loc for loc, _ in todo))
            lens = tuple(dict.fromkeys(length for _, length in todo))
            # the same tuples for every fixture that wants the same (one task per fixture)
            task = Task(fixture_id, shared.setdefault(locs, locs),
                        shared.setdefault(lens, lens))
            if len(todo) < len(task.locales) * len(task.lengths):
                partial[fixture_id] = frozenset(todo)
            tasks.append(task)
    return tasks, partial


def publish_check(args: argparse.Namespace, loaded: Loaded, selection: Selection,
                  realiser: Realiser, locales: list[str], lengths: list[str], out: TextIO,
                  err: TextIO) -> int:
    """``render --check`` / ``--dry-run``: render in memory, compare with --out, write
    nothing. Lists every file that would be written (new or changed), one per line."""
    tasks = [Task(i, tuple(locales), tuple(lengths)) for i in selection.fixtures]
    failed = changed = total = 0
    shared: dict[str, list[str]] = {}
    for result in render_tasks(loaded, tasks, realiser, args.strict,
                               args.jobs or default_jobs()):
        if isinstance(result.error, FactError):
            failed += 1
            _problems(err, result.error.problems)
            continue
        if result.error is not None:
            failed += 1
            shared.setdefault(str(result.error), []).append(result.fixture)
            continue
        total += len(result.documents)
        changed += list_pending(args, result.documents, out)
    _shared_problems(err, shared)
    return check_verdict(args, changed, total, failed, loaded, err)


def list_pending(args: argparse.Namespace, docs: Sequence[Document], out: TextIO) -> int:
    """``--check`` / ``--dry-run``: print each document that would be new or changed in
    ``--out``, one per line; how many."""
    changed = 0
    for doc in docs:
        state = pending(args.out / doc.path, doc.data)
        if state is not None:
            changed += 1
            print(f"{args.out / doc.path} ({state})", file=out)
    return changed


def check_verdict(args: argparse.Namespace, changed: int, total: int, failed: int,
                  loaded: Loaded, err: TextIO) -> int:
    """The summary line and exit code of ``--check`` / ``--dry-run`` (recaps or roundups):
    1 for a content problem, or for ``--check`` with anything that would change."""
    verb = "would change" if args.check else "would be written"
    print(f"newsgen: {changed} of {total} files {verb} in {args.out}/; nothing written",
          file=err)
    if failed or loaded.problems:
        return EXIT_CONTENT
    return EXIT_CONTENT if args.check and changed else EXIT_OK


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    facts_dir = find_dir(args.facts, "facts")
    loaded = load(facts_dir)
    realiser = Realiser(find_dir(args.templates, "templates"), loaded.facts)
    locales = _locales(realiser, args.locale)
    problems: list[object] = list(loaded.problems)
    problems += check_templates(realiser, locales)
    played = [f.id for f in sorted(loaded.facts.fixtures.values(), key=lambda f: f.sort_key)
              if f.played]
    rendered = 0
    shared: dict[str, list[str]] = {}
    for result in render_all(loaded, played, realiser, locales):
        if isinstance(result.error, FactError):
            problems += result.error.problems
        elif result.error is not None:
            shared.setdefault(str(result.error), []).append(result.fixture)
        else:
            rendered += len(result.documents)
    _problems(err, [p for p in problems if str(p) not in shared])
    _shared_problems(err, shared)
    problems = list(dict.fromkeys(map(str, [*problems, *shared])))
    print(f"newsgen check: {len(loaded.facts.fixtures)} fixtures, {len(locales)} locale(s), "
          f"{rendered} documents rendered in memory, {len(problems)} problem(s)", file=err)
    return EXIT_CONTENT if problems else EXIT_OK


def cmd_explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from . import report

    path = Path(args.fixture)
    facts_dir = find_dir(args.facts, "facts", [path] if path.suffix == ".yaml" else [])
    loaded = load(facts_dir)
    facts = loaded.facts
    if path.suffix == ".yaml":
        ids = select(loaded, facts_dir, [path]).fixtures
        if len(ids) != 1:
            raise UsageError(f"{path}: holds {len(ids)} played fixtures; name one by id")
        fixture_id = ids[0]
    else:
        fixture_id = args.fixture
    if fixture_id not in facts.fixtures:
        _problems(err, loaded.problems)
        raise UsageError(f"{fixture_id}: no such fixture (ids look like "
                         "2019-11-27-liverpool-napoli)")
    if not facts.fixtures[fixture_id].played:
        raise UsageError(f"{fixture_id}: not yet played, nothing to explain")
    realiser = Realiser(find_dir(args.templates, "templates"), facts)
    _locales(realiser, [args.locale])
    d = derive(facts, fixture_id)
    full = plan(facts, fixture_id, derived=d)
    print(f"# {fixture_id}", file=out)
    if d.standing is not None:
        print("\nTable after the match (" + ", ".join(
            f"{r.position}. {r.team} {r.points}" for r in d.standing.table.rows) + ")",
            file=out)
        if d.standing.scenarios is not None:
            for line in report.explain_lines(d.standing.scenarios):
                print(line, file=out)
    for length in args.length or LENGTHS:
        p = view(full, length)
        print(f"\n## {length}", file=out)
        for message, sentence in realiser.sentences(p, args.locale):
            print(f"\n- [{message.rule} → {message.kind}] {sentence.strip()}", file=out)
            for fid in message.facts:
                sources = d.sources.get(fid)
                more = f"  ← {', '.join(sources)}" if sources else ""
                print(f"    · {fid}{more}", file=out)
    return EXIT_OK


def cmd_reference(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    loaded = load(find_dir(args.facts, "facts"))
    if loaded.problems:
        _problems(err, loaded.problems)
        return EXIT_CONTENT
    realiser = Realiser(find_dir(args.templates, "templates"), loaded.facts)
    from .reference import reference_page  # only this command needs it

    page = reference_page(realiser)
    if str(args.out) == "-":
        out.write(page)
    else:
        if args.out.is_dir():
            raise UsageError(f"--out {args.out}: a directory, expected a file")
        atomic_write(args.out, page.encode("utf-8"))
        print(f"newsgen reference: wrote {args.out}", file=err)
    return EXIT_OK


def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .importcmd import run_import

    return run_import(args, err)


def cmd_preview(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .preview import build_site  # the preview's modules load only for this command
    from .serve import serve

    facts_dir = find_dir(args.facts, "facts")
    templates_dir = find_dir(args.templates, "templates")
    check_site_dir(args.out)

    def build() -> Site:
        loaded = load(facts_dir)
        site = build_site(loaded, Realiser(templates_dir, loaded.facts))
        write_site(args.out, site.pages)
        return site

    if args.serve:
        if not 0 <= args.port <= 65535:
            raise UsageError(f"--port {args.port}: expected a port from 0 to 65535")
        try:
            serve(lambda: build().pages, [facts_dir, templates_dir], args.port, err)
        except OSError as exc:
            raise UsageError(f"--port {args.port}: cannot serve there ({exc.strerror}); "
                             "pass another --port") from None
        except KeyboardInterrupt:
            print("newsgen preview: stopped", file=err)
        return EXIT_OK
    site = build()
    _problems(err, site.problems)
    print(f"newsgen preview: {len(site.pages)} pages in {args.out}/ "
          f"(open {args.out / 'index.html'}); {len(site.problems)} problem(s)", file=err)
    return EXIT_CONTENT if site.problems else EXIT_OK


def cmd_table(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from . import report

    after = report.parse_date(args.after) if args.after is not None else None
    loaded = load(find_dir(args.facts, "facts"))
    if loaded.problems:
        _problems(err, loaded.problems)
        print("newsgen table: the facts have problems; no table printed", file=err)
        return EXIT_CONTENT
    reports = report.competition_report(loaded.facts, args.competition, after)
    out.write(report.markdown(reports, loaded.facts.competitions[args.competition], after))
    return EXIT_OK


COMMANDS = {"render": cmd_render, "check": cmd_check, "explain": cmd_explain,
            "reference": cmd_reference, "import": cmd_import, "preview": cmd_preview,
            "table": cmd_table}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None,
         err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help or --version, already printed
        return int(exc.code or 0)
    except UsageError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args, out, err)
    except UsageError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    except FactError as exc:
        _problems(err, exc.problems)
        return EXIT_CONTENT
    except NewsgenError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("newsgen: interrupted", file=err)
        return 130
    except BrokenPipeError:  # `newsgen explain … | head`: the reader stopped, nothing is wrong
        if out is sys.stdout:
            sys.stdout = None  # no flush error at exit
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
