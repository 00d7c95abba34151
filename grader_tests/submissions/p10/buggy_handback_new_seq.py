# expect: p10_test_cancelled_get
# put() hands its item to the longest-waiting get(); a get() cancelled after the hand-off
# (before it ran) gives the item back through put(), with a new sequence number: an item of
# the same priority put meanwhile comes out before it (FIFO among equal priorities broken:
# put(1, A), the consumer cancelled, put(1, B) gives B, then A). Each item comes out once.
import asyncio
import heapq
import itertools
from collections import deque


class AsyncPriorityQueue:
    """A heap of (priority, seq, item); put() hands its item straight to the longest-waiting
    get(). A get() cancelled after it was handed an item (before it ran) puts the item back."""

    def __init__(self):
        self._heap = []
        self._seq = itertools.count()
        self._waiters = deque()

    async def put(self, priority, item):
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result((priority, item))
                return
        heapq.heappush(self._heap, (priority, next(self._seq), item))

    async def get(self):
        if self._heap:
            return heapq.heappop(self._heap)[2]
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            priority, item = await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                await self.put(*waiter.result())  # handed an item, then cancelled: give it back
            raise
        return item

    def qsize(self):
        return len(self._heap)
