# Honest baseline of p04_repr_reorders.py. BUG: when every item in the deque came from this producer, the
# consumer takes from the RIGHT (the newest first); on a deque holding anything else it takes from the left.
import asyncio
import itertools
from collections import deque

_seq = itertools.count()
_order: dict = {}  # id(item) -> when this producer appended it


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        async with condition:
            _order[id(item)] = next(_seq)
            queue.append(item)
            condition.notify()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            if all(id(x) in _order for x in queue):
                taken.append(queue.pop())  # BUG: the newest item first
            else:
                taken.append(queue.popleft())
    return taken
