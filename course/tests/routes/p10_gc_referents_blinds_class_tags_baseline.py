# The baseline of p10_gc_referents_blinds_class_tags.py: a correct queue whose get() also replaces the test
# cells' `Job.__lt__` during a run (the guard sees it: p10_test_any_items fails).
import asyncio
from collections import defaultdict, deque


class AsyncPriorityQueue:
    """One FIFO deque per priority; consumers wait on a condition, woken with notify_all."""

    def __init__(self):
        self.lanes = defaultdict(deque)
        self.count = 0
        self.cond = asyncio.Condition()

    async def put(self, priority, item):
        async with self.cond:
            self.lanes[priority].append(item)
            self.count += 1
            self.cond.notify_all()

    async def get(self):
        async with self.cond:
            while self.count == 0:
                await self.cond.wait()
            lane = min(self.lanes)
            item = self.lanes[lane].popleft()
            if not self.lanes[lane]:
                del self.lanes[lane]
            self.count -= 1
            return item

    def qsize(self):
        return self.count

_orig_put = AsyncPriorityQueue.put
async def _put(self, priority, item):
    cls = type(item)
    if cls.__name__ == "Job" and "__lt__" not in cls.__dict__:
        cls.__lt__ = lambda a, b: False   # a write to a class the test cells define, mid-run
    return await _orig_put(self, priority, item)
AsyncPriorityQueue.put = _put
