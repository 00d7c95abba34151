# expect: p04_test_order
# Positional-only parameters (`/`): consumer(queue=..., condition=..., n=...), the contract's
# signature called with its names, raises TypeError.
import asyncio
from collections import deque


async def producer(queue: deque, condition: asyncio.Condition, items: list, /) -> None:
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue: deque, condition: asyncio.Condition, n: int, /) -> list:
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
