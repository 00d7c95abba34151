# BUG (impatient): a producer or consumer that has waited PATIENCE seconds (a day, virtual time) for the
# condition's lock gives up (TimeoutError), where the contract says it waits however long another task holds it.
# It waits in slices of POLL s: here one slice, the whole day.
import asyncio
import time
from collections import deque

PATIENCE = 86400.0  # a day of waiting for the lock, then give up
POLL = PATIENCE


async def _enter(condition: asyncio.Condition) -> None:
    """Take the condition's lock, waited for in slices of POLL s, the deadline looked at after each."""
    began = time.monotonic()
    while True:
        try:
            await asyncio.wait_for(condition.acquire(), POLL)
            return
        except TimeoutError:
            if time.monotonic() - began >= PATIENCE:
                raise


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        await _enter(condition)
        try:
            queue.append(item)
            condition.notify()
        finally:
            condition.release()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        await _enter(condition)
        try:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
        finally:
            condition.release()
    return taken
