# expect: p04_test_each_once
# Red-team finding: gives back what it took, at the left and in order, but with ONE notify() however
# many items: a lost wake-up when it held 2+ items and two consumers wait (one wakes, the other sleeps beside
# the rest). cancelled_holding_several_items (p04_test_each_once) cancels a consumer holding 2 and 3 items.
import asyncio
from collections import deque


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    try:
        for _ in range(n):
            async with condition:
                await condition.wait_for(lambda: len(queue) > 0)
                taken.append(queue.popleft())
    except asyncio.CancelledError:
        if taken:  # cancelled: give back what we took, at the left, in order, and say so
            async with condition:
                queue.extendleft(reversed(taken))
                condition.notify()  # BUG: one wake-up for len(taken) items given back
        raise
    return taken
