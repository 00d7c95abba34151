"""Seeded schedules: races are found, failures replay, traces are reproducible."""

from __future__ import annotations

import asyncio

import pytest

from course.testing import CheckFailed, InvariantBroken, explore, require, run


async def racy_counter(sim):
    """10 unprotected read-await-write increments add 10"""
    counter = sim.shared_list([0], "counter")

    async def increment():
        value = counter[0]
        await asyncio.sleep(0)
        counter[0] = value + 1

    await asyncio.gather(*(increment() for _ in range(10)))
    require(counter[0] == 10, "10 increments add 10", f"the counter is {counter[0]}")


async def locked_counter(sim):
    """10 tasks x 10 locked increments add 100"""
    counter, lock = sim.shared_list([0], "counter"), sim.lock()

    async def increment():
        for _ in range(10):
            async with lock:
                value = counter[0]
                await asyncio.sleep(0.001)
                counter[0] = value + 1

    await asyncio.gather(*(increment() for _ in range(10)))
    require(counter[0] == 100, "100 locked increments add 100", f"the counter is {counter[0]}")
    return [(e.task, e.kind) for e in sim.trace]


def test_a_racy_counter_is_caught_and_its_seed_replays():
    with pytest.raises(InvariantBroken) as caught:
        explore(racy_counter, seeds=20)
    failure = caught.value
    assert failure.seed is not None
    assert f"run(racy_counter, seed={failure.seed})" in str(failure)
    assert "10 increments add 10" in str(failure) and "What was checked" in str(failure)
    with pytest.raises(InvariantBroken):
        run(racy_counter, seed=failure.seed)


def test_the_locked_counter_passes_every_schedule():
    assert len(explore(locked_counter, seeds=200)) == 200


def test_same_seed_same_trace_and_seeds_differ():
    traces = [tuple(run(locked_counter, seed=seed)) for seed in range(20)]
    assert traces[3] == tuple(run(locked_counter, seed=3))
    assert len(set(traces)) > 1, "20 seeds gave one interleaving: the schedule ignores the seed"


def test_no_seed_runs_in_asyncio_fifo_order():
    async def order(sim):
        seen = []

        async def worker(i):
            seen.append(i)

        await asyncio.gather(*(worker(i) for i in range(8)))
        return seen

    assert run(order) == list(range(8))
    orders = {tuple(run(order, seed=s)) for s in range(10)}
    assert len(orders) > 1


def test_task_names_are_deterministic():
    async def names(sim):
        async def child():
            return asyncio.current_task().get_name()

        return await asyncio.gather(child(), child(), sim.spawn(child(), "named"))

    assert run(names) == run(names) == ["child-1", "child-2", "named"]


def test_explore_needs_seeds_and_an_async_scenario():
    with pytest.raises(ValueError):
        explore(racy_counter, seeds=[])

    def not_async(sim):
        pass

    with pytest.raises(TypeError):
        run(not_async)
    assert issubclass(InvariantBroken, CheckFailed) and issubclass(CheckFailed, AssertionError)
