"""`course autograde` says up front whom it grades and whom nbgrader will skip as already graded."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.grading import parallel
from course.grading.parallel import WorkerResult, already_graded, autograde_class


def _folder(course: Path, kind: str, student: str, timestamp: str | None = None) -> None:
    folder = course / kind / student / "async_patterns"
    folder.mkdir(parents=True)
    if timestamp is not None:
        (folder / "timestamp.txt").write_text(timestamp)


@pytest.fixture
def course(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text(f"c.CourseDirectory.db_url = 'sqlite:///{tmp_path}/gradebook.db'\n")
    (tmp_path / "gradebook.db").write_bytes(b"")
    for student in ("ann", "bob", "cid"):
        _folder(tmp_path, "submitted", student, "2026-12-01 10:00:00.000000 UTC")
    _folder(tmp_path, "autograded", "ann", "2026-12-01 11:00:00.000000 UTC")  # graded after it came
    _folder(tmp_path, "autograded", "bob", "2026-12-01 09:00:00.000000 UTC")  # handed in again since
    return tmp_path


def test_already_graded_is_nbgraders_rule(course):
    # ann: graded, nothing newer: skipped. bob: resubmitted since: graded again. cid: never graded.
    assert already_graded(course, "async_patterns", ["ann", "bob", "cid"]) == ["ann"]


def test_the_first_line_says_what_will_be_skipped(course, monkeypatch):
    def worker(index, course_dir, assignment, students, folder, gradebook, force, log_level):
        return WorkerResult(index, students, 0, 0.1, "", skipped=[s for s in students if s == "ann" and not force])

    monkeypatch.setattr(parallel, "_run_worker", worker)
    monkeypatch.setattr(parallel, "_bring_home", lambda *args: 0)
    said: list[str] = []
    autograde_class(course, "async_patterns", 2, progress=said.append)
    assert said[0] == ("3 submission(s), 1 already graded: skipped (their submission is no newer than their "
                       "grading; --force grades them again); autograding 2 with 2 worker(s)")
    said.clear()
    autograde_class(course, "async_patterns", 2, force=True, progress=said.append)
    assert said[0] == "autograding 3 submission(s) with 2 worker(s) (--force: already graded ones again)"
