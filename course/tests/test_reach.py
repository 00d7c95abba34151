"""Nothing a solution reaches without frame objects or `gc` leads to what the checks keep to
themselves: the run's ledger, the guard, the guard's functions, the report channel's writer.

The walk (probes/p01_reach.py) runs as P01's solution in a real sandboxed check process, from
inside the visible test's run: the loop, the tasks, the threads, every module and class (with
their subclasses), and everything reached from them by attributes, closure cells, defaults,
globals, bound selves, containers and weak references. Red-team pass 45 found the run's ledger
that way (the watchdog thread's arguments held a lambda over it; see test_closures.py)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course.grading.problem_checks import ProblemChecks, outputs_for, split_problems
from course.grading.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).parent / "probes" / "p01_reach.py"

pytestmark = pytest.mark.slow


def test_a_solution_walking_all_it_reaches_finds_nothing_of_the_checks():
    nb = nbformat.read(ROOT / "source" / "async_patterns" / "1_easy.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "p01_solution":
            cell.source = PROBE.read_text()
    problems = split_problems(nb)
    checks = ProblemChecks(problems, Sandbox(problem_timeout=120.0))
    try:
        result = checks.result("p01")
    finally:
        checks.close()
    errors = [o for o in outputs_for(problems["p01"], "p01_test_visible", result, 120.0)
              if o["output_type"] == "error"]
    said = " ".join(o.get("evalue", "") for o in errors)
    walked = re.search(r"walked (\d+) objects; found: ([^(\n]*)", said)
    assert walked, said
    # The walk went far (every module's namespace and every class's: over 20,000 objects here)...
    assert int(walked.group(1)) > 10_000, said
    # ...and found nothing of the checks' own.
    assert walked.group(2).strip() == "nothing", said
