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


_BREAKER = '''\
import asyncio


class CircuitBreaker:
    def __init__(self):
        self.state = "closed"

    async def call(self, fn):
        self.state = "open"
        while self.state == "open":
            pass
        return await fn()
'''


def test_a_loop_in_a_method_the_scenario_awaits_is_named_not_the_scenario(tmp_path, monkeypatch):
    """The scenario (a check's, a demo's) awaits the solution's method: the spinning is blamed on the
    method's loop, not on the scenario that called it, and the same on every run."""
    import importlib

    from course.testing import NeverYields, run

    (tmp_path / "student_breaker.py").write_text(_BREAKER)
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("student_breaker")

    async def two_failures_open_it(sim):
        breaker = module.CircuitBreaker()

        async def ok():
            return 1

        return await breaker.call(ok)

    seen = set()
    for _ in range(2):
        try:
            run(two_failures_open_it, cpu_limit=0.2)
        except NeverYields as exc:
            seen.add(str(exc).split("; it was ", 1)[1].split("`.", 1)[0] + "`")
        else:
            raise AssertionError("the spinning call() was not stopped")
    line = _BREAKER.splitlines().index('        while self.state == "open":') + 1
    assert seen == {f'in the loop at line {line} of call(): `while self.state == "open":`'}, seen
