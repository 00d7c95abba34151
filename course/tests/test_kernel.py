"""The harness inside a real Jupyter kernel (through nbclient), as test cells use it."""

from __future__ import annotations

import nbclient
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

CELLS = [
    # 0: student-like code, defined in the kernel's namespace
    "import asyncio\n"
    "async def increment(counter, lock, n):\n"
    "    for _ in range(n):\n"
    "        async with lock:\n"
    "            value = counter[0]\n"
    "            await asyncio.sleep(0.001)\n"
    "            counter[0] = value + 1",
    # 1: a passing exploration
    "from course.testing import explore, require, run\n"
    "async def total(sim):\n"
    "    counter, lock = [0], sim.lock()\n"
    "    await asyncio.gather(*(increment(counter, lock, 5) for _ in range(4)))\n"
    "    require(counter[0] == 20, 'total is 20', f'{counter[0]}')\n"
    "explore(total, seeds=50)\n"
    "print('explored')",
    # 2: a deadlock, caught and printed
    "async def stuck(sim):\n"
    "    lock = sim.lock('gate')\n"
    "    await lock.acquire()\n"
    "    await increment([0], lock, 1)\n"
    "try:\n"
    "    run(stuck)\n"
    "except AssertionError as failure:\n"
    "    print(type(failure).__name__, 'gate' in str(failure))",
    # 3: a busy loop: the check fails, the kernel lives
    "SECRET_HIDDEN_TEST_LINE = 1\n"
    "async def increment(counter, lock, n):\n"
    "    while True:\n"
    "        pass\n"
    "run(total, cpu_limit=0.5)",
    # 4: the kernel's own loop still works
    "await asyncio.sleep(0.01)\n"
    "print('kernel alive')",
]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nb = new_notebook(cells=[new_code_cell(source) for source in CELLS])
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(tmp_path_factory.mktemp("k"))}}).execute()
    return nb.cells


def _text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_explore_and_deadlock_report_inside_a_kernel(executed):
    assert _text(executed[1]) == "explored\n"
    assert _text(executed[2]) == "Deadlock True\n"


def test_a_busy_loop_fails_its_cell_and_the_kernel_survives(executed):
    errors = [o for o in executed[3].outputs if o.output_type == "error"]
    assert [e.ename for e in errors] == ["NeverYields"]
    assert _text(executed[4]) == "kernel alive\n"


def test_no_cell_writes_to_stderr(executed):
    for cell in executed:
        assert not [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]


def test_failure_traceback_shows_the_message_not_the_test_code(executed):
    error = next(o for o in executed[3].outputs if o.output_type == "error")
    shown = "\n".join(error.traceback)
    assert "Never yields" in shown and "What was checked" in shown
    assert "SECRET_HIDDEN_TEST_LINE" not in shown, "the cell's source leaked into the traceback"
