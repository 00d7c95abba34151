"""What a visible check tells a student for the usual wrong answers (run as a notebook runs them:
the setup cell, the solution, then the visible test cell, in one `__main__`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
SUBMISSIONS = ROOT / "grader_tests" / "submissions"

#: A child Python: the setup cell, a stand-in for the given cells, the solution file, then the visible
#: test cell; prints what the check said (its failure, or its success line).
_RUN = """
import asyncio, sys, nbformat, __main__
cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in nbformat.read(sys.argv[1], 4).cells}
exec(cells["setup"], __main__.__dict__)
exec(sys.argv[2], __main__.__dict__)
exec(open(sys.argv[3]).read(), __main__.__dict__)
try:
    exec(cells[sys.argv[4]], __main__.__dict__)
except AssertionError as failure:
    print(failure)
"""

_P01_GIVEN = "async def simulated_io():\n    await asyncio.sleep(0.001)\n"


def _visible_check_says(notebook: str, given: str, submission: Path, cell: str) -> str:
    done = subprocess.run([sys.executable, "-c", _RUN, str(ROOT / "source" / "async_patterns" / notebook), given,
                           str(submission), cell], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


NEVER_ACQUIRED = "`lock`, the lock passed in, was never acquired"


@pytest.mark.parametrize("variant", ["buggy_own_lock", "buggy_no_lock"])
def test_p01_says_when_the_lock_passed_in_was_never_acquired(variant):
    # A new student's lock made inside `increment` got the very message a missing lock gets ("the counter
    # ended at 10"); it now says that the lock handed in was never used.
    said = _visible_check_says("1_easy.ipynb", _P01_GIVEN, SUBMISSIONS / "p01" / f"{variant}.py", "p01_test_visible")
    assert "3 tasks x 10 increments give exactly 30" in said and NEVER_ACQUIRED in said


def test_p01_says_so_when_the_lock_was_acquired_too_briefly():
    # A new student's lock around the write alone got only "the counter ended at 10".
    said = _visible_check_says("1_easy.ipynb", _P01_GIVEN, SUBMISSIONS / "p01" / "buggy_read_outside_lock.py",
                               "p01_test_visible")
    assert "the counter ended at" in said and NEVER_ACQUIRED not in said
    assert "`lock` was acquired: does each update hold it from its read of counter[0] to its write?" in said


def test_p06_blames_an_early_task_done_not_the_item_it_cut_short(tmp_path):
    # A new student's task_done() right after get(): join() returned while the last item was still
    # being processed, and the check said "results is [0, 1, 2, 3, 4]", as if item 5 had been lost.
    source = next(c.source for c in nbformat.read(ROOT / "source" / "async_patterns" / "2_medium.ipynb", 4).cells
                  if c.metadata.get("nbgrader", {}).get("grade_id") == "p06_solution")
    source = "\n".join(line for line in source.splitlines() if "### " not in line)
    early = source.replace("        await asyncio.sleep(0.005)\n        results.append(item)\n        queue.task_done()",
                           "        queue.task_done()\n        await asyncio.sleep(0.005)\n        results.append(item)")
    assert early != source
    (tmp_path / "early.py").write_text(early)
    said = _visible_check_says("2_medium.ipynb", "", tmp_path / "early.py", "p06_test_visible")
    assert "task_done() for an item comes once the item is processed" in said, said
    assert "results is" not in said, said
