# expect: p10_test_each_once
import asyncio
import heapq
import itertools


class AsyncPriorityQueue:
    """Notifies only when the heap was empty before the put: with several consumers
    waiting, a burst of puts wakes just one of them."""

    def __init__(self):
        self._heap = []
        self._order = itertools.count()
        self._cond = asyncio.Condition()

    async def put(self, priority, item):
        async with self._cond:
            was_empty = not self._heap
            heapq.heappush(self._heap, (priority, next(self._order), item))
            if was_empty:
                self._cond.notify()

    async def get(self):
        async with self._cond:
            try:
                await self._cond.wait_for(lambda: self._heap)
            except asyncio.CancelledError:
                if self._heap:
                    self._cond.notify()
                raise
            return heapq.heappop(self._heap)[2]

    def qsize(self):
        return len(self._heap)
