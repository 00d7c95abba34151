# expect: p04_test_each_once
# (red-team pass 35, P04) A consumer notified and then cancelled before it runs again ("too late to give up")
# swallows the cancellation, takes the item and returns normally: it does not end cancelled.
import asyncio
from collections import deque


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        async with condition:
            while not queue:
                try:
                    await condition.wait()
                except asyncio.CancelledError:
                    if queue:   # notified, then cancelled: take the item rather than lose the wake-up
                        break
                    raise
            taken.append(queue.popleft())
    return taken
