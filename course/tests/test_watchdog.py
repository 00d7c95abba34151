"""The CPU watchdog stops one callback that never gives control back, never a run that yields.

A run's length is bounded by counted limits (`Limits.max_steps`, the livelock bound), the
same on every machine; the watchdog's CPU limit applies from the loop's last step. These
run each scenario with a CPU limit far below what the whole run takes (so a limit on the
run, as before, fails them) both in this process (a notebook's path: a worker thread and
its guard) and in a real sandboxed check process (the grader's path: the ledger, a
watchdog thread).
"""

from __future__ import annotations

import time

import nbformat
import pytest

from course.grading.problem_checks import ProblemChecks, outputs_for, split_problems
from course.grading.sandbox import Sandbox
from course.testing import Livelock, NeverYields, run

SCENARIOS = '''
import asyncio
import time


def burn(seconds):
    """Use `seconds` of this thread's CPU time without yielding."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


async def yields_often(sim):
    """30 steps of 10 ms of CPU each, in three tasks: 0.9 s in all, never 0.1 s without yielding"""
    async def worker():
        for _ in range(10):
            burn(0.01)
            await asyncio.sleep(0.01)
    await asyncio.gather(*(worker() for _ in range(3)))
    return "finished"


async def busy_batch(sim):
    """four tasks ready at one instant, 60 ms of CPU each: one batch of 0.24 s"""
    async def worker():
        await asyncio.sleep(1)
        burn(0.06)
    await asyncio.gather(*(worker() for _ in range(4)))
    return "finished"


async def spins_after_a_while(sim):
    """a thousand quick steps, then a loop that never yields"""
    for _ in range(1000):
        await asyncio.sleep(0.001)
    while True:
        pass


async def livelock(sim):
    """two tasks waking each other at one instant forever"""
    async def player(mine, theirs):
        while True:
            await mine.wait()
            mine.clear()
            theirs.set()
    ping, pong = asyncio.Event(), asyncio.Event()
    ping.set()
    await asyncio.gather(player(ping, pong), player(pong, ping))
'''

#: (scenario, CPU limit in seconds, what the check gives: a result or a failure's title)
CASES = [
    ("yields_often", 0.1, "finished"),
    ("busy_batch", 0.1, "finished"),
    ("spins_after_a_while", 0.3, "Never yields"),
    # 50,000 steps at one instant take ~0.2-1 s of CPU: far past the limit, still a livelock.
    ("livelock", 0.02, "Livelock"),
]


def _scenarios() -> dict:
    namespace: dict = {}
    exec(compile(SCENARIOS, "<scenarios>", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("name, cpu_limit, expected", CASES, ids=[c[0] for c in CASES])
def test_in_a_notebook_only_a_callback_that_never_yields_is_stopped(name, cpu_limit, expected):
    scenario = _scenarios()[name]
    if expected == "finished":
        started = time.thread_time()
        assert run(scenario, cpu_limit=cpu_limit) == "finished"
        assert time.thread_time() - started < 1  # (the worker's CPU is not this thread's)
    else:
        with pytest.raises((NeverYields, Livelock)) as caught:
            run(scenario, cpu_limit=cpu_limit)
        assert str(caught.value).startswith(expected), str(caught.value)[:300]


def _cell(grade_id: str, source: str, *, test: bool = False, solution: bool = False) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade_id": grade_id, "grade": test, "solution": solution,
                                 "locked": not solution, "points": 1 if test else 0, "schema_version": 3}
    return cell


def test_in_a_check_process_only_a_callback_that_never_yields_is_stopped():
    nb = nbformat.v4.new_notebook()
    nb.cells = [_cell("setup", "import asyncio"), _cell("p01_solution", SCENARIOS, solution=True)]
    for name, cpu_limit, expected in CASES:
        # (A check runs only a scenario of the test's own code: this one runs the solution's.)
        lines = ["### BEGIN HIDDEN TESTS", "from course.testing import run",
                 f"async def {name}_checked(sim):\n    return await {name}(sim)"]
        if expected == "finished":
            lines += [f"result = run({name}_checked, cpu_limit={cpu_limit})", f"assert result == {expected!r}, result"]
        else:
            lines += [f"run({name}_checked, cpu_limit={cpu_limit})"]
        nb.cells.append(_cell(f"p01_test_{name}", "\n".join(lines + ["### END HIDDEN TESTS"]), test=True))
    problem = split_problems(nb)["p01"]
    checks = ProblemChecks({"p01": problem}, Sandbox(problem_timeout=30.0))
    try:
        result = checks.result("p01")
    finally:
        checks.close()
    assert result.ended == "done", (result.ended, result.log[-2000:])
    for name, _, expected in CASES:
        outputs = outputs_for(problem, f"p01_test_{name}", result, 30.0)
        errors = [o.get("evalue", "") for o in outputs if o.get("output_type") == "error"]
        if expected == "finished":
            assert errors == [], (name, errors)
        else:
            assert len(errors) == 1 and errors[0].startswith(expected), (name, [e[:300] for e in errors])


def test_stopping_a_spin_inside_the_harness_leaves_its_keeper_alive():
    """The watchdog's stop lands in the solution's code, never between two lines of the ledger
    keeper (a generator that lives as long as the process): stopped there, it ended, and every
    later check failed with a bare StopIteration (as in CI; here within ~10-50 runs of this spin)."""
    import asyncio

    from course.testing import _trace

    async def spins_through_traced_primitives(sim):
        event, lock = sim.event(), sim.lock()
        while True:  # each call files an event through the keeper
            event.set()
            event.clear()
            lock.locked()
            asyncio.current_task()

    for _ in range(100):
        with pytest.raises(NeverYields):
            run(spins_through_traced_primitives, cpu_limit=0.02)
        assert _trace._KEEPER.gi_frame is not None, "the keeper ended"

    async def fine(sim):
        event = sim.event()
        event.set()
        await event.wait()
        return "finished"

    assert run(fine) == "finished"
