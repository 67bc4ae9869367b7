"""The code stays ruff clean and mypy strict, and the benchmark still runs (quick mode)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, check=False)


def test_ruff_clean() -> None:
    result = _run("ruff", "check", "newsgen", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = _run("mypy", "newsgen")
    assert result.returncode == 0, result.stdout + result.stderr


def test_benchmark_runs_in_quick_mode() -> None:
    result = subprocess.run([sys.executable, "bench/bench.py", "--quick"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "documents per second" in result.stdout
    assert "ratio (derive + plan) / render" in result.stdout
