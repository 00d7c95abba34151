"""Watched deques (`Simulation.deque`, `_watched`): the loop's own record of which items each step took
from a plain deque, and from which end, in a notebook's run and in a check process alike."""

from __future__ import annotations

import asyncio
from collections import deque

import pytest

from course.testing import run
from course.testing._watched import takes_between

from .test_problem_checks import _notebook, _outputs, _text


@pytest.mark.parametrize("before, after, taken, leftmost", [
    ("abcd", "cd", "ab", True),        # popleft twice
    ("abcd", "ab", "cd", False),       # pop twice: c and d left while a and b stayed
    ("abcd", "abcde", "", True),       # an append takes nothing
    ("abcd", "", "abcd", True),        # everything at once, in any order: all of it was the left
    ("abcd", "acd", "b", False),       # from the middle
    ("abcd", "xcd", "ab", True),       # two from the left, one given back at the left
    ("ab", "ba", "", True),            # reordered, nothing taken
])
def test_takes_between_names_what_left_and_from_which_end(before, after, taken, leftmost):
    items = {name: object() for name in "abcdex"}  # distinct objects, compared by identity
    got, from_left = takes_between([items[c] for c in before], deque(items[c] for c in after))
    assert [next(k for k, v in items.items() if v is x) for x in got] == list(taken) and from_left is leftmost


def test_takes_between_goes_by_identity_not_equality():
    class Equal:  # equal to everything: a take must still be seen
        def __eq__(self, other):
            return True

        __hash__ = object.__hash__

    a, b = Equal(), Equal()
    got, from_left = takes_between([a, b], deque([a]))
    assert got == [b] and got[0] is b and from_left is False


def _scenario_source() -> str:
    return '''
async def scenario(sim):
    queue = sim.deque(["a", "b", "c", "d"], name="deque")

    async def lifo():
        queue.pop()
        await asyncio.sleep(0.001)
        queue.pop()

    async def fifo():
        await asyncio.sleep(0.002)
        queue.popleft()

    await asyncio.gather(sim.spawn(lifo(), name="lifo"), sim.spawn(fifo(), name="fifo"))
    queue.extend(["e", "f"])  # appends take nothing
    await asyncio.sleep(0)
    return [(e.task, e.kind, e.detail) for e in sim.trace.select("deque")]
'''


EXPECTED = [("lifo", "take-out-of-order", "d"), ("lifo", "take-out-of-order", "c"), ("fifo", "take", "a")]


def test_a_watched_deque_records_each_steps_takes_in_a_notebook_run():
    namespace = {"asyncio": asyncio}
    exec(_scenario_source(), namespace)
    assert run(namespace["scenario"]) == EXPECTED


def test_a_watched_deque_is_exactly_a_deque_and_its_name_is_its_own():
    async def scenario(sim):
        watched = sim.deque(name="deque")
        try:
            sim.deque(name="deque")
        except ValueError as error:
            return type(watched) is deque, str(error)
        return type(watched) is deque, None

    exact, refusal = run(scenario)
    assert exact and "already watched" in refusal


def test_a_watched_deque_records_each_steps_takes_in_a_check_process():
    check = _scenario_source() + f'''
from course.testing import require, run
seen = run(scenario)
require(seen == {EXPECTED!r}, "the takes are filed by the loop", lambda: repr(seen))
print("watched", seen)
'''
    outputs = _outputs(_notebook("pass", check))
    assert "watched [('lifo', 'take-out-of-order', 'd')" in _text(outputs["p01_test_0"]), _text(outputs["p01_test_0"])
