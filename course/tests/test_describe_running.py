"""`_diagnosis.describe_running` says where code that never yields ran in words that do not
depend on the moment it was stopped (the watchdog samples a spinning thread at a moment of
its own: the sampled line, even the innermost function, differ between identical runs)."""

from __future__ import annotations

import asyncio
import sys

from course.testing._diagnosis import describe_running


def test_it_names_the_function_the_event_loop_entered_wherever_the_sample_falls():
    seen = []

    def helper(depth):
        if depth:
            return helper(depth - 1)
        seen.append(describe_running(sys._getframe()))  # a sample, deep in a helper
        return 0

    async def spin():
        helper(0)
        seen.append(describe_running(sys._getframe()))  # a sample, in the coroutine itself
        helper(3)

    asyncio.run(spin())
    assert len(set(seen)) == 1, seen
    first_line = spin.__code__.co_firstlineno
    assert seen[0] == f"in spin() (defined at line {first_line})"


def test_it_names_the_outermost_loop_around_the_sample_by_its_header_line():
    seen = []

    def sample():
        seen.append(describe_running(sys._getframe(1)))

    async def spin(items):
        for item in items:  # the outermost loop: every sample falls inside it
            sample()
            step = 0
            while step < 3:
                step += 1
                sample()
        sample()  # after the loop: no loop around this point

    asyncio.run(spin([1, 2]))
    header = spin.__code__.co_firstlineno + 1
    inside, after = set(seen[:-1]), seen[-1]
    assert inside == {f"in the loop at line {header} of spin(): `for item in items:  "
                      "# the outermost loop: every sample falls inside it`"}, inside
    assert after == f"in spin() (defined at line {spin.__code__.co_firstlineno})"


def test_a_while_loop_is_named_by_its_while_line_not_its_body():
    seen = []

    def sample():
        seen.append(describe_running(sys._getframe(1)))

    async def spin(box):
        while not box:
            sample()
            box.append(1) if len(seen) > 4 else None

    asyncio.run(spin([]))
    header = spin.__code__.co_firstlineno + 1
    assert set(seen) == {f"in the loop at line {header} of spin(): `while not box:`"}, seen
