# honest baseline of p04_precancelled_closed_sleep.py: the same code, its pause a plain asyncio.sleep, no self-cancel
# The producer appends, then pauses 0.2 ms holding the lock ("batch a little") before it notifies and releases,
# with explicit acquire()/release() and no finally: a producer cancelled in that pause (a caller's timeout) keeps
# the condition's lock and tells nobody of the item it appended; every consumer then waits forever.
import asyncio
from collections import deque


_pause = asyncio.sleep  # a plain sleep: the route without its trick


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
