# expect: p10_test_order
# A heap under an asyncio.Condition, correct for one queue; but the heap is a mutable class
# attribute, shared by every AsyncPriorityQueue: an item put in one queue comes out of
# another, and qsize() counts the items of them all.
import asyncio
import heapq
import itertools


class AsyncPriorityQueue:
    """A heap of (priority, sequence number, item) entries and a condition for get() to sleep on."""

    _heap = []  # (priority, seq, item) entries
    _sequence = itertools.count()

    def __init__(self):
        self._changed = asyncio.Condition()

    async def put(self, priority, item):
        async with self._changed:
            heapq.heappush(self._heap, (priority, next(self._sequence), item))
            self._changed.notify()

    async def get(self):
        async with self._changed:
            try:
                await self._changed.wait_for(lambda: len(self._heap) > 0)
            except asyncio.CancelledError:
                if self._heap:
                    self._changed.notify()
                raise
            return heapq.heappop(self._heap)[2]

    def qsize(self):
        return len(self._heap)
