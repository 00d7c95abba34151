"""`course autograde` ends exactly where `nbgrader autograde` does.

One small class (reference, correct, buggy and a corrupt notebook that
nbgrader cannot grade) is graded twice from the same start: once by plain
`nbgrader autograde`, once by `course autograde --jobs 3`. The gradebooks
must agree on everything autograde writes, and autograded/ must hold the
same notebooks with the same results. Then regrading one student with
`--force` updates only that student and keeps a manual grade entered
meanwhile, as nbgrader does.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest
from nbgrader.api import Gradebook

from classroom import max_points, roster
from conftest import ASSIGNMENT, NOTEBOOKS, Course, course_cmd, gradebook_state, nbgrader

from course.grading.failures import failed_check

FIRST = NOTEBOOKS[0]  # one notebook per student keeps this test quick; the others are "missing"


def autograded_state(course: Course) -> dict:
    """Each autograded notebook's graded cells: (error type, failure message) or passed."""
    state = {}
    for path in sorted((course.path / "autograded").rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        cells = {}
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id and cell.metadata["nbgrader"].get("grade"):
                failure = failed_check(cell)
                cells[grade_id] = (failure.kind, failure.seen) if failure else "passed"
        state[str(path.relative_to(course.path))] = cells
    return state


@pytest.fixture(scope="module")
def both(prepared_course, tmp_path_factory):
    base = tmp_path_factory.mktemp("parallel")
    students = [s for s in roster(40) if s.variant is None or f"{s.problem}_solution" in
                {c.metadata.get("nbgrader", {}).get("grade_id") for c in s.notebooks()[FIRST].cells}][:6]
    plain, parallel = Course(base / "plain"), Course(base / "parallel")
    for course in (plain, parallel):
        shutil.copytree(prepared_course, course.path)
        for student in students:
            course.submit(student.id, {FIRST: student.notebooks()[FIRST]})
        corrupt = course.path / "submitted" / "s99-corrupt" / ASSIGNMENT
        corrupt.mkdir(parents=True)
        (corrupt / FIRST).write_text('{"cells": [')
    done_plain = nbgrader(plain.path, "autograde", ASSIGNMENT, check=False)
    done_parallel = course_cmd(parallel, "autograde", "--jobs", "3")
    return plain, parallel, students, done_plain, done_parallel


def test_same_gradebook_and_graded_notebooks_as_nbgrader(both):
    plain, parallel, students, done_plain, done_parallel = both
    assert done_plain.returncode == 1, "nbgrader must fail the corrupt notebook"
    assert done_parallel.returncode == 1, done_parallel.stdout + done_parallel.stderr
    assert "s99-corrupt" in done_parallel.stdout, "the failing student is named"
    assert "with 3 worker(s)" in done_parallel.stdout
    expected = gradebook_state(plain)
    assert sorted(expected) == sorted([s.id for s in students] + ["s99-corrupt"])
    assert any(g[0] == 0 for st in expected.values() if st for nb in st["notebooks"].values()
               for g in nb["grades"].values()), "the class must have failures"
    assert gradebook_state(parallel) == expected
    assert autograded_state(parallel) == autograded_state(plain)
    assert not (parallel.path / "autograded" / "s99-corrupt" / ASSIGNMENT / FIRST).exists()


def test_regrading_one_student_updates_only_them_and_keeps_manual_grades(both):
    _plain, parallel, students, _d1, _d2 = both
    before = gradebook_state(parallel)
    buggy = next(s for s in students if s.failing)
    notebook = FIRST.removesuffix(".ipynb")
    graded_by_hand = sorted(buggy.failing & set(before[buggy.id]["notebooks"][notebook]["grades"]))[0]
    with Gradebook(f"sqlite:///{parallel.path / 'gradebook.db'}", "async-patterns") as gb:
        gb.find_grade(graded_by_hand, notebook, ASSIGNMENT, buggy.id).manual_score = 0.5
        gb.db.commit()
    reference = next(s for s in students if s.variant is None)
    parallel.submit(buggy.id, {FIRST: reference.notebooks()[FIRST]})  # a corrected notebook
    again = course_cmd(parallel, "autograde", "--force", "--student", buggy.id)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "1 student(s)" in again.stdout
    after = gradebook_state(parallel)
    for student in before:
        if student != buggy.id:
            assert after[student] == before[student], student
    points = max_points()[notebook]
    for grade_id, (auto, manual, needs_manual) in after[buggy.id]["notebooks"][notebook]["grades"].items():
        assert auto == points[grade_id], grade_id
        # nbgrader's rule: a cell with a manual score is flagged for review when regraded
        assert (manual, needs_manual) == ((0.5, True) if grade_id == graded_by_hand else (None, False)), grade_id


def test_a_second_run_says_whom_it_skipped_and_shows_nbgraders_warnings(both):
    # Found by a newcomer: a second `course autograde` said "graded 7 student(s)" when nbgrader had
    # skipped every one already graded; and a worker's warnings (a restored cell, a killed problem,
    # an unisolated run: what needs the instructor) were kept from them, only errors shown.
    _plain, parallel, students, _d1, _d2 = both
    reference = next(s for s in students if s.variant is None)
    edited = reference.notebooks()[FIRST]
    given = next(c for c in edited.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_given"))
    given.source += "\nGIVEN_EDITED = True"
    parallel.submit("s98-edits-given", {FIRST: edited})
    done = course_cmd(parallel, "autograde", "--jobs", "2")
    out = done.stdout
    assert done.returncode == 1, out + done.stderr  # (the corrupt notebook is tried again, and fails again)
    graded_before = sorted(s.id for s in students)
    # Said up front too: not "autograding N" for N students of whom all but 2 are then skipped.
    first = out.splitlines()[0]
    assert first.startswith(f"{len(graded_before) + 2} submission(s), {len(graded_before)} already graded: "
                            "skipped") and "autograding 2 with" in first, out
    skipped = next(line for line in out.splitlines() if line.startswith("skipped "))
    assert skipped.startswith(f"skipped {len(graded_before)} already graded") and skipped.endswith(
        ", ".join(graded_before)), out
    assert "graded 2 student(s)" in out, out  # the new one and the corrupt one
    warning = [line for line in out.splitlines() if "WARNING" in line and "s98-edits-given" in line]
    assert warning, out
