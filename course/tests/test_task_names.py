"""In a check process, a task the test spawned (`sim.spawn`) is the only one filed under its name: the
checks tell their tasks apart by name (`working_for="call-3"`, a look at the event by "worker-0"), so a task
of the solution's named after one of them is filed under another name (`name #2`), whether it was made
after the test's task or before it and still runs (red-team pass 64: a decoy named after the call it
served passed for that call's request)."""

from __future__ import annotations

from .test_problem_checks import _notebook, _outputs, _text

SOLUTION = '''
import asyncio

async def increment(counter, lock, n):
    pass

early = []

async def namesake(name):
    early.append(asyncio.current_task())
    await asyncio.sleep(1)

def decoys(names):
    return [asyncio.get_running_loop().create_task(namesake(name), name=name) for name in names]
'''

CHECK = '''
import asyncio
from course.testing import require, run

async def scenario(sim):
    before = decoys(["worker-1"])  # a task of the solution's, running when the test names one so
    await asyncio.sleep(0)
    workers = [sim.spawn(asyncio.sleep(0.5), name=f"worker-{i}") for i in range(2)]
    after = decoys(["worker-0", "worker-0"])  # made after the test's, with its name
    await asyncio.sleep(0)
    again = sim.spawn(asyncio.sleep(0.1), name="worker-0")  # the test may reuse a name of its own
    names = [t.get_name() for t in workers + before + after + [again]]
    await asyncio.gather(*workers, again)
    for t in before + after:
        t.cancel()
    return names

names = run(scenario)
require(names == ["worker-0", "worker-1", "worker-1 #2", "worker-0 #2", "worker-0 #3", "worker-0"],
        "a task of the solution's is never filed under a name the test gave a task of its own", lambda: repr(names))
print("named", names)
'''


def test_a_solution_task_never_takes_the_name_of_a_test_task_in_a_check_process():
    outputs = _outputs(_notebook(SOLUTION, CHECK))["p01_test_0"]
    assert "named ['worker-0', 'worker-1', 'worker-1 #2'" in _text(outputs), _text(outputs)
