"""`course overview`: a problem left as released is not attempted, not a failed check."""

from __future__ import annotations

from pathlib import Path

import nbformat

from course.grading.overview import Overview, failed_checks, render_html, render_table

RELEASE = Path(__file__).resolve().parents[2] / "release" / "async_patterns"


def _graded(course: Path, student: str, solutions: dict[str, str]) -> None:
    """An autograded 1_easy for `student`: P01 to P03's test cells all failed; `solutions` fills some cells."""
    nb = nbformat.read(RELEASE / "1_easy.ipynb", as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id", "")
        if gid in solutions:
            cell.source = solutions[gid]
        elif meta.get("grade") and gid.endswith("_test_visible"):
            placeholder = gid[:3] != "p01" or "p01_solution" not in solutions
            cell.outputs = [nbformat.v4.new_output(
                "error", ename="SolutionError" if placeholder else "InvariantBroken",
                evalue=("Your code raised an exception: NotImplementedError (in the solution)" if placeholder else
                        "Invariant broken: 3 tasks x 10 increments give exactly 30 — but the counter ended at 10\n"
                        "What was checked: 3 tasks x 10 increments sharing one lock give exactly 30"),
                traceback=[])]
    folder = course / "autograded" / student / "async_patterns"
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / "1_easy.ipynb")


def test_a_blank_problem_is_listed_apart_not_ranked_as_a_failed_check(tmp_path):
    racy = "async def increment(counter, lock, n):\n    pass\n"
    _graded(tmp_path, "ann", {"p01_solution": racy})  # tried P01 (and failed); P02, P03 blank
    _graded(tmp_path, "bob", {"p01_solution": racy})
    _graded(tmp_path, "cid", {})  # nothing tried
    failures, blank = failed_checks(tmp_path, "async_patterns", ["ann", "bob", "cid"])
    assert [(f.grade_id, f.students) for f in failures] == [("p01_test_visible", ("ann", "bob"))]
    assert blank == {"p01": ("cid",), "p02": ("ann", "bob", "cid"), "p03": ("ann", "bob", "cid")}
    overview = Overview("async_patterns", ["ann", "bob", "cid"], [], failures, blank)
    table = render_table(overview)
    ranked = table.split("Most common failed checks")[1].split("Not attempted")[0]
    assert "p01_test_visible" in ranked and "NotImplementedError" not in ranked and "P02" not in ranked
    assert "P02: 3 student(s): ann, bob, cid" in table.split("Not attempted")[1]
    assert "Not attempted" in render_html(overview)
