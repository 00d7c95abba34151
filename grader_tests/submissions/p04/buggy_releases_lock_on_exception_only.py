# expect: p04_test_each_once
# Releases the condition's lock in `except Exception:`, which CancelledError (a BaseException) skips:
# a consumer cancelled while it waits leaves the lock held, and the others wait forever.
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
        await condition.acquire()
        try:
            while not queue:
                await condition.wait()
            taken.append(queue.popleft())
        except Exception:
            condition.release()
            raise
        condition.release()
    return taken
