"""A traced list records, at each read and write, how many times its task had suspended:
the facts a check needs to tell whether an update gave control away between its read and
its write, whatever it awaited. Also `Trace.windows`, `VirtualTimeLoop.count_suspensions`, and
`Simulation.event` making a test's own subclass of TracedEvent."""

from __future__ import annotations

import asyncio

import pytest

from course.testing import SolutionError, Trace, TracedEvent, TracedList, VirtualTimeLoop, run


async def _no_suspension() -> int:
    return 1  # a coroutine with no await: awaiting it never gives control away


def _updates(scenario, seed=None):
    """(task, suspended between read and write?) for each read-then-write window of "counter"."""
    async def wrapped(sim):
        counter = sim.shared_list([0], "counter")
        await scenario(sim, counter)
        return [(write.task, write.suspensions != read.suspensions) for read, write in sim.trace.windows("counter")]

    return run(wrapped, seed=seed)


@pytest.mark.parametrize("pause", ["sleep(0)", "sleep(0.001)", "alias", "contended lock"])
def test_an_update_that_awaits_something_that_suspends_is_seen_suspending(pause):
    async def scenario(sim, counter):
        lock = asyncio.Lock()

        async def io():
            await asyncio.sleep(0.001)

        alias = io

        async def update(name):
            current = counter[0]
            if pause == "sleep(0)":
                await asyncio.sleep(0)
            elif pause == "sleep(0.001)":
                await io()
            elif pause == "alias":
                await alias()
            else:
                async with lock:  # the other task holds it: this waits
                    pass
            counter[0] = current + 1

        async def holder():
            async with lock:
                await asyncio.sleep(0.01)

        await asyncio.gather(sim.spawn(holder(), "holder"), sim.spawn(update("a"), "a"), sim.spawn(update("b"), "b"))

    assert sorted(_updates(scenario)) == [("a", True), ("b", True)]


@pytest.mark.parametrize("pause", ["nothing", "a coroutine with no await", "a free lock"])
def test_an_update_with_no_suspension_between_read_and_write_is_seen_as_such(pause):
    async def scenario(sim, counter):
        lock = asyncio.Lock()

        async def update():
            await asyncio.sleep(0.001)  # suspends before the read: that does not count
            current = counter[0]
            if pause == "a coroutine with no await":
                current = current - 1 + await _no_suspension()
            elif pause == "a free lock":
                async with lock:
                    pass
            counter[0] = current + 1
            await asyncio.sleep(0.001)  # and after the write: nor does that

        await asyncio.gather(update(), update())

    assert [suspended for _, suspended in _updates(scenario)] == [False, False]


def test_a_task_that_runs_alone_is_seen_suspending_in_the_step_it_read_in():
    # The loop's lean path for a lone runnable task counted no suspension for the step in which
    # a traced read started counting that task: its write then looked unsuspended (red-team
    # pass 21: a P01 update done by a child task, awaited while its parent held the lock).
    async def scenario(sim, counter):
        async def update():
            current = counter[0]
            await asyncio.sleep(0.001)
            counter[0] = current + 1

        await sim.spawn(update(), "alone")
        await asyncio.create_task(update())

    assert [suspended for _, suspended in _updates(scenario)] == [True, True]


def test_counts_are_per_task_and_go_up_by_one_per_suspension():
    async def scenario(sim):
        counter = sim.shared_list([0], "counter")

        async def task():
            for _ in range(3):
                counter[0] = counter[0] + 1  # read and write in one go
                await asyncio.sleep(0)

        await asyncio.gather(sim.spawn(task(), "t1"), sim.spawn(task(), "t2"))
        return {name: [e.suspensions for e in sim.trace.select("counter", task=name)] for name in ("t1", "t2")}

    assert run(scenario, seed=3) == {"t1": [0, 0, 1, 1, 2, 2], "t2": [0, 0, 1, 1, 2, 2]}


def test_counting_suspensions_changes_no_schedule():
    # The same seeded scenario, touching a traced list or a plain one, interleaves the
    # same way: counting only watches.
    def scenario(traced):
        async def interleaving(sim):
            counter = sim.shared_list([0], "counter") if traced else [0]
            lock = sim.lock("lock")

            async def worker():
                for _ in range(4):
                    _ = counter[0]
                    await asyncio.sleep(0)
                    async with lock:
                        await asyncio.sleep(0.001)

            await asyncio.gather(*(sim.spawn(worker(), f"w{i}") for i in range(4)))
            return [(e.task, e.kind) for e in sim.trace.select("lock")]

        return interleaving

    for seed in range(5):
        assert run(scenario(traced=True), seed=seed) == run(scenario(traced=False), seed=seed)


def test_counting_keeps_a_cancel_plan_and_never_cancels_by_itself():
    loop = VirtualTimeLoop(seed=1)
    try:
        async def sleeper(n):
            for _ in range(n):
                await asyncio.sleep(0.001)
            return "done"

        async def main():
            planned = loop.create_task(sleeper(5), name="planned")
            loop.cancel_at(planned, 2)
            assert loop.count_suspensions(planned) == 0  # counted already: the plan stays
            watched = loop.create_task(sleeper(5), name="watched")
            assert loop.count_suspensions(watched) == 0
            outcomes = await asyncio.gather(planned, watched, return_exceptions=True)
            return outcomes, loop.suspensions(watched)

        (planned, watched), count = loop.run_until_complete(main())
        assert isinstance(planned, asyncio.CancelledError)
        assert watched == "done" and count == 5  # one per sleep (the step that returned is none)
    finally:
        loop.close()


def test_a_traced_list_without_a_counter_records_no_suspensions():
    async def scenario(sim):
        counter = TracedList(sim.trace, "counter", [0])  # made directly: nothing counts suspensions
        counter[0] = counter[0] + 1
        return [e.suspensions for e in sim.trace.select("counter")]

    assert run(scenario) == [None, None]
    assert Trace(lambda: 0.0).record("counter", "read", (0, 1), suspensions=3).suspensions == 3


def test_windows_pair_each_tasks_last_read_with_its_next_write():
    trace = Trace(lambda: 0.0)
    for task, kind in [("a", "read"), ("b", "read"), ("a", "read"), ("b", "write"), ("c", "read"),
                       ("a", "write"), ("a", "write")]:
        trace.record("counter", kind, task=task)
    pairs = [(begin.task, begin.seq, end.seq) for begin, end in trace.windows("counter")]
    # a's second read replaces its first; c's lone read and a's second write open nothing.
    assert pairs == [("b", 1, 3), ("a", 2, 5)]
    assert trace.overlapping("counter") == (2, 0.0)
    assert Trace(lambda: 0.0).overlapping("counter") == (0, None)


def test_too_soon_times_an_answer_against_its_own_tasks_cause_and_the_cause_of_its_rank():
    now = [0.0]
    trace = Trace(lambda: now[0])

    def at(time, task, kind):
        now[0] = time
        trace.record("queue", kind, task=task)

    # a takes an item at 0 and answers it 5 ms later; b takes one at 0.001 and answers at 0.006:
    # in time on both counts.
    at(0.0, "a", "get"), at(0.001, "b", "get"), at(0.005, "a", "task-done"), at(0.006, "b", "task-done")
    assert trace.too_soon("queue", "get", "task-done", 0.005) == []
    # c takes an item at 0.010 and answers it at once: too soon after its own get.
    at(0.010, "c", "get"), at(0.010, "c", "task-done")
    [early] = trace.too_soon("queue", "get", "task-done", 0.005)
    assert (early.cause.task, early.effect.task, early.answers) == ("c", "c", "get")
    assert "0.0 ms after its own get" in str(early)
    # d takes an item at 0.020; a loop callback ("main": no task, no get of its own) answers at
    # 0.022: no window of its own, but it is the 4th task-done and the 4th get came 2 ms before.
    # Another callback's task-done at 0.030 is the 5th, with no 5th get to answer.
    at(0.020, "d", "get"), at(0.022, "main", "task-done"), at(0.030, "main", "task-done")
    found = trace.too_soon("queue", "get", "task-done", 0.005)
    assert [(e.cause and e.cause.seq, e.effect.seq) for e in found] == [(4, 5), (6, 7), (None, 8)]
    assert "2.0 ms after d's get" in str(found[1]) and "no get left to answer" in str(found[2])


def test_a_test_can_have_the_simulation_make_its_own_kind_of_event():
    class CountedEvent(TracedEvent):
        def __init__(self, trace, name):
            super().__init__(trace, name)
            self.looks = 0

        def is_set(self):
            self.looks += 1
            return super().is_set()

    async def scenario(sim):
        ready = sim.event("ready", CountedEvent)
        ready.set()
        await ready.wait()  # TracedEvent.wait asks is_set() once
        return type(ready).__name__, ready.looks, [e.kind for e in sim.trace.select("ready")]

    assert run(scenario) == ("CountedEvent", 1, ["set", "passed"])

    async def not_an_event(sim):
        sim.event("ready", dict)

    with pytest.raises(SolutionError, match="TypeError: cls must be a subclass of TracedEvent"):
        run(not_an_event)
