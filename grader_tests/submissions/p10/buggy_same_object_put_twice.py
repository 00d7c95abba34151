# expect: p10_test_order p10_test_any_items
# The heapq documentation's "entry finder" recipe, keyed by id(item): an object put while it
# is already queued is not added again, its entry is moved. The same object put twice (a job
# dict re-queued, None, an interned str) must come out twice: here put(1, job); put(1, job)
# leaves one item (qsize() == 1) and the second get() waits forever.
import asyncio
import heapq
import itertools

REMOVED = object()


class AsyncPriorityQueue:
    """The heapq documentation's recipe ("add a new task or update the priority of an existing
    task", an entry finder plus lazy deletion), keyed by id(item) so that unhashable items
    such as dicts work; a Semaphore counts the live entries."""

    def __init__(self):
        self._heap = []
        self._entry_finder = {}  # id(item) -> entry  (BUG: one entry per object)
        self._counter = itertools.count()
        self._items = asyncio.Semaphore(0)

    async def put(self, priority, item):
        old = self._entry_finder.pop(id(item), None)
        if old is not None:  # already queued: its priority is updated (no new item)
            old[-1] = REMOVED
        else:
            self._items.release()
        entry = [priority, next(self._counter), item]
        self._entry_finder[id(item)] = entry
        heapq.heappush(self._heap, entry)

    async def get(self):
        await self._items.acquire()
        while True:
            priority, count, item = heapq.heappop(self._heap)
            if item is not REMOVED:
                del self._entry_finder[id(item)]
                return item

    def qsize(self):
        return len(self._entry_finder)
