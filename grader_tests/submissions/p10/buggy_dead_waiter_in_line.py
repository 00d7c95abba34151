# expect: p10_test_cancelled_get
# Each waiting get() sleeps on a future of its own, in a line; put() wakes the first future
# in the line. A get() that gives up while it waits (its timeout expires, or it is cancelled)
# leaves its dead future in the line: the next put() "wakes" that one (skipping it silently),
# and a live consumer behind it sleeps beside the item until another put(). The woken-then-
# cancelled race itself is handled (the wake-up is passed on), and each item comes out once.
import asyncio
import heapq
import itertools
from collections import deque


class AsyncPriorityQueue:
    """A heap of (priority, seq, item); each waiting get() sleeps on a future of its own, and
    put() wakes the longest-waiting one."""

    def __init__(self):
        self._heap = []
        self._seq = itertools.count()
        self._waiters = deque()

    def _wake_one(self):
        if self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():  # (set_result on a cancelled future raises InvalidStateError)
                waiter.set_result(None)

    async def put(self, priority, item):
        heapq.heappush(self._heap, (priority, next(self._seq), item))
        self._wake_one()

    async def get(self):
        while not self._heap:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._wake_one()  # woken, then cancelled: pass the wake-up on
                raise
        return heapq.heappop(self._heap)[2]

    def qsize(self):
        return len(self._heap)
