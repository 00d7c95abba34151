"""Each problem's test cells run in a sandboxed process of their own, and what it
reports becomes the cells' outputs only if it is well-formed and really came
from course.problem_process (real bubblewrap sandboxes, real interpreters)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from course.grading.problem_checks import (MAX_OUTPUTS, MAX_REPORT_BYTES, ProblemChecks, outputs_for, split_problems,
                                          valid_outputs)
from course.grading.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]


def _cell(grade_id: str, source: str, *, test: bool = False, solution: bool = False) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade_id": grade_id, "grade": test, "solution": solution,
                                 "locked": not solution, "points": 1 if test else 0, "schema_version": 3}
    return cell


def _notebook(solution: str, *tests: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [_cell("setup", "import asyncio\nSETUP = 1"),
                _cell("p01_given", "GIVEN = 2"),
                _cell("p01_solution", solution, solution=True),
                _cell("p01_demo", "raise RuntimeError('demos never run in a check process')"),
                *(_cell(f"p01_test_{i}", source, test=True) for i, source in enumerate(tests))]
    return nb


def _outputs(nb: nbformat.NotebookNode, **sandbox) -> dict[str, list[dict]]:
    problems = split_problems(nb)
    settings = {"problem_timeout": 20.0, **sandbox}
    checks = ProblemChecks(problems, Sandbox(**settings))
    try:
        result = checks.result("p01")
    finally:
        checks.close()
    problem = problems["p01"]
    return {cell_id: outputs_for(problem, cell_id, result, settings["problem_timeout"])
            for cell_id in problem.test_ids}


def _text(outputs: list[dict]) -> str:
    return "\n".join(o.get("text") or o.get("evalue") or str(o.get("data", {}).get("text/plain", ""))
                     for o in outputs)


def test_problems_hold_setup_given_solution_and_tests_only():
    nb = nbformat.read(ROOT / "source" / "async_patterns" / "1_easy.ipynb", as_version=4)
    problems = split_problems(nb)
    assert sorted(problems) == ["p01", "p02", "p03"]
    roles = [(cell_id, role) for cell_id, role, _ in problems["p02"].cells]
    assert roles[:3] == [("setup", "setup"), ("p02_given", "given"), ("p02_solution", "solution")]
    assert all(role == "test" for _, role in roles[3:]) and len(roles) == 3 + 7
    assert not any(cell_id.startswith(("p01", "p03")) for cell_id, _ in roles)


def test_test_cells_report_their_outputs_and_errors():
    outputs = _outputs(_notebook("def f():\n    return SETUP + GIVEN",
                                 "print(f())", "assert f() == 4, 'f() should be 4'", "f()"))
    assert outputs["p01_test_0"] == [{"output_type": "stream", "name": "stdout", "text": "3\n"}]
    error, = outputs["p01_test_1"]
    assert error["output_type"] == "error" and error["ename"] == "AssertionError"
    result, = outputs["p01_test_2"]
    assert result["output_type"] == "execute_result" and result["data"]["text/plain"] == "3"


def test_a_process_that_exits_fails_its_remaining_checks_with_a_reason():
    outputs = _outputs(_notebook("import os\ndef f():\n    os._exit(3)", "print('fine')", "f()", "print('never')"))
    assert _text(outputs["p01_test_0"]) == "fine\n"
    for cell_id in ("p01_test_1", "p01_test_2"):
        error, = outputs[cell_id]
        assert error["ename"] == "ProblemProcessEnded" and "exit status 3" in error["evalue"], error


def test_a_process_past_its_bound_is_killed_and_its_checks_fail():
    spin = "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass"
    outputs = _outputs(_notebook("pass", "print('first')", spin, "print('never')"), problem_timeout=2.0)
    assert _text(outputs["p01_test_0"]) == "first\n"
    for cell_id in ("p01_test_1", "p01_test_2"):
        error, = outputs[cell_id]
        assert error["ename"] == "ProblemTimeout" and "2 s" in error["evalue"], error


def test_reports_without_the_token_are_ignored():
    forge = ("import json, os\n"
             "for fd in range(3, 64):\n"
             "    try:\n"
             "        os.write(fd, (json.dumps({'token': 'guess', 'id': 'p01_test_0', 'outputs': []}) + '\\n').encode())\n"
             "    except OSError:\n"
             "        pass\n")
    outputs = _outputs(_notebook(forge, "raise AssertionError('the real verdict')"))
    error, = outputs["p01_test_0"]
    assert error["ename"] == "AssertionError", outputs


def test_replacing_json_dumps_cannot_rewrite_the_report():
    rewrite = ("import json\n_real = json.dumps\n"
               "json.dumps = lambda m, *a, **k: _real(dict(m, outputs=[]) if 'outputs' in m else m, *a, **k)")
    outputs = _outputs(_notebook(rewrite, "raise AssertionError('the real verdict')"))
    assert outputs["p01_test_0"][0]["ename"] == "AssertionError", outputs


@pytest.mark.parametrize("outputs", [[{"output_type": "bogus", "name": 5}], [{"output_type": "stream"}],
                                     "not a list", [{"output_type": "error", "ename": 1}]])
def test_invalid_outputs_are_refused(outputs):
    assert not valid_outputs(outputs)


def test_valid_outputs_are_accepted():
    assert valid_outputs([{"output_type": "stream", "name": "stdout", "text": "x"},
                          {"output_type": "display_data", "data": {"text/plain": "y"}, "metadata": {}},
                          {"output_type": "error", "ename": "E", "evalue": "v", "traceback": ["t"]}])


def test_an_invalid_reported_output_scores_zero_instead_of_breaking_the_notebook():
    inject = ("get_ipython().events.register('pre_run_cell', "
              "lambda info: get_ipython().outputs.items.append({'output_type': 'bogus'}))")
    outputs = _outputs(_notebook(inject, "print('looks fine')"))
    error, = outputs["p01_test_0"]
    assert error["ename"] == "InvalidOutput", outputs


def test_a_flood_of_outputs_scores_zero_instead_of_swamping_the_grader():
    many = ("from IPython.display import display\n"
            f"get_ipython().events.register('pre_run_cell', lambda info: [display({{'text/plain': 'x'}}, raw=True) "
            f"for _ in range({MAX_OUTPUTS + 1})])")
    outputs = _outputs(_notebook(many, "print('looks fine')"))
    error, = outputs["p01_test_0"]
    assert error["ename"] == "TooMuchOutput" and f"at most {MAX_OUTPUTS}" in error["evalue"], error


def test_a_report_too_large_to_read_scores_zero_and_is_never_held_whole():
    huge = f"get_ipython().events.register('pre_run_cell', lambda info: print('x' * {MAX_REPORT_BYTES + 10}))"
    outputs = _outputs(_notebook(huge, "pass", "pass"))
    for cell_id in ("p01_test_0", "p01_test_1"):
        error, = outputs[cell_id]
        assert error["ename"] == "TooMuchOutput" and "MiB" in error["evalue"], error
