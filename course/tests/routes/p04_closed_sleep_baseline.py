# baseline of p04_closed_sleep: p04_timer_pause_baseline with the same hand-stepped sleep pause
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


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        await condition.acquire()
        queue.append(item)
        await _pause(0.0002)
        condition.notify()
        condition.release()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        async with condition:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
    return taken
