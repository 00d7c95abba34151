"""A solution's names in a real kernel: a later problem's solution cell redefining a shared
name (P04 and P06 both define `producer` and `consumer`), and a solution cell not run since
the kernel (re)started. Each error says what happened and what to do."""

from __future__ import annotations

import re

import nbclient
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from course.testing._failures import WRAP_AT

pytestmark = pytest.mark.slow

P04 = ("import asyncio\n"
       "from collections import deque\n"
       "async def producer(queue, condition, items):\n"
       "    for item in items:\n"
       "        async with condition:\n"
       "            queue.append(item)\n"
       "            condition.notify()\n"
       "async def consumer(queue, condition, n):\n"
       "    taken = []\n"
       "    for _ in range(n):\n"
       "        async with condition:\n"
       "            await condition.wait_for(lambda: queue)\n"
       "            taken.append(queue.popleft())\n"
       "    return taken\n")
P04_CHECK = ("from course.testing import require, run\n"
             "async def one_consumer(sim):\n"
             "    '''a consumer takes 2 items'''\n"
             "    queue, condition = deque(), asyncio.Condition()\n"
             "    taken, _ = await asyncio.gather(consumer(queue, condition, 2), producer(queue, condition, 'ab'))\n"
             "    require(taken == ['a', 'b'], 'it takes a, b', f'{taken}')\n"
             "run(one_consumer)\n"
             "passed('one consumer took a, b', problem='P04')\n")
P04_DEMO = ("from course.notebook import time_limit\n"
            "queue, condition = deque(), asyncio.Condition()\n"
            "async with time_limit(5):\n"
            "    taken, _ = await asyncio.gather(consumer(queue, condition, 1), producer(queue, condition, [1]))\n"
            "print(taken)\n")
P06 = ("async def producer(queue, n):\n"
       "    for item in range(n):\n"
       "        await queue.put(item)\n"
       "async def consumer(queue, results):\n"
       "    while True:\n"
       "        results.append(await queue.get())\n"
       "        queue.task_done()\n")

CELLS = [
    "from course.notebook import passed",          # 0: the setup cell
    P04,                                           # 1: P04's solution
    P04_CHECK,                                     # 2: passes
    P06,                                           # 3: P06's solution, later in the notebook
    P04_CHECK,                                     # 4: P04's check again: P06's consumer
    P04_DEMO,                                      # 5: P04's demo again: P06's consumer, in the kernel
    P04,                                           # 6: P04's solution again, as advised
    P04_CHECK,                                     # 7: passes again
    # 8: as after a restart: P08's solution cell not run; its check and its demo
    "from course.testing import defined\n"
    "defined('CircuitOpenError')\n",
    "try:\n"
    "    raise ValueError('x')\n"
    "except CircuitOpenError:\n"
    "    pass\n",
    # 10: an unrelated TypeError keeps its plain traceback
    "len(1, 2)",
    # 11: a demo whose code never yields names where it was stopped
    "async def busy():\n"
    "    spins = 0\n"
    "    while True:\n"
    "        spins += 1\n"
    "async with time_limit(0.3):\n"
    "    await busy()\n",
]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nb = new_notebook(cells=[new_code_cell(source) for source in CELLS])
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(tmp_path_factory.mktemp("a"))}}).execute()
    return nb.cells


def _error(cell) -> str:
    """The error's traceback as one line of text (a failure's lines are wrapped between words)."""
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert len(errors) == 1, cell.outputs
    text = re.sub(r"\x1b\[[0-9;]*m", "", " ".join(errors[0].traceback))
    return " ".join(text.split())


def _ok(cell) -> bool:
    return not [o for o in cell.outputs if o.output_type == "error" or o.get("name") == "stderr"]


def test_an_earlier_problem_rechecked_after_a_later_one_says_what_happened(executed):
    assert _ok(executed[2]) and _ok(executed[7])
    check = _error(executed[4])
    assert "consumer() takes 2 positional arguments but 3 were given" in check
    assert "`consumer` now is P06's" in check and "run P04's solution cell again, then this cell" in check
    assert "Draw this schedule" not in check  # nothing concurrent to draw
    demo = _error(executed[5])
    assert "TypeError" in demo and "`consumer` now is P06's" in demo
    assert "run P04's solution cell again, then this cell" in demo
    # (A new student's trial: a screen of traceback through the demo's code came first, and the advice,
    # one long line, was broken by the browser mid-word.) The error's line, then the advice, wrapped.
    lines = [o for o in executed[5].outputs if o.output_type == "error"][0].traceback
    assert "Traceback" not in demo and "consumer() takes 2 positional arguments but 3 were given" in lines[0]
    assert all(len(re.sub(r"\x1b\[[0-9;]*m", "", line)) <= WRAP_AT for line in lines[1:]) and len(lines) > 2


def test_a_name_of_a_solution_cell_not_run_says_run_the_solution_cell(executed):
    check = _error(executed[8])
    assert "`CircuitOpenError` is defined by P08's solution cell" in check
    assert "run the solution cell" in check
    demo = _error(executed[9])
    assert "NameError" in demo and "`CircuitOpenError` is defined by P08's solution cell" in demo


def test_other_errors_are_left_as_they_are(executed):
    shown = _error(executed[10])
    assert "TypeError" in shown and "What to do" not in shown


def test_a_demo_that_never_yields_says_where_it_was_stopped(executed):
    shown = _error(executed[11])
    assert "never gave control back" in shown
    assert re.search(r"It was stopped in busy\(\) line [34]: `(while True:|spins \+= 1)`", shown), shown
