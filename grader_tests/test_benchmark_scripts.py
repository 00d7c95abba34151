"""The benchmark scripts answer `--help` without running, and refuse an unknown option
(a newcomer's `--help` once started a minute of measuring)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "benchmarks").glob("*.py"))


def test_there_are_benchmark_scripts():
    assert {p.name for p in SCRIPTS} >= {"grading.py", "harness.py", "hidden_tests.py"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_help_describes_and_does_not_run(script):
    done = subprocess.run([sys.executable, str(script), "--help"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("usage:"), done.stdout + done.stderr
    assert len(done.stdout.splitlines()) >= 3, done.stdout  # a description, not only the usage line


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_an_unknown_option_is_refused(script):
    done = subprocess.run([sys.executable, str(script), "--no-such-option"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "unrecognized arguments: --no-such-option" in done.stderr, done.stderr
