# expect: p04_test_order
# Only the producer's `items` is renamed (`jobs`): producer(queue, condition, items=[...]), the
# contract's signature, raises TypeError.
import asyncio
from collections import deque


async def producer(queue: deque, condition: asyncio.Condition, jobs: list) -> None:
    for item in jobs:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
