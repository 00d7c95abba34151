# Honest buggy baseline: the reference queue, except that get() hands out a falsy item (0, "", {}, [], False) as
# None, not that very object.
import asyncio
import heapq
import itertools


class AsyncPriorityQueue:
    def __init__(self) -> None:
        self._heap = []
        self._sequence = itertools.count()
        self._changed = asyncio.Condition()

    async def put(self, priority, item) -> None:
        async with self._changed:
            heapq.heappush(self._heap, (priority, next(self._sequence), item))
            self._changed.notify()

    async def get(self):
        async with self._changed:
            try:
                await self._changed.wait_for(lambda: len(self._heap) > 0)
            except asyncio.CancelledError:
                if self._heap:
                    self._changed.notify()
                raise
            return heapq.heappop(self._heap)[2] or None  # BUG: a falsy item (0, "", {}, [], False) comes out as None

    def qsize(self) -> int:
        return len(self._heap)
