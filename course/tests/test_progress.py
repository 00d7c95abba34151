"""course.progress: the student's summary of where they stand, and the grader's version of it."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from course import progress
from course.grading.problem_checks import SUMMARY_ID, role_of, split_problems
from course.grading.summary import graders_summary
from course.progress import FAILING, NOT_CHECKED, NOT_STARTED, PASSING, PROBLEMS, record, rows, summary
from course.testing import InvariantBroken, MissingName, SolutionError
from course.testing._runner import solution_error

SOURCE = Path(__file__).resolve().parents[2] / "source" / "async_patterns"


@pytest.fixture(autouse=True)
def fresh():
    progress.forget()
    yield
    progress.forget()


def _placeholder_error() -> SolutionError:
    try:
        raise NotImplementedError()
    except NotImplementedError as exc:
        return solution_error(exc)


def _shown(notebook=None) -> str:
    shown = []
    summary(notebook, show=shown.append)
    assert len(shown) == 1 and set(shown[0]) == {"text/plain", "text/html"}
    return shown[0]["text/plain"]


def test_the_table_of_problems_is_the_source_notebooks():
    """Notebook, points and visible points of every problem, as the source notebooks have them."""
    found = {}
    for path in sorted(SOURCE.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            gid = meta.get("grade_id", "")
            if meta.get("grade") and "_test_" in gid:
                key = gid[:3]
                notebook, points, visible = found.get(key, (path.stem, 0, 0))
                found[key] = (notebook, points + meta["points"],
                              visible + (meta["points"] if gid.endswith("_test_visible") else 0))
    assert {p.key: (p.notebook, p.points, p.visible) for p in PROBLEMS} == found
    assert sum(p.points for p in PROBLEMS) == 170


def test_each_notebook_ends_with_a_locked_ungraded_summary_cell_that_calls_it():
    for path in sorted(SOURCE.glob("*.ipynb")):
        last = nbformat.read(path, as_version=4).cells[-1]
        meta = last.metadata["nbgrader"]
        assert last.cell_type == "code" and meta["grade_id"] == SUMMARY_ID
        assert meta["locked"] and not meta["grade"] and not meta["solution"] and "points" not in meta
        assert f'summary("{path.stem}")' in last.source
        assert "raises-exception" not in last.metadata.get("tags", [])


def test_demo_and_visible_check_cells_let_run_all_go_on():
    for path in sorted(SOURCE.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            gid = cell.metadata["nbgrader"]["grade_id"]
            if gid.endswith(("_demo", "_test_visible")):
                assert "raises-exception" in cell.metadata.get("tags", []), f"{path.name}:{gid}"


def test_nothing_run_is_not_checked_yet_and_points_are_counted():
    text = _shown("1_easy")
    assert "Where you stand in 1_easy.ipynb" in text
    assert text.count(NOT_CHECKED) >= 3 and "30 points in these 3 problems, all scored at grading" in text
    assert "at stake" not in text  # 30 was all the points, not those still to win
    assert "P04" not in text


def test_whole_course_points_to_the_other_notebooks():
    record("# Visible checks for P01: run this cell after your solution.\n...", None, 3)
    text = _shown()
    assert "170 points in these 11 problems" in text
    for key in ("P01", "P05", "P11"):
        assert key in text
    assert "open 2_medium.ipynb" in text and "open 3_hard.ipynb" in text
    assert "open 1_easy.ipynb" not in text  # P02, P03: this kernel runs the easy notebook


def test_a_placeholder_is_not_started_a_pass_passes_a_failure_names_its_property():
    record("# Visible checks for P01: run this cell after your solution.", _placeholder_error(), 5)
    record("# Visible checks for P02: run this cell after your solution.", None, 9)
    failure = InvariantBroken("at most 2 calls in flight at once", "3 were in flight at t=0.010",
                              checked="the semaphore bounds the calls", seed=7,
                              replay="run(six_calls_two_at_a_time, seed=7)")
    record("# Visible checks for P03: run this cell after your solution.", failure, 12)
    by_key = {r.problem.key: r for r in rows("1_easy")}
    assert by_key["p01"].status == NOT_STARTED
    # All a placeholder's error says is that the placeholder ran: the cell may hold an edit that
    # was not run, or failed to run (an IndentationError), so the row does not call it untouched.
    assert "still holds" not in by_key["p01"].detail
    assert "placeholder's NotImplementedError" in by_key["p01"].detail
    assert "`# YOUR CODE HERE` cell" in by_key["p01"].next_step
    assert by_key["p02"].status == PASSING and "hidden tests decide the other 9" in by_key["p02"].next_step
    assert by_key["p02"].detail == "these checks carry 1 of its 10 points"  # reads right for 1 as for 2
    assert by_key["p03"].status == FAILING
    assert "at most 2 calls in flight at once" in by_key["p03"].detail
    assert "3 were in flight" in by_key["p03"].detail
    assert "from course.visuals import replay; replay(six_calls_two_at_a_time, seed=7)" in by_key["p03"].extra
    text = _shown("1_easy")
    assert "1 of 3 problems pass their visible checks · 1 failing · 1 not started" in text
    assert "as its visible check cell (`# Visible checks for P03`) said when it last ran" in text
    assert "[12]" not in text  # an execution count names no cell a student can find
    # Why a written solution can still be "not started" is said once, under the table, not in every row.
    assert text.count("its last run failed: look at its output") == 1


def test_the_html_table_shows_code_as_code_not_backticks():
    record("# Visible checks for P01: run this cell after your solution.", _placeholder_error(), 5)
    record("# Visible checks for P02: run this cell after your solution.", _placeholder_error(), 6)
    shown = []
    summary("1_easy", show=shown.append)
    page = shown[0]["text/html"]
    assert "<code># YOUR CODE HERE</code>" in page and "`" not in page
    assert page.count("its last run failed") == 1


def test_a_later_run_replaces_the_verdict_and_other_cells_are_ignored():
    record("# Visible checks for P01: run this cell after your solution.", _placeholder_error())
    record("print('a scratch cell')", ValueError("x"))
    record("# Hidden test (2 points): ...", ValueError("x"))
    record("# Visible checks for P01: run this cell after your solution.", None)
    assert [r.status for r in rows("1_easy")] == [PASSING, NOT_CHECKED, NOT_CHECKED]


def test_any_other_exception_is_a_failure_named_by_its_type():
    record("# Visible checks for P05: run this cell after your solution.", TypeError("bad operand"))
    row = rows("2_medium")[1]
    assert row.status == FAILING and "TypeError" in row.detail and "bad operand" in row.detail


def test_html_is_escaped():
    record("# Visible checks for P01: ...", InvariantBroken("<b>x</b>", "<script>"))
    shown = []
    summary("1_easy", show=shown.append)
    assert "<script>" not in shown[0]["text/html"] and "&lt;script&gt;" in shown[0]["text/html"]


def test_unknown_notebook_is_refused():
    with pytest.raises(ValueError, match="1_easy"):
        summary("4_expert")


def test_watch_follows_visible_check_cells_run_in_ipython():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell()
    try:
        assert progress.watch(shell) and progress.watch(shell)  # registered once
        shell.run_cell("# Visible checks for P01: run this cell after your solution.\nx = 1")
        shell.run_cell("# Visible checks for P02: run this cell after your solution.\nraise NotImplementedError")
        shell.run_cell("# Visible checks for P03: run this cell after your solution.\n1 / 0")
        assert [r.status for r in rows("1_easy")] == [PASSING, NOT_STARTED, FAILING]
        assert "ZeroDivisionError" in rows("1_easy")[2].detail
    finally:
        shell.clear_instance()


def _graded_cell(gid: str, points: int, outputs: list) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell("# Hidden test")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": gid, "locked": True, "points": points,
                                 "schema_version": 3, "solution": False, "task": False}
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    return cell


def test_the_graders_summary_is_nbgraders_scores_of_the_test_cells():
    error = {"output_type": "error", "ename": "InvariantBroken", "traceback": [],
             "evalue": "Invariant broken: never two holders — but 2 held it\nWhat was checked: ..."}
    placeholder = dict(error, ename="SolutionError",
                       evalue="Your code raised an exception: NotImplementedError (in api_call())")
    stderr = {"output_type": "stream", "name": "stderr", "text": "noise"}
    from nbgrader.utils import compute_checksum

    solution = nbformat.v4.new_code_cell("# YOUR CODE HERE\nraise NotImplementedError()")
    solution.metadata["nbgrader"] = {"grade": False, "grade_id": "p02_solution", "locked": False,
                                     "schema_version": 3, "solution": True, "task": False}
    solution.metadata["nbgrader"]["checksum"] = compute_checksum(solution)
    nb = nbformat.v4.new_notebook(cells=[
        _graded_cell("p01_test_visible", 1, []), solution, _graded_cell("p01_test_total", 2, [error]),
        _graded_cell("p01_test_exclusive", 7, [stderr]),
        _graded_cell("p02_test_visible", 1, [placeholder]), _graded_cell("p02_test_total", 9, [placeholder]),
        _graded_cell("p03_test_visible", 10, [{"output_type": "stream", "name": "stdout", "text": "✔"}]),
    ])
    output = graders_summary(nb)
    assert output["output_type"] == "display_data"
    text = output["data"]["text/plain"]
    assert "11 of 30 points" in text
    assert "P01 Lock: mutual exclusion [1 / 10 points]: some tests fail" in text
    assert "p01_test_total (2): Invariant broken: never two holders — but 2 held it" in text
    assert "p01_test_exclusive (7): wrote to stderr" in text
    assert "P02 Semaphore: bounded concurrency [0 / 10 points]: not started" in text
    assert "P03 Event: a one-shot signal [10 / 10 points]: all tests pass" in text
    assert "What was checked" not in text  # first lines only


def test_the_summary_cell_is_neither_setup_nor_a_problems_cell_at_grading():
    cells = [nbformat.v4.new_code_cell("import asyncio"), nbformat.v4.new_code_cell("x"),
             _graded_cell("p01_test_visible", 1, []), nbformat.v4.new_code_cell("summary('1_easy')")]
    for cell, gid in zip(cells, ("setup", "p01_solution", None, SUMMARY_ID)):
        if gid:
            cell.metadata["nbgrader"] = {"grade": False, "grade_id": gid, "locked": gid != "p01_solution",
                                         "schema_version": 3, "solution": gid == "p01_solution", "task": False}
    nb = nbformat.v4.new_notebook(cells=cells)
    assert role_of(cells[-1]) == "summary"
    problems = split_problems(nb)
    assert [c[0] for c in problems["p01"].cells] == ["setup", "p01_solution", "p01_test_visible"]


def test_the_raises_exception_tag_changes_no_score():
    """Demo and visible-check cells carry `raises-exception` so Run All goes on; nbgrader still
    scores a test cell with an error output 0, tag or not (and so does the grader's summary)."""
    from nbgrader.utils import determine_grade

    error = {"output_type": "error", "ename": "SolutionError", "evalue": "NotImplementedError", "traceback": []}
    tagged = _graded_cell("p01_test_visible", 1, [error])
    tagged.metadata["tags"] = ["raises-exception"]
    assert determine_grade(tagged) == (0, 1)
    assert determine_grade(_graded_cell("p01_test_visible", 1, [])) == (1, 1)
    text = graders_summary(nbformat.v4.new_notebook(cells=[tagged]))["data"]["text/plain"]
    assert "0 of 1 points" in text


def test_a_missing_name_is_a_failure_that_says_to_run_the_cells_from_the_top():
    record("# Visible checks for P01: run this cell after your solution.", NameError("name 'passed' is not defined"), 3)
    record("# Visible checks for P02: run this cell after your solution.",
           MissingName("`api_call` is not defined: write it in the solution cell and run that cell."), 4)
    for row in rows("1_easy")[:2]:
        assert row.status == FAILING, row
        assert row.next_step.startswith("a name the check needs is not defined: run the notebook's cells from the top")


def test_a_check_run_after_a_restart_without_the_setup_cell_is_recorded(tmp_path):
    """The setup cell (course.notebook) starts the watch; a kernel restarted without running it
    still runs check cells, and the summary must show what they said, not "not checked yet"."""
    import nbclient
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[
        new_code_cell("# Visible checks for P03: run this cell after your solution.\n"
                      "from course.testing import defined, require, run\n\n"
                      "defined(\"initializer\", coroutine=True)\n"),
        new_code_cell("from course.progress import summary\n\nsummary(\"1_easy\")"),
    ])
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown = "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in nb.cells[1].outputs)
    line = next(line for line in shown.splitlines() if "P03 " in line)
    assert "not checked yet" not in line and "failing" in line, shown
    assert "run the notebook's cells from the top" in shown, shown


def test_a_failure_with_advice_makes_it_the_next_step_and_offers_no_drawing():
    # A new student re-ran P04's check after P06's solution cell: the check said "`consumer` now is
    # P06's ... run P04's solution cell again", while the summary said "fix the solution cell" and
    # offered to replay P04's scenario, which would have run P06's consumer.
    advice = ("`consumer` now is P06's: P06's solution cell ran after P04's and redefined `producer`, "
              "`consumer`. To check P04 again, run P04's solution cell again, then this cell.")
    failure = SolutionError("TypeError: consumer() takes 2 positional arguments but 3 were given (in "
                            f"consumer_task())\nAdvice: {advice}", checked="a consumer waits for items",
                            replay="run(one_consumer_three_items)")
    failure.drawable = False
    verdict = progress.verdict_of(failure)
    assert verdict.next_step == advice and verdict.replay == ""
    assert verdict.seen.startswith("TypeError: consumer() takes 2") and "Advice" not in verdict.seen
