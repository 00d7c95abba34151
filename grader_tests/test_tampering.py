"""Submissions whose structure was tampered with are graded from the
instructor's cells and the student's solution cells alone, and the
tampering is reported in the graded notebook (course.grading.RebuildFromRelease)."""

from __future__ import annotations

import nbformat
import pytest

from conftest import NOTEBOOKS, cells_by_grade_id, error_text
from test_submissions import build_submission

NAME = "1_easy.ipynb"


def _tamper(kind: str) -> nbformat.NotebookNode:
    nb = build_submission(NAME, {})
    cells = cells_by_grade_id(nb)
    if kind == "deleted_given_code":
        nb.cells.remove(cells["p01_given"])
    elif kind == "edited_demo":
        cells["p01_demo"].source = "raise SystemExit('the demo was edited')"
    elif kind == "edited_test":
        cells["p01_test_visible"].source = "pass  # nothing to see here"
    elif kind == "retyped_demo":
        cells["p01_demo"].cell_type = "markdown"
        del cells["p01_demo"]["outputs"], cells["p01_demo"]["execution_count"]
    elif kind == "extra_cell_breaks_solution":
        index = nb.cells.index(cells["p01_solution"])
        nb.cells.insert(index + 1, nbformat.v4.new_code_cell(
            "async def increment(counter, lock, n):\n    raise ValueError('redefined later')"))
    elif kind == "solution_metadata_stripped":
        del cells["p01_solution"].metadata["nbgrader"]
    # What a student can type into JupyterLab's metadata editor: nbgrader's DeduplicateIds, run first,
    # raised on each of these and nbgrader dropped the whole submission (red-team pass 111).
    elif kind == "added_cell_claims_a_grade":
        cell = nbformat.v4.new_markdown_cell("my notes")
        cell.metadata["nbgrader"] = {"grade": True}  # no grade_id
        nb.cells.insert(nb.cells.index(cells["p01_solution"]) + 1, cell)
    elif kind == "metadata_made_a_list":
        cells["p01_demo"].metadata["nbgrader"] = []
    elif kind == "metadata_made_text":
        cells["p01_given"].metadata["nbgrader"] = "locked"
    return nb


CASES = {
    "deleted_given_code": "read-only cell `p01_given` was missing: restored",
    "edited_demo": "read-only cell `p01_demo` was edited",
    "edited_test": "read-only cell `p01_test_visible` was edited",
    "retyped_demo": "read-only cell `p01_demo` had its type changed",
    "extra_cell_breaks_solution": "1 cell(s) you added were not run",
    "solution_metadata_stripped": "solution cell `p01_solution` had lost its nbgrader metadata",
    "added_cell_claims_a_grade": "1 cell(s) you added had nbgrader metadata: ignored",
    "metadata_made_a_list": "read-only cell `p01_demo` had its metadata changed: restored",
    "metadata_made_text": "read-only cell `p01_given` had its metadata changed: restored",
}


@pytest.fixture(scope="module")
def tampered(prepared_course, tmp_path_factory):
    import shutil
    from conftest import Course
    course = Course(tmp_path_factory.mktemp("tampered") / "course")
    shutil.copytree(prepared_course, course.path)
    for kind in CASES:
        course.submit(kind, {NAME: _tamper(kind)})
    return course.autograde(), course


@pytest.mark.parametrize("kind", sorted(CASES))
def test_tampered_notebook_is_graded_from_the_instructors_cells(tampered, kind):
    scores, course = tampered
    graded = course.graded_notebook(kind, NAME)
    cells = cells_by_grade_id(graded)
    for grade_id, cell in scores[kind][NAME.removesuffix(".ipynb")].items():
        assert cell.score == cell.max_score, f"{kind}: {grade_id} scored {cell.score}: {error_text(cells[grade_id])}"
    notes = graded.cells[0]
    assert notes.cell_type == "markdown" and "Grading notes" in notes.source, f"{kind}: no grading notes"
    assert CASES[kind] in notes.source, f"{kind}: notes do not say it: {notes.source}"


def test_untampered_submission_gets_no_grading_notes(graded_course):
    graded_course.submit("clean", {NAME: build_submission(NAME, {})})
    graded_course.autograde()
    first = graded_course.graded_notebook("clean", NAME).cells[0]
    assert "Grading notes" not in first.source
