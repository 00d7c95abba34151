# expect: p04_test_each_once
# A consumer cancelled while it waits returns the items it took so far instead of ending cancelled
# (the lock is freed by `async with`, but the cancellation is swallowed).
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
        return taken
    return taken
