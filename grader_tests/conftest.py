"""Fixtures for tests that grade real submissions with the real nbgrader CLI.

Every test works in a temporary copy of the course, so the repository is
never modified. `graded_course` copies a course prepared once per session
(release generated, gradebook created) to keep each test to one autograde.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from nbgrader.api import Gradebook, MissingEntry

from course.grading.parallel import nbgrader_env
from course.grading.rebuild_from_release import rebuild
from course.grading.scores import read_scores
from course.grading.settings import course_settings
from student_build import TEST_BINDER_REPO, StudentEnv, export

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "async_patterns"
SOURCE = ROOT / "source" / ASSIGNMENT
RELEASE = ROOT / "release" / ASSIGNMENT
NOTEBOOKS = sorted(p.name for p in SOURCE.glob("*.ipynb"))

# The slowest test files, slowest first (from CI's --durations): the test command's workers
# (pytest-xdist, --dist loadfile) take files in collection order (see pytest_configure), so these
# start at once instead of after the quick ones, and the run does not end on one of them begun late.
SLOWEST_FIRST = ("grader_tests/test_submissions.py", "course/tests/test_routes.py",
                 "grader_tests/test_instructor_guide.py", "grader_tests/test_isolation.py",
                 "grader_tests/test_lookahead.py", "grader_tests/test_integrity.py",
                 "grader_tests/test_browser.py", "grader_tests/test_fair_share.py",
                 "grader_tests/test_parallel_autograde.py", "grader_tests/test_routes_graded.py",
                 "grader_tests/test_student_export.py", "grader_tests/test_server_gradebook.py")


def pytest_configure(config) -> None:
    """Keep the files' order for pytest-xdist's workers: since xdist 3.6, `--dist loadfile` hands
    out the files with the most tests first (`--loadscope-reorder`, on by default), which sent the
    slowest files, each a few tests around one graded class, last: CI's run ended on them, with
    one core idle (68 CPU-minutes in 48 minutes on 2 cores, 2026-12-06)."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto`: one worker more than the machine has cores. A grading test spends much of its
    time waiting (a kernel or a sandbox starting, nbgrader's own start-up, a bound waited out),
    so on 2 cores two workers leave part of a core idle (CI's log: 1.36 cores busy on average)."""
    return (os.cpu_count() or 1) + 1


def pytest_collection_modifyitems(session, config, items) -> None:
    """Put the files of SLOWEST_FIRST first, in that order (the rest keep theirs)."""
    rank = {path: i for i, path in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


def nbgrader(course: Path, *args: str, check: bool = True, env: dict[str, str] | None = None
             ) -> subprocess.CompletedProcess:
    """Run the real nbgrader CLI in `course`; unless `check` is False, fail the test with its log if it fails.
    `env`: variables to set for it (TMPDIR, say), on top of this process's own."""
    env = {**nbgrader_env(), **(env or {})}  # (with this Python's scripts on PATH: nbgrader runs `alembic`, `jupyter`)
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=1200)  # (a hang guard only)
    if check and done.returncode != 0:
        pytest.fail(f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def copy_course(dest: Path) -> Path:
    """A fresh course directory with the repository's config, source/ and release/."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "nbgrader_config.py", dest)
    shutil.copytree(ROOT / "source", dest / "source")
    shutil.copytree(ROOT / "release", dest / "release")
    return dest


@pytest.fixture(scope="session")
def prepared_course(tmp_path_factory) -> Path:
    """A course copy where generate_assignment has run (so the gradebook knows the cells)."""
    course = copy_course(tmp_path_factory.mktemp("prepared") / "course")
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    return course


class Course:
    """A temporary course directory to submit notebooks into and autograde."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def submit(self, student: str, notebooks: dict[str, nbformat.NotebookNode | Path]) -> None:
        folder = self.path / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        for name, nb in notebooks.items():
            if isinstance(nb, Path):
                shutil.copy2(nb, folder / name)
            else:
                nbformat.write(nb, folder / name)

    def autograde(self, *extra: str, check: bool = True, env: dict[str, str] | None = None):
        """Autograde every submission; `check=False` accepts nbgrader's exit 1 when some failed."""
        self.last = nbgrader(self.path, "autograde", ASSIGNMENT, *extra, check=check, env=env)
        return read_scores(self.path, ASSIGNMENT)

    def graded_notebook(self, student: str, name: str) -> nbformat.NotebookNode:
        return nbformat.read(self.path / "autograded" / student / ASSIGNMENT / name, as_version=4)


def course_cmd(course: Course, *args: str) -> subprocess.CompletedProcess:
    """Run the course's own CLI (`course ...`) in `course`."""
    return subprocess.run([sys.executable, "-m", "course.tools.cli", *args], cwd=course.path,
                          capture_output=True, text=True, timeout=900)


def gradebook_state(course: Course) -> dict:
    """Everything nbgrader autograde writes to the course's gradebook (at its db_url), per student."""
    db_url, course_id = course_settings(course.path)
    state = {}
    with Gradebook(db_url, course_id) as gb:
        for student in gb.students:
            try:
                submission = gb.find_submission(ASSIGNMENT, student.id)
            except MissingEntry:
                state[student.id] = None
                continue
            state[student.id] = {
                "timestamp": submission.timestamp,
                "notebooks": {nb.name: {
                    "late": nb.late_submission_penalty,
                    "grades": {g.name: (g.auto_score, g.manual_score, g.needs_manual_grade) for g in nb.grades},
                    "comments": {c.name: (c.auto_comment, c.manual_comment) for c in nb.comments},
                } for nb in submission.notebooks},
            }
    return state


@pytest.fixture
def graded_course(prepared_course, tmp_path) -> Course:
    path = tmp_path / "course"
    shutil.copytree(prepared_course, path)
    return Course(path)


def with_reference_solutions(name: str) -> nbformat.NotebookNode:
    """Release notebook `name` with the reference solution cells of source/ pasted in,
    as a student who solved every problem would hand it in."""
    filled, _ = rebuild(load(RELEASE / name), load(SOURCE / name))
    return filled


@pytest.fixture(scope="session")
def student_env(tmp_path_factory) -> StudentEnv:
    """A fresh student export, built into an environment the way Binder builds it (about 1 min)."""
    base = tmp_path_factory.mktemp("student")
    done = export(ROOT, base / "export", "--binder-repo", TEST_BINDER_REPO)
    if done.returncode != 0:
        pytest.fail(f"course export-student failed:\n{done.stdout}\n{done.stderr}")
    return StudentEnv.build(base / "export", base / "env")


def cells_by_grade_id(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}


def load(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def error_text(cell: nbformat.NotebookNode) -> str:
    """The error a graded cell showed, as plain text (for assertion messages)."""
    return "\n".join(f"{o.get('ename')}: {o.get('evalue')}" for o in cell.get("outputs", [])
                     if o.get("output_type") == "error")


def dumps(obj) -> str:
    return json.dumps(obj, indent=1, default=str)
