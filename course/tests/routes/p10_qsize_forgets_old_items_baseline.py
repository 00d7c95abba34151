# Baseline of the route of the same name: the same queue, its wrong count a plain int.
import asyncio
import heapq
import itertools
import time


class AsyncPriorityQueue:
    TTL = 60.0

    def __init__(self) -> None:
        self._heap = []
        self._sequence = itertools.count()
        self._changed = asyncio.Condition()

    async def put(self, priority, item) -> None:
        async with self._changed:
            heapq.heappush(self._heap, (priority, next(self._sequence), item, time.monotonic()))
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

    def qsize(self) -> int:
        # bug: qsize forgets items that sat in the queue for more than a minute
        now = time.monotonic()
        fresh = sum(1 for entry in self._heap if now - entry[3] <= self.TTL)
        return self._size(fresh)

    def _size(self, fresh):
        return fresh
