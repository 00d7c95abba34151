# expect: full marks
import asyncio
import heapq
import itertools


class AsyncPriorityQueue:
    """A heap plus a semaphore whose value is the number of items in it."""

    def __init__(self):
        self._heap = []
        self._order = itertools.count()
        self._items = asyncio.Semaphore(0)

    async def put(self, priority, item):
        heapq.heappush(self._heap, (priority, next(self._order), item))
        self._items.release()

    async def get(self):
        await self._items.acquire()
        # No await between acquiring a permit and popping: the item is ours.
        return heapq.heappop(self._heap)[-1]

    def qsize(self):
        return len(self._heap)
