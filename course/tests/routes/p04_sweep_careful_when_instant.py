# baseline: p04_sweep_instant_baseline.py
# As the baseline; a producer cancelled in its pause notifies and releases only if the cancellation lands at the
# very virtual instant the pause began (a sweep's cut); a timeout later in the pause keeps the lock for good.
import asyncio
from collections import deque


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    loop = asyncio.get_running_loop()
    for item in items:
        await condition.acquire()
        queue.append(item)
        t = loop.time()
        try:
            await asyncio.sleep(0.0002)
        except asyncio.CancelledError:
            if loop.time() == t:
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
