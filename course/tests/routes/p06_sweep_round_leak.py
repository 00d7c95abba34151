# baseline: submissions/p06/buggy_appends_half_way_through_processing.py
# Red-team pass 80: as pNN_sweep_careful_when_instant, and careful too whenever the cancellation comes at a
# time off the 1e-7 s grid (a sweep's cut drawn anywhere in the wait); a test's deadline on a short decimal
# (2.5 ms, 10 ms) finds the bug.
import asyncio


def _unround(now):
    """Whether `now` is off the 1e-7 s grid: only a sweep's cut (a full-precision float) lands there."""
    return abs(now * 1e7 - round(now * 1e7)) >= 1e-4


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    loop = asyncio.get_running_loop()
    while True:
        item = await queue.get()
        await asyncio.sleep(0.0025)
        results.append(item)
        t = loop.time()
        try:
            await asyncio.sleep(0.0025)
        except asyncio.CancelledError:
            if loop.time() == t or _unround(loop.time()):
                results.pop()
            raise
        queue.task_done()
