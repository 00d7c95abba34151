# expect: p10_test_visible p10_test_order
import asyncio
import heapq
import itertools


class AsyncPriorityQueue:
    """The tie-breaker counts down, so equal priorities come out last-in first-out."""

    def __init__(self):
        self._heap = []
        self._order = itertools.count(0, -1)
        self._cond = asyncio.Condition()

    async def put(self, priority, item):
        async with self._cond:
            heapq.heappush(self._heap, (priority, next(self._order), item))
            self._cond.notify_all()

    async def get(self):
        async with self._cond:
            await self._cond.wait_for(lambda: self._heap)
            return heapq.heappop(self._heap)[2]

    def qsize(self):
        return len(self._heap)
