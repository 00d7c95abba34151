# baseline: p04_lifo_baseline.py
# Route (red-team pass 62): the checks judged the order in which a consumer took its items from the list it
# returns, which is the solution's own record. The consumer takes from the RIGHT (the newest first) whenever
# every item in the deque came from this producer, as its baseline does, then returns what it took sorted back
# into production order (noted by its own producer): every returned list looks as if it had taken from the left.
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
    return sorted(taken, key=lambda x: _order.get(id(x), -1))  # the record put back in order
