# BUG (an impatient producer): a producer that has waited PATIENCE seconds (a minute) for the condition's lock
# gives up (TimeoutError), where the contract says it waits however long another task holds the lock.
import asyncio
from collections import deque

PATIENCE = 60.0  # seconds a producer waits for the condition's lock


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        try:
            await asyncio.wait_for(condition.acquire(), PATIENCE)
        except TimeoutError:
                raise
        try:
            queue.append(item)
            condition.notify()
        finally:
            condition.release()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
