# expect: p10_test_visible p10_test_order p10_test_any_items
import asyncio
import heapq


class AsyncPriorityQueue:
    """(priority, item) entries: equal priorities compare the items themselves."""

    def __init__(self):
        self._heap = []
        self._items = asyncio.Semaphore(0)

    async def put(self, priority, item):
        heapq.heappush(self._heap, (priority, item))
        self._items.release()

    async def get(self):
        await self._items.acquire()
        return heapq.heappop(self._heap)[1]

    def qsize(self):
        return len(self._heap)
