# expect: p10_test_waits
import asyncio
import heapq
import itertools


class AsyncPriorityQueue:
    """get() polls the heap every millisecond instead of sleeping until a put wakes it."""

    def __init__(self):
        self._heap = []
        self._n = itertools.count()

    async def put(self, priority, item):
        heapq.heappush(self._heap, (priority, next(self._n), item))

    async def get(self):
        while not self._heap:
            await asyncio.sleep(0.001)
        return heapq.heappop(self._heap)[2]

    def qsize(self):
        return len(self._heap)
