"""course.notebook.on_virtual_time: demo stories on the virtual clock."""

from __future__ import annotations

import asyncio
import time

import pytest

from course.notebook import on_virtual_time
from course.testing import Deadlock


def test_story_runs_on_virtual_time_and_returns_its_result():
    async def story(sim):
        await asyncio.sleep(60)
        seen = [round(sim.now(), 6), round(time.monotonic(), 6)]
        await asyncio.sleep(0.25)
        return seen + [round(asyncio.get_running_loop().time(), 6)]

    async def demo():
        return await on_virtual_time(story)

    assert asyncio.run(demo()) == [60.0, 60.0, 60.25]


def test_a_deadlocked_story_fails_with_a_diagnosis():
    async def story(sim):
        lock = sim.lock("gate")
        await lock.acquire()
        await lock.acquire()

    async def demo():
        await on_virtual_time(story)

    with pytest.raises(Deadlock, match="gate"):
        asyncio.run(demo())
