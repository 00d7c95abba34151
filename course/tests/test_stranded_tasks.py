"""A task left asleep though what it awaited is done (`_loop._stranded`), tested in real check processes.

asyncio wakes a task by a done callback on the future it awaits. A solution that reaches the
future (a task's `_fut_waiter`) can take that callback out and put it back later: the task then
sleeps through its sleep's end, its wait's, its gather's, until the solution lets it go (red-team
pass 126 held a P05 test's own task asleep until its bucket had a whole token again, and P08's
and P09's tests through their breaker's and lock's bugs: +3, +6, +11). In a check process the loop
looks, before virtual time moves on, for a task of the run not done whose awaited future is done.
"""

from __future__ import annotations

from .test_problem_checks import _notebook, _outputs

# A solution's call that holds every other sleeping task asleep for `held` virtual seconds past its wake-up.
HOLDS = '''
import asyncio

def _hold(task, held):
    waiter = task._fut_waiter
    wake = [c for c, _ in (waiter._callbacks or ()) if getattr(c, "__self__", None) is task]
    for callback in wake:
        waiter.remove_done_callback(callback)
    asyncio.get_running_loop().call_later(held, lambda: [waiter.add_done_callback(c) for c in wake])

async def f(held):
    await asyncio.sleep(0.001)
    for task in asyncio.all_tasks():
        if task is not asyncio.current_task() and task._fut_waiter is not None and held:
            _hold(task, held)
    await asyncio.sleep(1)
'''

TEST = '''import asyncio
from course.testing import explore, require
async def sleeps(sim):
    helper = sim.spawn(f(HELD), name='helper')
    begun = sim.now()
    await asyncio.sleep(0.01)
    slept = sim.now() - begun
    require(abs(slept - 0.01) < 1e-9, 'a sleep of 10 ms lasts 10 ms', f'it lasted {slept:.6f} s')
    await helper
explore(sleeps, seeds=1)
'''


def _errors(held: float) -> str:
    outputs = _outputs(_notebook(HOLDS, f"HELD = {held}\n" + TEST))["p01_test_0"]
    return "\n".join(str(o.get("evalue", "")) for o in outputs if o["output_type"] == "error")


def test_a_task_held_asleep_past_its_wake_up_fails_the_run():
    errors = _errors(0.5)
    assert "left asleep though what it awaited was done (its wake-up taken away)" in errors, errors
    assert "changed what the checks run on" in errors, errors


def test_a_task_woken_as_asyncio_wakes_it_passes():
    assert _errors(0) == ""
