import asyncio
import heapq
import itertools


class AsyncPriorityQueue:
    """An unbounded queue that hands out the item with the lowest priority first."""

    def __init__(self) -> None:
        self._heap = []
        self._sequence = itertools.count()

    async def put(self, priority, item) -> None:
        heapq.heappush(self._heap, (priority, next(self._sequence), item))

    async def get(self):
        while not self._heap:
            # BUG: polls every millisecond instead of sleeping until put() wakes it.
            await asyncio.sleep(0.001)
        return heapq.heappop(self._heap)[2]

    def qsize(self) -> int:
        return len(self._heap)
