"""The grader's own verdicts, written into a graded notebook's summary cell.

Trusted side: the summary cell (`course.progress`, grade id `summary`) is never
run at autograde (`ExecuteIsolated`); once every test cell has its outputs, this
writes into it what nbgrader will score, problem by problem: each test cell's
points by nbgrader's own rule (`nbgrader.utils.determine_grade`: an error output
or text on stderr scores 0), and the first line of each failure; a problem whose
solution cells are as released (nbgrader's checksum) is "not started". It reads only
the graded notebook, never anything a solution printed or returned to the kernel,
and its cell carries no points.
"""

from __future__ import annotations

from typing import Any

from nbformat.notebooknode import NotebookNode
from nbgrader.utils import compute_checksum, determine_grade, is_grade, is_solution

from ..progress import FAILING, NOT_STARTED, PASSING, PROBLEMS, Row, render
from .failures import problem_of


def _first_line(cell: NotebookNode) -> str:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            text = (output.get("evalue") or output.get("ename") or "").strip()
            return text.splitlines()[0] if text else output.get("ename", "error")
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            return "wrote to stderr"
    return "failed"


def untouched_problems(nb: NotebookNode) -> set[str]:
    """The problems of `nb` (keys, "p01") whose solution cells are all as released: each cell's
    nbgrader checksum, stored at release, still matches its content."""
    same: dict[str, bool] = {}
    for cell in nb.cells:
        key = problem_of(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""))
        if cell.cell_type != "code" or key is None or not is_solution(cell):
            continue
        checksum = cell.metadata["nbgrader"].get("checksum")
        same[key] = same.get(key, True) and checksum is not None and checksum == compute_checksum(cell)
    return {key for key, untouched in same.items() if untouched}


def graders_summary(nb: NotebookNode) -> dict[str, Any]:
    """A display_data output: every problem of `nb`, with the points nbgrader gives its test cells."""
    tests: dict[str, list[tuple[NotebookNode, float, float]]] = {}
    untouched = untouched_problems(nb)
    for cell in nb.cells:
        if cell.cell_type != "code" or is_solution(cell) or not is_grade(cell):
            continue
        key = problem_of(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""))
        if key is None:
            continue
        score, most = determine_grade(cell)
        tests.setdefault(key, []).append((cell, score or 0.0, most))
    rows = []
    for problem in PROBLEMS:
        cells = tests.get(problem.key)
        if not cells:
            continue
        earned = sum(score for _, score, _ in cells)
        most = sum(m for _, _, m in cells)
        failed = [(c, m) for c, score, m in cells if score < m]
        if not failed:
            rows.append(Row(problem, PASSING, "every test passes", earned=earned, most=most,
                            label="all tests pass"))
            continue
        placeholder = earned == 0 and problem.key in untouched
        lines = [f"{c.metadata['nbgrader']['grade_id']} ({m:g}): {_first_line(c)}" for c, m in failed]
        rows.append(Row(problem, NOT_STARTED if placeholder else FAILING,
                        f"{len(failed)} of {len(cells)} test cells failed, {most - earned:g} points lost",
                        "each failed test cell above says what it checked and what it saw",
                        earned=earned, most=most, extra=lines,
                        label="not started: the solution cell is as released" if placeholder
                        else "some tests fail"))
    bundle = render(rows, "Grading: where this notebook stands",
                    "Written by the grader, from the test cells' outputs above, as nbgrader scores them.")
    return {"output_type": "display_data", "metadata": {}, "data": bundle}
