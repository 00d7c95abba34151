"""Autograding the two extremes: the reference solutions and the untouched release (whose
demo and visible-check cells raise, tagged raises-exception: still 0 points), and what the
closing summary cell shows at grading (the grader's verdicts, not the kernel's)."""

from __future__ import annotations

from conftest import NOTEBOOKS, RELEASE, SOURCE, cells_by_grade_id, error_text


def test_reference_gets_full_marks_and_untouched_release_gets_zero(graded_course):
    graded_course.submit("reference", {name: SOURCE / name for name in NOTEBOOKS})
    graded_course.submit("untouched", {name: RELEASE / name for name in NOTEBOOKS})
    scores = graded_course.autograde()

    assert set(scores) == {"reference", "untouched"}, "a submission was dropped, not graded"
    for name in NOTEBOOKS:
        notebook = name.removesuffix(".ipynb")
        reference = scores["reference"][notebook]
        untouched = scores["untouched"][notebook]
        assert reference, f"{name}: no graded cells"
        graded = cells_by_grade_id(graded_course.graded_notebook("reference", name))
        for grade_id, cell in reference.items():
            assert cell.score == cell.max_score > 0, (
                f"reference {name}:{grade_id} scored {cell.score}/{cell.max_score}: "
                f"{error_text(graded[grade_id])}")
        assert set(untouched) == set(reference), f"{name}: the untouched notebook lost graded cells"
        for grade_id, cell in untouched.items():
            assert cell.score == 0, f"untouched {name}:{grade_id} scored {cell.score}"
        # The closing summary cell is not run at grading: it shows the grader's own verdicts.
        total = sum(cell.max_score for cell in reference.values())
        for student, expected in (("reference", f"{total:g} of {total:g} points"),
                                  ("untouched", f"0 of {total:g} points")):
            summary = cells_by_grade_id(graded_course.graded_notebook(student, name))["summary"]
            shown = [o for o in summary.outputs if o.output_type == "display_data"]
            assert len(summary.outputs) == 1 and shown, f"{student} {name}: summary outputs {summary.outputs}"
            text = shown[0].data["text/plain"]
            assert text.startswith("Grading: where this notebook stands") and expected in text, text
            if student == "untouched":
                assert "some tests fail" not in text and text.count("not started: the solution cell is as released") == len(
                    {g[:3] for g in reference}), text
