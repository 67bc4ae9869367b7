"""The commands as a newsroom uses them: explain, check, render of one file."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import FACTS, TEMPLATES

from newsgen.cli import Progress, main

LN = "2019-11-27-liverpool-napoli"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([*args, "--facts", str(FACTS), "--templates", str(TEMPLATES)], out=out,
                err=err)
    return code, out.getvalue(), err.getvalue()


def test_explain_shows_each_sentence_with_its_rule_and_facts() -> None:
    code, out, err = run("explain", LN, "--length", "short")
    assert code == 0, err
    assert "Table after the match (1. liverpool 10, 2. napoli 9" in out
    lede = next(line for line in out.splitlines() if line.startswith("- [lede → lede]"))
    assert "Liverpool" in lede and "Dejan Lovren" in lede and "1-1" in lede
    assert f"· fixture:{LN}/score" in out
    # derived facts are traced back to the facts they came from
    assert f"· derived:{LN}/table/genk  ← fixture:2019-09-17-napoli-liverpool" in out


def test_explain_accepts_a_fact_file(tmp_path: Path) -> None:
    code, out, _ = run("explain", str(FACTS / "ucl-2019-20" / f"{LN}.yaml"), "--length",
                       "headline")
    assert code == 0 and "Lovren header earns Liverpool 1-1 draw with Napoli" in out


def test_explain_refuses_a_file_of_many_fixtures() -> None:
    code, _, err = run("explain", str(FACTS / "ucl-2019-20" / "group-e.yaml"))
    assert code == 2 and "name one by id" in err


def test_check_passes_on_the_bundled_facts_and_writes_nothing() -> None:
    code, out, err = run("check")
    assert code == 0, err
    assert "0 problem(s)" in err and out == ""


def test_progress_bar_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    quiet = io.StringIO()
    bar = Progress(40, quiet, enabled=True)
    bar.step("x")
    assert quiet.getvalue() == ""  # not a terminal: logs stay clean
    tty = Tty()
    bar = Progress(40, tty, enabled=True)
    bar.step("2019-11-27-liverpool-napoli")
    assert "1/40" in tty.getvalue() and "[" in tty.getvalue()
    bar.close()
    small = Tty()
    Progress(3, small, enabled=True).step("x")
    assert small.getvalue() == ""  # a few fixtures need no bar


def test_a_template_typo_names_file_line_and_the_field_meant(tmp_path: Path) -> None:
    import shutil

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    messages = templates / "en" / "messages.md.j2"
    lines = messages.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("{% macro half_time(m)"))
    lines.insert(at + 1, "{{ m.goalles }}\n")
    messages.write_text("".join(lines), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--facts", str(FACTS), "--templates", str(templates)], out=out,
                err=err)
    assert code == 1
    assert f"en/messages.md.j2:{at + 2}: a 'half_time' message has no field 'goalles' " \
           "(did you mean 'goalless'?)" in err.getvalue()
    assert "Traceback" not in err.getvalue()



def test_explain_into_a_closed_pipe_is_quiet() -> None:
    """`newsgen explain … | head -1`: the reader stopped early; no traceback, exit 0."""

    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    err = io.StringIO()
    code = main(["explain", "2019-11-27-liverpool-napoli"], out=ClosedPipe(), err=err)
    assert code == 0 and err.getvalue() == ""
