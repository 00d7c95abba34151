"""course.visuals inside a real Jupyter kernel (nbclient): displays, replay line, HTML export."""

from __future__ import annotations

import nbclient
import pytest
from nbconvert import HTMLExporter
from nbformat.v4 import new_code_cell, new_notebook

pytestmark = pytest.mark.slow

WIDGET = "application/vnd.jupyter.widget-view+json"

CELLS = [
    # 0: a timeline of a real run
    "import asyncio\n"
    "from course.testing import explore, require, run\n"
    "from course.visuals import timeline, semaphore_experiment\n"
    "async def two_users(sim):\n"
    "    db = sim.lock('db')\n"
    "    async def user():\n"
    "        async with db:\n"
    "            await asyncio.sleep(0.01)\n"
    "    await asyncio.gather(sim.spawn(user(), 'alice'), sim.spawn(user(), 'bob'))\n"
    "    return sim\n"
    "timeline(run(two_users), title='two users, one lock')",
    # 1: an experiment on a student-like solution defined in the kernel
    "async def api_call(task_id, semaphore, active):\n"
    "    async with semaphore:\n"
    "        active.add(task_id)\n"
    "        await asyncio.sleep(0.01)\n"
    "        active.discard(task_id)\n"
    "semaphore_experiment(api_call)",
    # 2: a failing check; its message's last line is run as written
    "async def racy(sim):\n"
    "    '''4 increments add 4'''\n"
    "    counter = sim.shared_list([0], 'counter')\n"
    "    async def inc():\n"
    "        value = counter[0]\n"
    "        await asyncio.sleep(0.001)\n"
    "        counter[0] = value + 1\n"
    "    await asyncio.gather(*(inc() for _ in range(4)))\n"
    "    require(counter[0] == 4, '4 increments add 4', f'the counter is {counter[0]}')\n"
    "try:\n"
    "    explore(racy, seeds=3)\n"
    "except AssertionError as failure:\n"
    "    line = [l for l in str(failure).splitlines() if l.startswith('Draw this schedule: ')][0]\n"
    "    print(line)\n",
    # 3
    "exec(line.split(': ', 1)[1])\n"
    "replay(racy, seed=0)",
    # 4: a visible check's kind of scenario: plain asyncio objects, student code that never
    #    releases its permit (a deadlock of five waiting tasks)
    "async def api_call(task_id, semaphore, active):\n"
    "    await semaphore.acquire()\n"
    "    active.add(task_id)\n"
    "    await asyncio.sleep(0.01)\n"
    "    active.discard(task_id)\n"
    "async def six_calls(sim):\n"
    "    '6 calls through a semaphore of 1'\n"
    "    semaphore, active = asyncio.Semaphore(1), set()\n"
    "    await asyncio.gather(*(api_call(i, semaphore, active) for i in range(6)))\n"
    "try:\n"
    "    run(six_calls)\n"
    "except AssertionError as failure:\n"
    "    print([l for l in str(failure).splitlines() if l.startswith('Draw this schedule: ')][0])\n",
    # 5
    "replay(six_calls)",
]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nb = new_notebook(cells=[new_code_cell(source) for source in CELLS])
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(tmp_path_factory.mktemp("v"))}}).execute()
    return nb


def _display(cell):
    (output,) = [o for o in cell.outputs if o.output_type in ("display_data", "execute_result")]
    return output.data


def test_displays_carry_the_widget_and_its_static_copy(executed):
    for index in (0, 1, 3):
        cell = executed.cells[index]
        assert not [o for o in cell.outputs if o.output_type == "error" or o.get("name") == "stderr"], cell.outputs
        data = _display(cell)
        assert WIDGET in data and "<svg" in data["text/html"] and "<script" not in data["text/html"]
    assert "two users, one lock" in _display(executed.cells[0])["text/plain"]
    assert "alice: lock held 0.0100 s" in _display(executed.cells[0])["text/plain"]
    assert "course-experiment-static" in _display(executed.cells[1])["text/html"]


def test_the_failure_line_draws_the_failing_schedule(executed):
    printed = "".join(o.text for o in executed.cells[2].outputs if o.output_type == "stream")
    assert printed.startswith("Draw this schedule: from course.visuals import replay; replay(racy, seed=")
    assert "FAILED" in _display(executed.cells[3])["text/html"]


def test_a_plain_asyncio_failure_replays_every_task_and_primitive(executed):
    printed = "".join(o.text for o in executed.cells[4].outputs if o.output_type == "stream")
    assert printed == "Draw this schedule: from course.visuals import replay; replay(six_calls)\n"
    data = _display(executed.cells[5])
    assert WIDGET in data and "Deadlock" in data["text/html"]
    summary = data["text/plain"]
    assert summary.count("waiting for a permit") == 5 and summary.count("permit held") == 1, summary
    assert 'data-category="wait:semaphore"' in data["text/html"]


def test_exported_html_shows_the_static_pictures(executed):
    html, _ = HTMLExporter().from_notebook_node(executed)
    assert html.count('class="course-timeline"') == 4  # the timeline, the experiment's, two replays
    assert 'class="course-chart"' in html
    assert f'type="{WIDGET}"' not in html  # no widget state: the static copy is what shows
