"""One problem's test cells as the grader writes them, for a solution of the test's choosing:
the real check process of that problem alone (sandboxed, forked by a check server), then the
trusted side's `outputs_for` per test cell. Shared by the tests that score a solution cell
without nbgrader (test_routes, test_reach, test_hidden_code, test_problem_checks)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from course.grading.problem_checks import ProblemChecks, ProblemResult, outputs_for, split_problems
from course.grading.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Checked:
    """`outputs`: {test cell id: the outputs the grader writes into that cell}, in notebook
    order; `result`: what the check process reported and how it ended (`result.ended`)."""

    outputs: dict[str, list[dict[str, Any]]]
    result: ProblemResult

    def errors(self) -> dict[str, list[dict[str, Any]]]:
        """{test cell id: its error outputs}: a cell with any scores 0."""
        return {cell_id: [o for o in outputs if o["output_type"] == "error"]
                for cell_id, outputs in self.outputs.items()}


def with_solution(notebook: str | Path, problem: str, source: str) -> nbformat.NotebookNode:
    """`notebook` (a stem of source/async_patterns, or a path), with `problem`'s solution cell
    replaced by `source`. Raises LookupError if the notebook has no such cell."""
    path = Path(notebook) if Path(notebook).suffix else ROOT / "source" / "async_patterns" / f"{notebook}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"{problem}_solution"]
    if not cells:
        raise LookupError(f"{path.name} has no {problem}_solution cell")
    cells[0].source = source
    return nb


def check(nb: nbformat.NotebookNode, problem: str, problem_timeout: float, **sandbox: Any) -> Checked:
    """`problem`'s checks alone, in its own check process (its cells alone: the notebook's
    other problems would cost CPU and decide nothing), stopped at `problem_timeout` seconds
    of wall time; `sandbox`: other `Sandbox` settings."""
    problems = split_problems(nb)
    checks = ProblemChecks({problem: problems[problem]}, Sandbox(problem_timeout=problem_timeout, **sandbox))
    try:
        result = checks.result(problem)
    finally:
        checks.close()
    return Checked({cell_id: outputs_for(problems[problem], cell_id, result, problem_timeout)
                    for cell_id in problems[problem].test_ids}, result)
