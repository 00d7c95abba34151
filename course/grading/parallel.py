"""Autograde a class on every core, with the real `nbgrader autograde`.

nbgrader grades one student after another in one process. Here the class is
split among `jobs` workers (students dealt round-robin, in sorted order);
each worker is a temporary copy of the course (config, source/, release/,
the gradebook, its students' submitted/ and autograded/ folders) in which
the unmodified `nbgrader autograde <assignment>` runs, with its own kernels
and its own SQLite gradebook. When a worker finishes, its results are
brought home, one worker at a time: each student's autograded/ folder
replaces the course's, and their scores are copied into the course
gradebook through nbgrader's Gradebook API (`course.grading.merge`). So the
course ends exactly as if `nbgrader autograde` had run there, which
grader_tests/test_parallel_autograde.py checks score for score.

Why copies and not one shared SQLite file: nbgrader opens, writes and
commits the gradebook many times per notebook. SQLite serialises writers
with a file lock, and a writer that waits longer than the busy timeout gets
"database is locked"; nbgrader's converter catches that OperationalError,
drops the student's graded notebooks and stops the whole run. Rather
than rely on timing (grading machines are busy), each worker has its own
file and the merge is done by one process. With a server database
(`c.CourseDirectory.db_url = "postgresql+psycopg://..."` in nbgrader_config.py),
concurrent writers are the server's job: workers then write to it directly
and nothing is merged (grader_tests/test_server_gradebook.py does it on PostgreSQL).
"""

from __future__ import annotations

import fnmatch
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.utils import parse_utc

from .merge import copy_autograde_results
from .settings import course_settings, is_sqlite, sqlite_path


@dataclass
class WorkerResult:
    index: int
    students: list[str]
    returncode: int
    seconds: float
    log: str
    errors: list[str] = field(default_factory=list)
    #: Log lines at or above the level asked for (nbgrader's warnings: a restored cell, a
    #: killed problem, an unisolated run): what the instructor must see.
    notices: list[str] = field(default_factory=list)
    #: Students nbgrader skipped: already graded, and their submission no newer (see --force).
    skipped: list[str] = field(default_factory=list)


@dataclass
class ClassResult:
    students: list[str]
    workers: list[WorkerResult]
    seconds: float
    merged: int

    @property
    def skipped(self) -> list[str]:
        """Students left as they were (already graded; `force` regrades them)."""
        return sorted(student for w in self.workers for student in w.skipped)

    @property
    def ok(self) -> bool:
        return all(w.returncode == 0 for w in self.workers)


def usable_cores() -> int:
    """Cores this process may run on (a container or taskset may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def split_students(students: list[str], jobs: int) -> list[list[str]]:
    """Round-robin over sorted ids: each worker gets a similar mix of the class."""
    students = sorted(students)
    jobs = max(1, min(jobs, len(students)))
    return [students[i::jobs] for i in range(jobs)]


def submitted_students(course_dir: Path, assignment: str, pattern: str = "*") -> list[str]:
    """Students with a submitted/<student>/<assignment>/ folder, matching `pattern` (a glob, as nbgrader's --student)."""
    root = Path(course_dir) / "submitted"
    return sorted(p.parent.name for p in root.glob(f"*/{assignment}")
                  if p.is_dir() and fnmatch.fnmatchcase(p.parent.name, pattern))


def nbgrader_env() -> dict[str, str]:
    """This process's environment for an nbgrader command, with this Python's scripts folder first on PATH: nbgrader
    runs `jupyter` and `alembic` as commands (a gradebook's first use runs `alembic heads`), and a course installed in
    a virtualenv that is not activated has them only there."""
    return dict(os.environ, PATH=os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))


def _prepare_worker(course_dir: Path, folder: Path, assignment: str, students: list[str],
                    gradebook: Path | None) -> None:
    folder.mkdir(parents=True)
    shutil.copy2(course_dir / "nbgrader_config.py", folder)
    for name in ("source", "release"):
        if (course_dir / name / assignment).is_dir():
            shutil.copytree(course_dir / name / assignment, folder / name / assignment)
    if gradebook is not None:
        shutil.copy2(gradebook, folder / "gradebook.db")
    for student in students:
        for kind in ("submitted", "autograded"):
            here = course_dir / kind / student / assignment
            if here.is_dir():  # autograded/ too: nbgrader skips what is already graded, as at home
                shutil.copytree(here, folder / kind / student / assignment, symlinks=True)


def _run_worker(index: int, course_dir: Path, assignment: str, students: list[str], folder: Path,
                gradebook: Path | None, force: bool, log_level: str) -> WorkerResult:
    _prepare_worker(course_dir, folder, assignment, students, gradebook)
    # At least INFO, where nbgrader says which students it skipped; what is shown is filtered
    # to the level asked for (`notices`).
    asked = _LEVELS.get(log_level.upper(), logging.WARNING)
    command = [sys.executable, "-m", "nbgrader", "autograde", assignment,
               f"--CourseDirectory.root={folder}", f"--log-level={'INFO' if asked >= logging.INFO else 'DEBUG'}"]
    if gradebook is not None:
        command.append(f"--CourseDirectory.db_url=sqlite:///{folder / 'gradebook.db'}")
    if force:
        command.append("--force")
    start = time.perf_counter()
    done = subprocess.run(command, cwd=folder, env=nbgrader_env(), capture_output=True, text=True)
    log = done.stdout + done.stderr
    lines = log.splitlines()
    errors = [line for line in lines if "ERROR" in line]
    notices = [line for line in lines if (level := _level_of(line)) is not None and level >= asked]
    skipped = [Path(match.group(1).strip()).parent.name for match in _SKIPPED.finditer(log)]
    return WorkerResult(index, students, done.returncode, time.perf_counter() - start, log, errors, notices,
                        skipped)


_LEVELS = {"DEBUG": logging.DEBUG, "INFO": logging.INFO, "WARN": logging.WARNING, "WARNING": logging.WARNING,
           "ERROR": logging.ERROR, "CRITICAL": logging.CRITICAL}
# nbgrader's log lines: "[AutogradeApp | WARNING] ..."; the skip note names the autograded folder.
_LINE_LEVEL = re.compile(r"^\[[^\]|]+\|\s*(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s*\]")
_SKIPPED = re.compile(r"Skipping existing assignment: (.+)$", re.MULTILINE)


def _level_of(line: str) -> int | None:
    match = _LINE_LEVEL.match(line)
    return _LEVELS[match.group(1)] if match else None


def _timestamp(folder: Path):
    """The time in `folder`/timestamp.txt, as nbgrader reads it (None if absent, empty or unreadable)."""
    try:
        text = (folder / "timestamp.txt").read_text().strip()
        return parse_utc(text) if text else None
    except (OSError, ValueError):
        return None


def already_graded(course_dir: Path, assignment: str, students: list[str]) -> list[str]:
    """The students `nbgrader autograde` (without --force) will skip, by its own rule
    (`BaseConverter.init_destination`): their autograded/ folder exists, and their submission
    is not newer than it (both folders' timestamp.txt). Said before grading starts; nbgrader
    still decides, and the end of the run names those it did skip."""
    skipped = []
    for student in students:
        graded = Path(course_dir) / "autograded" / student / assignment
        if not graded.exists():
            continue
        new, old = _timestamp(Path(course_dir) / "submitted" / student / assignment), _timestamp(graded)
        if not (new is not None and old is not None and new > old):
            skipped.append(student)
    return skipped


def _bring_home(course_dir: Path, folder: Path, assignment: str, result: WorkerResult,
                db_url: str, course_id: str, sqlite: bool) -> int:
    """Mirror the worker's autograded/ folders and gradebook rows into the course; returns students merged."""
    for student in result.students:
        theirs = folder / "autograded" / student / assignment
        ours = course_dir / "autograded" / student / assignment
        if ours.exists():
            shutil.rmtree(ours)
        if theirs.is_dir():  # absent when nbgrader failed on it and removed it, as it would have here
            ours.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(theirs, ours, symlinks=True)
    if not sqlite:
        return len(result.students)  # workers wrote to the server database themselves
    merged = 0
    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}", course_id) as source, \
            Gradebook(db_url, course_id) as dest:
        for student in result.students:
            merged += copy_autograde_results(source, dest, assignment, student)
    return merged


def autograde_class(course_dir: Path, assignment: str, jobs: int | None = None, *, student: str = "*",
                    force: bool = False, log_level: str = "WARN", progress=print) -> ClassResult:
    """Autograde every submission of `assignment` in `course_dir` with `jobs` workers (default: one per core)."""
    course_dir = Path(course_dir).resolve()
    if jobs is None:
        jobs = usable_cores()
    if jobs < 1:
        raise SystemExit(f"--jobs must be at least 1 (got {jobs})")
    db_url, course_id = course_settings(course_dir)
    sqlite = is_sqlite(db_url)
    gradebook = sqlite_path(db_url) if sqlite else None  # None: a server database, written directly
    if gradebook is not None and not gradebook.is_file():
        raise SystemExit(f"no gradebook at {gradebook}: run `nbgrader generate_assignment {assignment}` first")
    students = submitted_students(course_dir, assignment, student)
    if not students:
        raise SystemExit(f"no submissions in {course_dir / 'submitted'}/*/{assignment}/ "
                         f"(matching {student!r}): collect them first")
    groups = split_students(students, jobs)
    # Say up front what will happen: "autograding 3" followed by "skipped 3" read as if
    # three students had been graded.
    skipping = [] if force else already_graded(course_dir, assignment, students)
    if skipping:
        progress(f"{len(students)} submission(s), {len(skipping)} already graded: skipped (their submission is "
                 f"no newer than their grading; --force grades them again); autograding "
                 f"{len(students) - len(skipping)} with {len(groups)} worker(s)")
    else:
        progress(f"autograding {len(students)} submission(s) with {len(groups)} worker(s)"
                 + (" (--force: already graded ones again)" if force else ""))
    start = time.perf_counter()
    results: list[WorkerResult] = []
    merged = 0
    with tempfile.TemporaryDirectory(prefix="course-autograde-") as tmp, \
            ThreadPoolExecutor(max_workers=len(groups)) as pool:
        folders = [Path(tmp) / f"worker-{i + 1}" for i in range(len(groups))]
        futures = [pool.submit(_run_worker, i + 1, course_dir, assignment, group, folder, gradebook, force,
                               log_level)
                   for i, (group, folder) in enumerate(zip(groups, folders))]
        for future, folder in zip(futures, folders):
            result = future.result()
            merged += _bring_home(course_dir, folder, assignment, result, db_url, course_id, sqlite)
            results.append(result)
            progress(f"worker {result.index}: {len(result.students)} student(s) in {result.seconds:.1f} s"
                     + ("" if result.returncode == 0 else f", nbgrader exited {result.returncode}"))
            for line in dict.fromkeys([*result.notices, *result.errors]):  # (in order, once each)
                progress(f"  {line}")
    return ClassResult(students, results, time.perf_counter() - start, merged)
