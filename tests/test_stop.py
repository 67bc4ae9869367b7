"""A run stopped while it writes a fixture (Ctrl-C, SIGTERM from a service manager or from a
parallel run's pool) stops right after that fixture: never with some of its files renamed
and others not, nor temporary files left behind."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from newsgen import writer
from newsgen.document import Document

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(signal, "pthread_sigmask"),
                                reason="needs fork and signal masks (POSIX)")


def documents(text: str) -> list[Document]:
    return [Document.build("f", "en", length, f"en/f.{length}.md", {"title": text}, text)
            for length in ("headline", "brief", "short", "full")]


def stopped_while_writing(out: Path, sig: int) -> int:
    """Commit new documents in a child process that receives ``sig`` while it stages the
    second one; the child's exit status."""
    staged = writer._stage
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 3
        try:
            count = 0

            def stage(path: Path, data: bytes) -> Path:
                nonlocal count
                count += 1
                if count == 2:
                    os.kill(os.getpid(), sig)
                return staged(path, data)

            writer._stage = stage  # type: ignore[assignment]
            writer.commit(out, documents("new"))
            code = 0  # not reached when the signal stops the process
        except KeyboardInterrupt:
            code = 4
        finally:
            sys.stdout.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return status


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_waits_until_the_fixture_is_written(tmp_path: Path, sig: int) -> None:
    out = tmp_path / "out"
    writer.commit(out, documents("old"))
    status = stopped_while_writing(out, sig)
    if sig == signal.SIGTERM:
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM
    else:  # Python's own handler: KeyboardInterrupt, raised once the fixture is written
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 4
    files = sorted(p.name for p in (out / "en").iterdir())
    assert files == ["f.brief.md", "f.full.md", "f.headline.md", "f.short.md"]  # no .tmp
    for doc in documents("new"):
        assert (out / doc.path).read_bytes() == doc.data  # every file the new one


def test_signals_act_as_before_once_the_fixture_is_written(tmp_path: Path) -> None:
    before = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    writer.commit(tmp_path / "out", documents("x"))
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == before
