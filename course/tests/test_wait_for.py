"""The check process's asyncio.wait_for on 3.11: 3.12's semantics (course.testing._sealed.wait_for)."""

from __future__ import annotations

import asyncio

import pytest

from course.testing._sealed import wait_for


async def _cancelled_as_the_wait_ends(wait_for) -> asyncio.Task:
    """A task awaiting `wait_for(inner, 10)`, cancelled in the very step its inner wait ends."""
    gate = asyncio.get_running_loop().create_future()

    async def inner():
        await gate
        return "done"

    async def caller():
        return await wait_for(inner(), 10)

    task = asyncio.create_task(caller())
    for _ in range(3):  # the caller (and 3.11's inner task) reach their waits
        await asyncio.sleep(0)
    gate.set_result(None)
    task.cancel()
    await asyncio.wait([task])
    return task


def test_a_cancellation_as_the_wait_ends_reaches_the_caller():
    # CPython gh-86296: 3.11's own wait_for returns "done" here, the cancellation lost.
    task = asyncio.run(_cancelled_as_the_wait_ends(wait_for))
    assert task.cancelled()


def test_results_timeouts_and_a_zero_timeout():
    started = []

    async def slow():
        started.append(True)
        await asyncio.sleep(1)
        return 1

    async def main():
        assert await wait_for(asyncio.sleep(0, "x"), None) == "x"
        assert await wait_for(asyncio.sleep(0.001, "y"), 1) == "y"
        with pytest.raises(TimeoutError):
            await wait_for(slow(), 0.001)
        started.clear()
        with pytest.raises(TimeoutError):
            await wait_for(slow(), 0)
        assert started == []  # a timeout <= 0 never lets the coroutine start
        done = asyncio.get_running_loop().create_future()
        done.set_result(7)
        assert await wait_for(done, 0) == 7  # ... but a finished future gives its result

    asyncio.run(main())
