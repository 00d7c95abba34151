# baseline: p04_plain_pause_baseline.py
# Red-team pass 97: the task cancels itself once at its start and swallows it without `uncancel()`, so its
# count of cancellation requests stays at 1; its pause is a real asyncio.sleep(10) stepped by hand and
# closed after the pause (the sleep's `finally` cancels its future). The check of pass 96 saw a sleep
# ended early only in a task with no cancellation requested (and a cancelled future never): every cut,
# timed by the sleep's 10 s, was delivered as the call was woken, where it was careful. Now a request
# counts only if made after the cut was filed, and a try woken before its cut came is tried again.
# The producer appends, then pauses 0.2 ms holding the lock ("batch a little") before it notifies and releases,
# with explicit acquire()/release() and no finally: a producer cancelled in that pause (a caller's timeout) keeps
# the condition's lock and tells nobody of the item it appended; every consumer then waits forever.
import asyncio
from collections import deque


async def _precancel():
    # Cancel this task once and swallow it, never uncancelling: its cancelling() stays 1, and the loop's
    # "_ended_early" skips a task whose cancelling() is nonzero. A cut landing here is passed on.
    task = asyncio.current_task()
    if task.cancelling():
        return
    f = asyncio.get_running_loop().create_future()
    task.cancel()
    try:
        await f
    except asyncio.CancelledError:
        if task.cancelling() > 1:
            raise


class _Pause:
    # A real asyncio.sleep(10) stepped by hand, ended after `delay` by closing it (its `finally` cancels its
    # future: a cancelled entry is not noted when popped). The task's CancelledError from that is swallowed
    # unless the task's cancelling() grew meanwhile (a real cut).
    def __init__(self, delay):
        self.delay = delay

    def __await__(self):
        task = asyncio.current_task()
        base = task.cancelling()
        inner = asyncio.sleep(10.0)
        fut = inner.send(None)
        ended = []

        def end():
            ended.append(True)
            inner.close()

        h = asyncio.get_running_loop().call_later(self.delay, end)
        try:
            yield fut
        except asyncio.CancelledError:
            if not ended or task.cancelling() > base:
                raise
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
    await _precancel()
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
