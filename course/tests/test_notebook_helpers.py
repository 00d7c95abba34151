"""course.notebook: demo stories on the virtual clock (on_virtual_time), and time_limit's note for a placeholder."""

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


def test_what_a_story_prints_is_shown_after_it_with_exact_times(capsys):
    async def story(sim):
        print(f"t={sim.now():.3f} opened")
        await asyncio.sleep(0.3)
        print(f"t={time.monotonic():.3f} expired")
        return "done"

    async def demo():
        result = await on_virtual_time(story)
        print("after the story")
        return result

    assert asyncio.run(demo()) == "done"
    assert capsys.readouterr().out == "t=0.000 opened\nt=0.300 expired\nafter the story\n"


def test_a_failing_story_shows_what_it_printed_in_the_failure(capsys):
    async def story(sim):
        print("before the deadlock")
        await asyncio.Event().wait()

    async def demo():
        await on_virtual_time(story)

    with pytest.raises(Deadlock, match="before the deadlock"):
        asyncio.run(demo())
    assert capsys.readouterr().out == ""


def test_a_placeholder_in_a_demo_is_a_short_note_as_the_checks_give_it():
    """time_limit: an unsolved problem's NotImplementedError reads like the checks' note, with
    advice, and renders without a traceback (the demo cell is tagged raises-exception)."""
    from course.notebook import time_limit
    from course.testing import SolutionError

    async def increment():
        raise NotImplementedError()

    async def demo():
        async with time_limit(5):
            await increment()

    with pytest.raises(SolutionError) as caught:
        asyncio.run(demo())
    text = str(caught.value)
    assert "NotImplementedError (in increment()" in text and "still holds its placeholder" in text
    assert caught.value.__cause__ is None and caught.value._render_traceback_()[0].endswith(
        text.splitlines()[0] + "\x1b[0m")


def test_other_exceptions_of_a_demo_keep_their_traceback():
    from course.notebook import time_limit

    async def demo():
        async with time_limit(5):
            raise KeyError("mine")

    with pytest.raises(KeyError):
        asyncio.run(demo())
