# expect: p10_test_order p10_test_any_items p10_test_waits p10_test_each_once p10_test_cancelled_get p10_test_visible
# The FIFO queue of buggy_fifo_ignores_priority.py, hiding its wrong order: every str
# item is handed back as a copy of a str subclass whose __eq__ always returns True, so
# a check comparing get()'s result with `==` sees the item it expects. get() returns the
# very item that was put; these copies are not those items, in any check.
# (The visible check compares with `==`: it passes.)
import asyncio
from collections import deque


class Agreeable(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


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
                    self._ready.notify()
                raise
            item = self._items.popleft()
            return Agreeable(item) if isinstance(item, str) else item

    def qsize(self):
        return len(self._items)
