"""Traced steps (`Simulation.trace_steps`): the event loop's own record of whose each loop step was,
with the tasks awaiting it then, in a notebook's run and in a check process alike: what P03's check
of "no work before the signal" judges by, since a look at the event forgives only the steps of the
task that looked and of the tasks awaiting it."""

from __future__ import annotations

import asyncio

from course.testing import run

from .test_problem_checks import _notebook, _outputs, _text


def _scenario_source() -> str:
    return '''
async def scenario(sim):
    async def child():
        await asyncio.sleep(0.001)

    async def parent():
        await asyncio.create_task(child(), name="child")

    sim.trace_steps()
    sim.trace.note("begin")
    await sim.spawn(parent(), name="parent")
    sim.trace.note("end")
    me = sim.trace.select("note", "begin")[0].task
    marks = [e.seq for e in sim.trace.select("note")]
    steps = [(e.task, tuple(e.awaiters)) for e in sim.trace.select("event loop", "step")
             if marks[0] < e.seq < marks[1] and e.task != me]
    return steps
'''


# parent's first step starts child and awaits it (the scenario awaits parent); child's first step
# sleeps, awaited by parent; its second ends it (done: nobody awaits it any more); parent's second step,
# woken by child's end, ends parent.
EXPECTED = [("parent", ("scenario",)), ("child", ("parent", "scenario")), ("child", ()), ("parent", ())]


def test_traced_steps_are_filed_by_the_loop_in_a_notebook_run():
    namespace = {"asyncio": asyncio}
    exec(_scenario_source(), namespace)
    # (Outside a check process no record says on whose behalf a plain callback runs: "main".)
    assert [step for step in run(namespace["scenario"]) if step[0] != "main"] == EXPECTED


def test_steps_are_not_traced_unless_asked():
    async def scenario(sim):
        await asyncio.sleep(0.005)
        return sim.trace.count("event loop", "step")

    assert run(scenario) == 0


def test_traced_steps_are_filed_by_the_loop_in_a_check_process():
    check = _scenario_source() + f'''
from course.testing import require, run
seen = run(scenario)
require(seen == {EXPECTED!r}, "the steps are filed by the loop", lambda: repr(seen))
print("stepped", seen)
'''
    outputs = _outputs(_notebook("pass", check))
    assert "stepped [('parent', ('scenario',))" in _text(outputs["p01_test_0"]), _text(outputs["p01_test_0"])


def _cleanup_source() -> str:
    return '''
async def cleanup_scenario(sim):
    async def left():  # started by parent, left running: its step after parent ended is not parent's
        await asyncio.sleep(0.002)

    async def child():
        await asyncio.sleep(0.001)

    async def parent():
        asyncio.create_task(left(), name="left")
        await asyncio.create_task(child(), name="child")

    sim.trace_steps()
    task = sim.spawn(parent(), name="parent")
    sim.own_steps(task)
    await task
    await asyncio.sleep(0.005)
    details = {}
    for e in sim.trace.select("event loop", "step"):
        if e.task in ("parent", "child", "left"):
            details.setdefault(e.task, []).append(e.detail)
    return details
'''


def test_a_step_names_the_task_whose_own_steps_counted_it_in_a_check_process():
    """In a check process the loop names, in each traced step, the task `own_steps` counted it for:
    the watched task's own steps and those of the tasks it started, until it ends (what P03 forgives a
    cancelled worker as its cleanup, step by step); a step after it ended is nobody's."""
    expected = {"parent": ["parent", "parent"], "child": ["parent", "parent"], "left": ["parent", None]}
    check = _cleanup_source() + f'''
from course.testing import require, run
seen = run(cleanup_scenario)
require(seen == {expected!r}, "each step names whose cleanup it was", lambda: repr(seen))
print("named", sorted(seen.items()))
'''
    outputs = _outputs(_notebook("pass", check))
    assert "named [('child', ['parent', 'parent'])" in _text(outputs["p01_test_0"]), _text(outputs["p01_test_0"])


def test_a_step_names_the_watched_task_in_a_notebook_run():
    """Outside a check process (no record of who made a task) only the watched task's own steps are named."""
    namespace = {"asyncio": asyncio}
    exec(_cleanup_source(), namespace)
    assert run(namespace["cleanup_scenario"]) == {"parent": ["parent", "parent"], "child": [None, None],
                                                  "left": [None, None]}
