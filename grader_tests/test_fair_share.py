"""A student's kernel cannot starve a classmate graded at the same time (`course autograde
--jobs 2`, the real nbgrader): every sandbox has a cgroup of its own (course.grading.cgroups).

Mallory's notebook kernel (never her check processes) forks as many children as it can, each
of which calls os.setsid() and spins, then sleeps past `problem_timeout`, so that her kernel,
and its spinners, outlive her classmate's checks. In the root CPU cgroup each spinner's session
was a scheduler autogroup with a full share: a classmate's check process, graded by the other
worker, got ~1% of the CPU and was killed at its wall-clock bound (red-team pass atk22). In
cgroups, her spinners share one sandbox's weight (and are at most `Sandbox.process_limit`).

Alice hands in the reference solutions of one notebook, and is graded twice: in a class of her
own, and with Mallory graded beside her; her scores must be the same, cell for cell. The class's
`problem_timeout` is lowered to 20 s so that Mallory's kernel need only live 22 s (the test
takes ~1 min on 2 cores, 2 min with the machine's load average at 40): a check process of the
reference needs well under 2 CPU-s, which an equal share of a loaded machine gives it in far
less, and which 1% of two cores does not (with `c.Sandbox.cgroups = False` Alice lost 5 to 7
points of P01, three or four of its checks, to "stopped after 20 s", in each of two runs).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import ASSIGNMENT, Course, course_cmd, gradebook_state
from test_submissions import build_submission

from course.grading.cgroups import PARENT, hierarchies
from course.grading.scores import read_scores

pytestmark = pytest.mark.slow

NOTEBOOK = "1_easy.ipynb"
TIMEOUT = 20  # c.Sandbox.problem_timeout of this class, seconds

SPIN = f'''

import sys as _sys
if "ipykernel" in _sys.modules:  # the notebook's kernel only: never her check processes
    import os as _os, time as _time
    for _ in range(160):
        try:
            if _os.fork() == 0:
                _os.setsid()  # a session (so a scheduler autogroup) of its own
                _time.sleep(1)  # (the forks first, at full speed)
                while True:
                    pass
        except OSError:  # the sandbox's process cap: spin with those there are
            break
    _time.sleep({TIMEOUT + 2})  # under Execute.timeout (30 s): the kernel, and its spinners, live on
'''


def _class(prepared_course, path, students) -> Course:
    course = Course(path)
    shutil.copytree(prepared_course, course.path)
    with open(course.path / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.Sandbox.problem_timeout = {TIMEOUT}\n")
    for student, notebook in students.items():
        course.submit(student, {NOTEBOOK: notebook})
    return course


def _sandbox_cgroups() -> set[Path]:
    """The sandboxes' cgroups there are now (in the pids hierarchy), every grader's."""
    pids = next(h for h in hierarchies() if "pids" in h.controllers)
    parent = pids.parent / PARENT
    return {folder for folder in parent.iterdir() if folder.is_dir()} if parent.is_dir() else set()


def _left_by_the_dead(cgroups: set[Path]) -> list[Path]:
    """Those of `cgroups` still there whose grader (of this PID namespace) has ended."""
    namespace = str(os.stat("/proc/self/ns/pid").st_ino)
    left = []
    for folder in cgroups:
        owner, pid = folder.name.split(".")[:2]
        if owner == namespace and folder.exists() and not Path(f"/proc/{pid}").exists():
            left.append(folder)
    return left


def _graded(course: Course) -> dict:
    done = course_cmd(course, "autograde", "--jobs", "2")
    assert done.returncode == 0, f"course autograde failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return read_scores(course.path, ASSIGNMENT)


def test_a_kernel_of_setsid_spinners_leaves_a_classmates_scores_as_they_are(prepared_course, tmp_path):
    reference = build_submission(NOTEBOOK, {})
    mallory = build_submission(NOTEBOOK, {})
    for cell in mallory.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "p01_solution":
            cell.source += SPIN
    before = _sandbox_cgroups()
    alone = _graded(_class(prepared_course, tmp_path / "alone", {"b_alice": reference}))
    # Students are dealt to workers round-robin in sorted order: a_mallory to the first,
    # b_alice to the second, both graded from the start.
    beside = _class(prepared_course, tmp_path / "beside", {"a_mallory": mallory, "b_alice": reference})
    with_mallory = _graded(beside)
    alice = {notebook: {grade_id: (cell.score, cell.max_score) for grade_id, cell in cells.items()}
             for notebook, cells in with_mallory["b_alice"].items()}
    expected = {notebook: {grade_id: (cell.score, cell.max_score) for grade_id, cell in cells.items()}
                for notebook, cells in alone["b_alice"].items()}
    easy = expected[NOTEBOOK.removesuffix(".ipynb")]  # (her other notebooks are missing: 0)
    assert easy and all(score == most for score, most in easy.values()), easy
    assert alice == expected, f"Alice's scores changed with Mallory graded beside her: {alice} != {expected}"
    assert gradebook_state(beside)["a_mallory"] is not None
    # Every sandbox's cgroup went with it, Mallory's kernel's (spinners and all) included.
    assert not _left_by_the_dead(_sandbox_cgroups() - before)
