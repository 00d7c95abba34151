# expect: p10_test_visible p10_test_order p10_test_any_items
# A plain FIFO queue: it ignores the priorities, so items come out in the order they
# were put. Waiting, waking and cancelled gets are handled correctly.
import asyncio
from collections import deque


class AsyncPriorityQueue:
    def __init__(self):
        self._items = deque()
        self._ready = asyncio.Condition()

    async def put(self, priority, item):
        async with self._ready:
            self._items.append(item)
            self._ready.notify()

    async def get(self):
        async with self._ready:
            try:
                await self._ready.wait_for(lambda: len(self._items) > 0)
            except asyncio.CancelledError:
                if self._items:
                    self._ready.notify()  # pass the wake-up on to another waiting get()
                raise
            return self._items.popleft()

    def qsize(self):
        return len(self._items)
