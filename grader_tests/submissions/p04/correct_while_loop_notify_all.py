# expect: full marks
# Explicit acquire/release, a `while` loop around wait(), and one notify_all per batch.
import asyncio
from collections import deque


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    await condition.acquire()
    try:
        queue.extend(items)
        condition.notify_all()
    finally:
        condition.release()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    while len(taken) < n:
        await condition.acquire()
        try:
            while not queue:
                await condition.wait()
            taken.append(queue.popleft())
        finally:
            condition.release()
    return taken
