"""course.grading.ExecuteIsolated's kernel cells, with real sandboxed kernels: whatever a kernel
sends, the notebook leaving the preprocessor is valid and nothing raises out of it (red-team pass 56:
nbgrader dropped the student's whole assignment), and kernel restarts replay for a bounded time."""

from __future__ import annotations

import time

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from course.grading import ExecuteIsolated


def _cell(source: str, grade_id: str | None = None, *, solution: bool = False) -> nbformat.NotebookNode:
    cell = new_code_cell(source)
    if grade_id is not None:
        cell.metadata["nbgrader"] = {"grade_id": grade_id, "grade": False, "solution": solution,
                                     "locked": not solution, "schema_version": 3}
    return cell


def _run(nb: nbformat.NotebookNode, tmp_path, **settings) -> nbformat.NotebookNode:
    nb, _ = ExecuteIsolated(**{"timeout": 60, **settings}).preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    return nb


_SEND = ("_kernel = get_ipython().kernel\n"
         "_kernel.session.send(_kernel.iopub_socket, {kind!r}, {content!r}, parent=_kernel.get_parent('shell'))\n")


def test_what_a_kernel_sends_never_breaks_the_notebook(tmp_path):
    """A display id noted only in a replay, updated later (nbclient indexed past the end of the
    put-back cell's outputs: IndexError); a string execution count (nbconvert refused the notebook);
    a stream message without its fields (nbclient's KeyError)."""
    nb = new_notebook(cells=[
        _cell("from IPython.display import display, update_display\nimport os"),
        _cell("_demo_ran = True", "p01_demo_first"),  # a demo: never replayed
        _cell("if not globals().get('_demo_ran'):  # only when replayed\n"
              "    print('replayed')\n    display('marker', display_id='atk')\n", "p01_solution", solution=True),
        _cell("os._exit(1)", "p01_demo"),
        _cell("update_display('boom', display_id='atk')\nprint('updated')", "p01_demo_update"),
        _cell(_SEND.format(kind="execute_input", content={"code": "", "execution_count": "<img src=x>"}),
              "p01_demo_count"),
        _cell(_SEND.format(kind="stream", content={"bogus": 1}) + "print('sent')", "p01_demo_bogus"),
        _cell("print('still running')", "p01_demo_last"),
    ])
    nb = _run(nb, tmp_path)
    cells = nb.cells
    assert cells[2].outputs == [], cells[2].outputs  # its own run's outputs, not its replay's
    assert "KernelDied" in str(cells[3].outputs)
    assert "updated" in str(cells[4].outputs)
    assert cells[5].execution_count is None or type(cells[5].execution_count) is int, cells[5].execution_count
    assert "could not be taken and were dropped (KeyError" in str(cells[6].outputs), cells[6].outputs
    assert "sent" in str(cells[6].outputs), cells[6].outputs
    assert "still running" in str(cells[7].outputs), cells[7].outputs
    nbformat.validate(nb)


def test_replays_after_kernel_restarts_share_one_time_budget(tmp_path):
    """A solution cell slow only in the kernel was replayed after every restart a demo caused: the
    replays cost restarts x its time (330 s for one notebook in red-team pass 56). They now share
    `max_replay_seconds`; past it the remaining kernel cells are not run, and say why."""
    nb = new_notebook(cells=[_cell("import os, time"),
                             _cell("time.sleep(2)", "p01_solution", solution=True),
                             *(_cell("os._exit(1)", f"p01_demo_{i}") for i in range(5))])
    started = time.monotonic()
    nb = _run(nb, tmp_path, timeout=10, max_replay_seconds=5)
    seconds = time.monotonic() - started
    said = [str(cell.outputs) for cell in nb.cells[2:]]
    assert all("KernelDied" in text for text in said[:3]), said
    assert "replaying the earlier cells after kernel restarts took 5 s" in said[2], said[2]
    assert all("Not run" in text and "replaying the earlier cells" in text for text in said[3:]), said
    assert seconds < 2 + 5 + 1 + 4 * 3, seconds  # the cell, the budget, the last replay's bound, restarts
    nbformat.validate(nb)
