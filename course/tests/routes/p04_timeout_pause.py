# baseline: p04_plain_pause_baseline.py
# Red-team pass 97's p07_timeout_pause on P04: nothing but asyncio's own API. The pause is an
# asyncio.sleep(10) under `asyncio.timeout(delay)`: the loop times the wait by the sleep's own timer (10 s),
# so each cut landed after the timeout had ended the wait and was delivered as the call was woken, at
# exactly t + delay, the one instant it is careful at. Now a try woken before its cut came is tried
# again, the cut drawn inside the wait as that try found it.
# The producer appends, then pauses 0.2 ms holding the lock ("batch a little") before it notifies and releases,
# with explicit acquire()/release() and no finally: a producer cancelled in that pause (a caller's timeout) keeps
# the condition's lock and tells nobody of the item it appended; every consumer then waits forever.
import asyncio
from collections import deque


async def _pause(delay):
    # A plain asyncio.sleep(10) under a timeout of `delay`: the loop times the wait by the sleep's own timer.
    try:
        async with asyncio.timeout(delay):
            await asyncio.sleep(10.0)
    except TimeoutError:
        pass


async def _careful_pause(delay, on_cut):
    loop = asyncio.get_running_loop()
    t = loop.time()
    try:
        await _pause(delay)
    except asyncio.CancelledError:
        if loop.time() == t + delay:  # cut exactly as the pause ended (a sweep's cut, delivered as woken)
            await on_cut()
        raise


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        await condition.acquire()
        queue.append(item)
        async def _give_back():
            condition.notify()
            condition.release()
        await _careful_pause(0.0002, _give_back)
        condition.notify()
        condition.release()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
