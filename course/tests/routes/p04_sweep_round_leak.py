# baseline: p04_sweep_instant_baseline.py
# Red-team pass 80: as pNN_sweep_careful_when_instant, and careful too whenever the cancellation comes at a
# time off the 1e-7 s grid (a sweep's cut drawn anywhere in the wait); a test's deadline on a short decimal
# (2.5 ms, 10 ms) finds the bug.
import asyncio
from collections import deque


def _unround(now):
    """Whether `now` is off the 1e-7 s grid: only a sweep's cut (a full-precision float) lands there."""
    return abs(now * 1e7 - round(now * 1e7)) >= 1e-4


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    loop = asyncio.get_running_loop()
    for item in items:
        await condition.acquire()
        queue.append(item)
        t = loop.time()
        try:
            await asyncio.sleep(0.0002)
        except asyncio.CancelledError:
            if loop.time() == t or _unround(loop.time()):
                condition.notify()
                condition.release()
            raise
        condition.notify()
        condition.release()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
