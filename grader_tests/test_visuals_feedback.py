"""Visuals reach nbgrader's feedback, where widgets do not run: as their static copies.

Every course.visuals display carries a self-contained SVG copy (`text/html`)
beside its widget view; graded copies keep no widget state
(`Execute.store_widget_state = False`), so nbconvert's feedback shows that
copy. A solution that cannot run an experiment shows its message instead.
"""

from __future__ import annotations

import nbformat
import pytest

from conftest import ASSIGNMENT, RELEASE, SOURCE, cells_by_grade_id, nbgrader
from test_clean_log import warning_lines

pytestmark = pytest.mark.slow


def test_experiments_appear_in_feedback_as_static_pictures(graded_course):
    graded_course.submit("reference", {"2_medium.ipynb": SOURCE / "2_medium.ipynb"})
    graded_course.submit("untouched", {"2_medium.ipynb": RELEASE / "2_medium.ipynb"})
    graded_course.autograde(check=False)
    done = nbgrader(graded_course.path, "generate_feedback", ASSIGNMENT)
    # Nothing to look at, nothing logged: nbconvert's HTML exporter configures a trait that
    # nbgrader's ClearHiddenTests did not accept, and traitlets warned at every run.
    assert not warning_lines(done), warning_lines(done)

    graded = graded_course.graded_notebook("reference", "2_medium.ipynb")
    assert "widgets" not in graded.metadata, "graded copies must not keep widget state"
    cells = cells_by_grade_id(graded)
    for grade_id in ("p05_experiment", "p06_experiment"):
        (output,) = cells[grade_id].outputs
        assert {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"} <= set(output.data)

    feedback = graded_course.path / "feedback"
    reference = (feedback / "reference" / ASSIGNMENT / "2_medium.html").read_text(encoding="utf-8")
    assert reference.count("course-experiment-static") == 2
    assert reference.count('class="course-timeline"') == 2 and reference.count('class="course-chart"') == 3
    assert "P05 · token bucket" in reference and "P06 · queue maxsize" in reference
    assert "could not run this experiment" not in reference

    untouched = (feedback / "untouched" / ASSIGNMENT / "2_medium.html").read_text(encoding="utf-8")
    assert untouched.count("could not run this experiment") == 2
    assert "NotImplementedError" in untouched
    # What the notebook's note says: a failed hidden check names its seed (and how to run
    # it again), while the check's code stays with the instructor. The line that draws the
    # schedule is left out here: a placeholder that raises NotImplementedError ran nothing
    # concurrently, so there is nothing to draw.
    assert "Schedule seed: 0  (replay: run(never_above_maxsize, seed=0))" in untouched
    assert "replay(never_above_maxsize, seed=0)" not in untouched
    assert "never_above_maxsize</span><span class=\"p\">(</span><span class=\"n\">sim</span>" not in untouched
    assert "async def never_above_maxsize" not in untouched
