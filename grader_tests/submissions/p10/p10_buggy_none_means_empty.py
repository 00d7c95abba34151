# expect: p10_test_any_items
# BUG: a helper pops "the next item, or None when the queue is empty", and get() waits while
# it returns None. An item that *is* None is popped, taken for "empty" and dropped: it never
# comes out, qsize() no longer counts it, and a lone get() waits forever next to it. The
# statement says items "can be anything": None is an item like any other.
import asyncio
import heapq
import itertools


class AsyncPriorityQueue:
    def __init__(self):
        self._heap = []
        self._sequence = itertools.count()
        self._changed = asyncio.Condition()

    def _pop_next(self):
        """The most urgent item, or None if there is none."""
        if self._heap:
            return heapq.heappop(self._heap)[2]
        return None

    async def put(self, priority, item):
        async with self._changed:
            heapq.heappush(self._heap, (priority, next(self._sequence), item))
            self._changed.notify()

    async def get(self):
        async with self._changed:
            try:
                while (item := self._pop_next()) is None:
                    await self._changed.wait()
            except asyncio.CancelledError:
                if self._heap:
                    self._changed.notify()
                raise
            return item

    def qsize(self):
        return len(self._heap)
