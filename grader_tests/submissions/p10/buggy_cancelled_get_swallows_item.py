# expect: p10_test_cancelled_get
import asyncio
import heapq
import itertools
from collections import deque


class AsyncPriorityQueue:
    """A put hands its item straight to a waiting consumer's future; if that consumer is
    cancelled before it runs, the item is lost with it."""

    def __init__(self):
        self._heap = []
        self._order = itertools.count()
        self._waiters = deque()

    async def put(self, priority, item):
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(item)
                return
        heapq.heappush(self._heap, (priority, next(self._order), item))

    async def get(self):
        if self._heap:
            return heapq.heappop(self._heap)[2]
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        return await waiter

    def qsize(self):
        return len(self._heap)
