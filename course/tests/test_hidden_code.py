"""A solution cannot read a test's code object (a hidden test's constants, names and control
flow, disassembled) in a real sandboxed check process: not as `__code__` of a test's function
(reached through the globals of a given function a test hands it), nor through the standard
library's readers (`dis`, `inspect.getclosurevars`), nor as the `cr_code` of a test's coroutine;
what the standard library makes of the code for a caller (a task's repr, a signature, whether it
is a coroutine function) still works, and so does reading the given cells' code."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course.grading.problem_checks import ProblemChecks, outputs_for, split_problems
from course.grading.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).parent / "probes" / "test_code.py"
RACE = Path(__file__).parent / "probes" / "test_code_race.py"

pytestmark = pytest.mark.slow


def test_a_solution_reads_no_test_code_but_what_the_library_makes_of_it():
    nb = nbformat.read(ROOT / "source" / "async_patterns" / "3_hard.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "p08_solution":
            cell.source = PROBE.read_text()
    problems = split_problems(nb)
    checks = ProblemChecks({"p08": problems["p08"]}, Sandbox(problem_timeout=120.0))  # (its checks alone)
    try:
        result = checks.result("p08")
    finally:
        checks.close()
    said = " ".join(o.get("evalue", "") for cell_id in problems["p08"].test_ids
                    for o in outputs_for(problems["p08"], cell_id, result, 120.0) if o["output_type"] == "error")
    found = re.search(r"outcomes: (.*?)(?: \(in call\(\)|\n|$)", said)
    assert found, said
    outcomes = dict(part.rsplit(": ", 1) for part in found.group(1).split("; "))
    for way in ("the scenario coroutine's cr_code", "scenario.__code__", "getattr(scenario, '__code__')",
                "FunctionType.__code__.__get__(scenario)", "dis.Bytecode(scenario)",
                "inspect.getclosurevars(scenario)", "an allowed reader made to read it for a solution",
                "the checks' own reader, called by a solution"):
        assert outcomes.pop(way) == "refused", (way, found.group(1))
    assert outcomes == {"inspect.iscoroutinefunction(scenario)": "read", "inspect.signature(scenario)": "read",
                        "repr of the scenario's task": "read", "fn.__code__ (a given method's)": "read"}, found.group(1)


def test_a_thread_racing_the_guard_reads_no_test_code():
    """Red-team pass 47: the audit hook's flag for its own reads was one for all threads, so a
    solution's thread reading its own function's code in a loop let the main thread read any
    test function's code object (every hidden P08 function, within 10,000 tries). The flag is
    per thread now: 20,000 tries for each of three functions, none read."""
    nb = nbformat.read(ROOT / "source" / "async_patterns" / "3_hard.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "p08_solution":
            cell.source = RACE.read_text()
    problems = split_problems(nb)
    checks = ProblemChecks({"p08": problems["p08"]}, Sandbox(problem_timeout=240.0))  # (its checks alone)
    try:
        result = checks.result("p08")
    finally:
        checks.close()
    said = " ".join(o.get("evalue", "") + o.get("text", "") for cell_id in problems["p08"].test_ids
                    for o in outputs_for(problems["p08"], cell_id, result, 240.0))
    assert "refused 20000x" in said, said[:3000]
    assert "READ after" not in said, said[:3000]
