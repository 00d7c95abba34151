# baseline: p04_closed_sleep_baseline.py
# Red-team pass 96: pass 95's p04_as_woken_decoy with its pause a real asyncio.sleep(10) stepped by hand, its
# future resolved by a timer of its own after the pause, the sleep's coroutine then closed (never resumed,
# so the sealed sleep's "ended early" check never ran). The loop timed the wait by the sleep's own timer
# (10 s), so every sweep cut landed after the pause had ended and was delivered as the call was woken, at
# exactly t + delay; the call is careful only then. Now a sleep woken before its own timer fails the check.
# The producer appends, then pauses 0.2 ms holding the lock ("batch a little") before it notifies and releases,
# with explicit acquire()/release() and no finally: a producer cancelled in that pause (a caller's timeout) keeps
# the condition's lock and tells nobody of the item it appended; every consumer then waits forever.
import asyncio
from collections import deque


class _Pause:
    # A real asyncio.sleep(10) stepped by hand: its future (whose timer, 10 s out, is what the checks time
    # this wait by) is resolved by a timer of our own after `delay`; the sleep's coroutine is then closed,
    # never resumed, so the sealed sleep's "ended early" check never runs.
    def __init__(self, delay):
        self.delay = delay

    def __await__(self):
        inner = asyncio.sleep(10.0)
        fut = inner.send(None)
        h = asyncio.get_running_loop().call_later(self.delay, lambda: fut.done() or fut.set_result(None))
        try:
            yield fut
        finally:
            h.cancel()
            inner.close()


def _pause(delay):
    return _Pause(delay)


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
