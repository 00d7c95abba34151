# expect: p04_test_each_once
# (red-team pass 35, P04) A consumer cancelled while it waits for its second item, after taking its first,
# swallows the cancellation and returns the item it took: its caller's cancellation is lost.
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
        if taken:
            return taken    # hand back the partial result
        raise
    return taken
