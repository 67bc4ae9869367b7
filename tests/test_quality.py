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
    result = _run("mypy", "newsgen", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def _quick_bench(script: str) -> subprocess.CompletedProcess[str]:
    """A benchmark script in quick mode (no thresholds: it must run and print its figures)."""
    result = subprocess.run([sys.executable, script, "--quick"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result


def test_benchmark_runs_in_quick_mode() -> None:
    result = _quick_bench("bench/bench.py")
    assert "documents per second" in result.stdout
    assert "ratio (derive + plan) / render" in result.stdout
    for section in ("end to end in memory", "cost by stage", "a season written to disk",
                    "cold start", "peak memory"):
        assert f"== {section}" in result.stdout, section
    for length in ("headline", "brief", "short", "full", "all four"):
        assert f" {length} " in result.stdout, length


def test_scenario_benchmark_runs_in_quick_mode() -> None:
    result = _quick_bench("bench/bench_scenarios.py")
    assert "two matches left (last round)" in result.stdout
    assert "[method points]; enumeration would rank" in result.stdout


def test_readme_opens_with_the_two_commands_ci_runs() -> None:
    """The README's first lines are the render and test commands; .ci/run runs the second."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = readme.index("```sh")
    render, tests = readme[start + 1], readme[start + 2]
    assert readme[start + 3] == "```"
    assert render.endswith("newsgen render") and "python3.11 -m venv" in render
    assert tests.endswith("python -m pytest")
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert all(not line.strip() or line.startswith("#") for line in readme[:start])


def test_fact_file_guide_example_is_the_bundled_file() -> None:
    guide = (ROOT / "docs" / "writing-fact-files.md").read_text(encoding="utf-8")
    example = (ROOT / "facts" / "ucl-2019-20" / "2019-11-27-liverpool-napoli.yaml")
    assert example.read_text(encoding="utf-8") in guide
