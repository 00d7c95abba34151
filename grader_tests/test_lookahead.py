"""Checks started early for a submission's later notebooks change no grade.

`course.grading.lookahead` starts the checks of a submission's later
notebooks while its first one is graded, from a forecast of what nbgrader's
sanitizing pass will make of them, and uses such a check only if nbgrader's
pass then gives its problem exactly the cells it ran. Graded with the real
nbgrader CLI: the same class with and without lookahead gets the same
gradebook, the early checks are used (the debug log counts them), a forecast
that does not match (source/ edited after generate_assignment) is never
used, and a submission nbgrader stops part-way leaves nothing behind.
"""

from __future__ import annotations

import copy
import re
import shutil

import nbformat
import pytest

from classroom import expected_scores, roster
from conftest import ASSIGNMENT, NOTEBOOKS, SOURCE, Course, gradebook_state, load

pytestmark = pytest.mark.slow

USED = re.compile(r"(\S+): the checks of (\d+) of the (\d+) problem\(s\) started early were used")
LATER = NOTEBOOKS[1:]  # the notebooks whose checks start early


def early_checks(done) -> dict[str, tuple[int, int]]:
    """student -> (early checks used, early checks started), from an nbgrader run's debug log."""
    return {m.group(1): (int(m.group(2)), int(m.group(3))) for m in USED.finditer(done.stdout + done.stderr)}


def problems_in(*names: str) -> int:
    """How many problems the source notebooks `names` hold."""
    return len({c.metadata["nbgrader"]["grade_id"][:3] for name in names for c in load(SOURCE / name).cells
                if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("p")})


#: A student whose second notebook holds p04's solution cell twice: nbgrader grades the last.
DUPLICATED = "s00-b-duplicate-cell"


def with_a_duplicate_solution(notebooks: dict[str, nbformat.NotebookNode]) -> dict[str, nbformat.NotebookNode]:
    nb = notebooks[LATER[0]]
    index, cell = next((i, c) for i, c in enumerate(nb.cells)
                       if c.metadata.get("nbgrader", {}).get("grade_id") == "p04_solution")
    first = copy.deepcopy(cell)
    first.id, first.source = "an-earlier-attempt", "raise RuntimeError('an earlier attempt, not graded')"
    nb.cells.insert(index, first)
    return notebooks


def points(scores, student_id: str) -> dict[str, dict[str, float]]:
    return {nb: {gid: cell.score for gid, cell in cells.items()} for nb, cells in scores[student_id].items()}


@pytest.fixture(scope="module")
def class_graded_both_ways(prepared_course, tmp_path_factory):
    """A small class, graded with lookahead (the default) and without it, from the same start: the
    reference, a buggy variant of a later notebook's problem (its early checks fail cells), and two
    made from the reference (a submission stopped part-way, a duplicated solution cell). (A second
    buggy student, a fifth of the fixture's grading, tried nothing the first does not.)"""
    base = tmp_path_factory.mktemp("lookahead")
    students = [s for s in roster(40, references=1) if s.variant is None or s.problem >= "p04"][:2]
    runs = {}
    for mode in ("ahead", "without"):
        course = Course(base / mode)
        shutil.copytree(prepared_course, course.path)
        for student in students:
            course.submit(student.id, student.notebooks())
        # Graded first (ids sort first): nbgrader stops this submission at its last notebook,
        # whose early checks could not even be forecast; the next student's grading drops them.
        course.submit("s00-a-corrupt-last", students[0].notebooks())
        course.submit(DUPLICATED, with_a_duplicate_solution(students[0].notebooks()))
        (course.path / "submitted" / "s00-a-corrupt-last" / ASSIGNMENT / NOTEBOOKS[-1]).write_text('{"cells": [')
        extra = ["--log-level=DEBUG"] + ([] if mode == "ahead" else ["--ExecuteIsolated.lookahead=False"])
        scores = course.autograde(*extra, check=False)
        runs[mode] = (course, scores, course.last)
    return students, runs


def test_a_class_gets_the_same_gradebook_with_and_without_early_checks(class_graded_both_ways):
    students, runs = class_graded_both_ways
    (ahead, ahead_scores, _), (without, without_scores, _) = runs["ahead"], runs["without"]
    assert gradebook_state(ahead) == gradebook_state(without)
    assert ahead_scores == without_scores
    for student in students:
        assert points(ahead_scores, student.id) == expected_scores(student), student.id
    assert points(ahead_scores, DUPLICATED) == expected_scores(students[0])  # the reference, its last cell


def test_the_later_notebooks_are_graded_with_the_checks_started_early(class_graded_both_ways):
    students, runs = class_graded_both_ways
    used = early_checks(runs["ahead"][2])
    later = problems_in(*LATER)
    for student in (*(s.id for s in students), DUPLICATED):
        assert used.get(student) == (later, later), (student, used)
    # The submission stopped part-way: its middle notebook's checks were used, and the
    # last notebook, unreadable, was never forecast.
    middle = problems_in(*LATER[:-1])
    assert used.get("s00-a-corrupt-last") == (middle, middle), used
    assert not early_checks(runs["without"][2])


def test_a_check_started_from_a_wrong_forecast_is_never_used(graded_course):
    """source/ edited after generate_assignment: the forecast of p04's test cells (read from
    source/) fails, nbgrader's pass restores them from the gradebook, and grading runs
    p04's checks afresh: full marks, and the log says one early check was not used."""
    path = graded_course.path / "source" / ASSIGNMENT / LATER[0]
    nb = nbformat.read(path, as_version=4)
    edited = 0
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id", "").startswith("p04_test"):
            cell.source = "raise AssertionError('only the forecast has this line')\n" + cell.source
            edited += 1
    assert edited
    nbformat.write(nb, path)
    student = roster(1, references=1)[0]
    graded_course.submit(student.id, student.notebooks())
    scores = graded_course.autograde("--log-level=DEBUG")
    assert points(scores, student.id) == expected_scores(student)
    later = problems_in(*LATER)
    assert early_checks(graded_course.last)[student.id] == (later - 1, later)
