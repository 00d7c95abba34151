"""Traced sleeps (`Simulation.trace_sleeps`): the event loop's own record of which task slept, for how
long and when the sleep ended, in a notebook's run and in a check process alike: what P06's check of
"each consumer takes part" judges by, since `results` and even `task_done()` can be another's."""

from __future__ import annotations

import asyncio

from course.testing import run

from .test_problem_checks import _notebook, _outputs, _text


def _scenario_source() -> str:
    return '''
async def scenario(sim):
    sim.trace_sleeps()

    async def part():
        await asyncio.sleep(0.005)

    async def worker():
        await asyncio.sleep(0.002)
        await asyncio.create_task(part(), name="part")  # a task it awaits: its work
        cut = asyncio.create_task(asyncio.sleep(1), name="cut")
        await asyncio.sleep(0.001)
        cut.cancel()  # a sleep cancelled before its end is no sleep that ran its course
        await asyncio.sleep(0)  # no timer at all

    async def other():
        hand = asyncio.sleep(0.001)
        hand.send(None)  # its timer is set in this step, but nobody awaits it: no sleep of anybody's
        await asyncio.sleep(0.004)
        hand.close()

    await asyncio.gather(sim.spawn(worker(), name="worker"), sim.spawn(other(), name="other"))
    slept = [(e.task, round(e.time, 6), e.detail) for e in sim.trace.select("asyncio.sleep", "slept")]
    return slept, sim.trace.count("asyncio.sleep", "slept", working_for="worker")
'''


EXPECTED = ([("worker", 0.002, 0.002), ("other", 0.004, 0.004), ("part", 0.007, 0.005), ("worker", 0.008, 0.001)], 3)


def test_traced_sleeps_are_filed_by_the_loop_in_a_notebook_run():
    namespace = {"asyncio": asyncio}
    exec(_scenario_source(), namespace)
    assert run(namespace["scenario"]) == EXPECTED


def test_sleeps_are_not_traced_unless_asked():
    async def scenario(sim):
        await asyncio.sleep(0.005)
        return sim.trace.count("asyncio.sleep", "slept")

    assert run(scenario) == 0


def test_traced_sleeps_are_filed_by_the_loop_in_a_check_process():
    check = _scenario_source() + f'''
from course.testing import require, run
seen = run(scenario)
require(seen == {EXPECTED!r}, "the sleeps are filed by the loop", lambda: repr(seen))
print("slept", seen)
'''
    outputs = _outputs(_notebook("pass", check))
    assert "slept ([('worker', 0.002, 0.002)" in _text(outputs["p01_test_0"]), _text(outputs["p01_test_0"])


def test_a_sleep_only_the_solution_claims_is_not_filed_in_a_check_process():
    # What a solution may do to look busy without sleeping: record an event in the trace itself
    # (forged, failing the run), or resolve a sleep's future early (the sealed sleep fails the run).
    solution = '''
import asyncio
async def increment(counter, lock, n):
    pass
def fake(sim):
    sim.trace.record("asyncio.sleep", "slept", 0.005, task="worker")
'''
    check = '''
import asyncio
from course.testing import require, run
async def scenario(sim):
    sim.trace_sleeps()
    fake(sim)
    return sim.trace.count("asyncio.sleep", "slept")
run(scenario)
print("not reached")
'''
    [output] = _outputs(_notebook(solution, check))["p01_test_0"]
    assert output["output_type"] == "error" and "events recorded through fake" in output["evalue"], output
