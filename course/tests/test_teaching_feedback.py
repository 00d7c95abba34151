"""Reading failed checks back from graded cells, and the feedback notes built from them
(no kernel: the cells carry the outputs a real kernel records; the instructor-guide
grader test checks the same on real generated feedback)."""

from __future__ import annotations

import re

import nbformat

from course.grading.failures import failed_check
from course.grading.teaching_feedback import TeachingFeedback
from course.testing import Deadlock, InvariantBroken

HIDDEN = ("# Hidden test (2 points): never two tasks inside at once.\n### BEGIN HIDDEN TESTS\n"
          "secret_scenario_code()\n### END HIDDEN TESTS")


def _error(exc: BaseException) -> dict:
    """The error output IPython records: a harness failure renders as its message alone."""
    rendered = getattr(exc, "_render_traceback_", None)
    traceback = rendered() if rendered else ["  File <cell>, line 3", "    secret_scenario_code()", str(exc)]
    return nbformat.v4.new_output("error", ename=type(exc).__name__, evalue=str(exc), traceback=traceback)


def _test_cell(grade_id: str, outputs: list, score: float, points: float = 2) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(HIDDEN, outputs=outputs)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": grade_id, "points": points,
                                 "score": score}
    return cell


def test_an_invariant_failure_is_read_back_in_parts():
    exc = InvariantBroken("at most one task inside", "2 were inside at t=0.010 s",
                          checked="never two tasks inside at once", seed=17, replay="run(x, seed=17)")
    failure = failed_check(_test_cell("p01_test_exclusive", [_error(exc)], 0))
    assert (failure.kind, failure.invariant, failure.seen, failure.seed, failure.checked, failure.problem) == (
        "InvariantBroken", "at most one task inside", "2 were inside at t=0.010 s", 17,
        "never two tasks inside at once", "p01")
    assert failure.harness


def test_other_failures_keep_their_title_and_fall_back_to_the_cell_description():
    failure = failed_check(_test_cell("p04_test_order", [_error(Deadlock("every task waits"))], 0))
    assert (failure.title, failure.seen, failure.seed, failure.invariant) == (
        "Deadlock", "every task waits", None, "never two tasks inside at once.")
    plain = failed_check(_test_cell("p04_test_order", [_error(NameError("name 'x' is not defined"))], 0))
    assert not plain.harness and plain.seen == "NameError: name 'x' is not defined"
    assert failed_check(_test_cell("p04_test_order", [], 2)) is None


def test_feedback_notes_failures_links_hints_and_drops_hidden_tracebacks():
    hints = nbformat.v4.new_markdown_cell("<details><summary>Hint 1</summary>...</details>")
    hints.metadata["nbgrader"] = {"grade_id": "p01_hints"}
    exc = InvariantBroken("at most one task inside", "2 were inside", checked="mutual exclusion", seed=5)
    failing = _test_cell("p01_test_exclusive", [_error(exc)], 0)
    crashing = _test_cell("p01_test_total", [_error(NameError("name 'increment' is not defined"))], 0)
    passing = _test_cell("p01_test_given_lock", [], 2)
    nb = nbformat.v4.new_notebook(cells=[hints, failing, crashing, passing])
    nb, _ = TeachingFeedback().preprocess(nb, {})
    assert nb.cells[0].source.startswith('<a id="p01-hints"></a>')
    # As the note reads (markdown's backslash escapes of quoted text taken away).
    notes = {c.metadata["course"]["feedback_for"]: re.sub(r"\\(.)", r"\1", c.source)
             for c in nb.cells if "course" in c.metadata}
    assert sorted(notes) == ["p01_test_exclusive", "p01_test_total"], "one note per failed check, none for a pass"
    note = notes["p01_test_exclusive"]
    for part in ("**Invariant:** at most one task inside", "**Observed:** 2 were inside", "**Seed:** 5",
                 '<a href="#p01-hints">P01 hints</a>', "(0 of 2 points)", "mutual exclusion"):
        assert part in note, part
    assert "NameError: name 'increment' is not defined" in notes["p01_test_total"]
    tracebacks = [line for c in nb.cells for o in c.get("outputs", []) for line in o.get("traceback", [])]
    assert not [line for line in tracebacks if "secret_scenario_code" in line]
    assert any("InvariantBroken" not in line and "at most one task" in line for line in tracebacks), \
        "a harness failure keeps its own rendering"
