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
    assert seen[0] == f"in spin() (defined at line {first_line}), which never gave control back"
