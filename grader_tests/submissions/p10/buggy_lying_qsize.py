# expect: p10_test_order p10_test_waits p10_test_cancelled_get p10_test_visible p10_test_each_once
# A correct queue, but qsize() reports its size as an int subclass that says it equals
# any number: a check comparing it with `==` is always satisfied. The contract's
# qsize() returns an int: every check asks for exactly an int before it compares (red-team pass 120 found one that did not).
import asyncio
import heapq
import itertools


class AnySize(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


class AsyncPriorityQueue:
    def __init__(self):
        self._heap = []
        self._order = itertools.count()
        self._items = asyncio.Semaphore(0)

    async def put(self, priority, item):
        heapq.heappush(self._heap, (priority, next(self._order), item))
        self._items.release()

    async def get(self):
        await self._items.acquire()
        return heapq.heappop(self._heap)[2]

    def qsize(self):
        return AnySize(len(self._heap))
