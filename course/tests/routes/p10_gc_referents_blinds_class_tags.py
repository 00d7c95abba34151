# baseline: p10_gc_referents_blinds_class_tags_baseline.py
# Route (red-team pass 114): the guard called `gc.get_referents` (a module a solution can write, which it did
# not watch) at each test cell's start to find the dicts behind the test cells' classes and read their version
# tags. Replaced by the solution cell, it handed the guard empty dicts whose tags never move: a write to a test
# cell's class during a run (here `Job.__lt__`, which the baseline's run sets) was neither seen nor put back
# (20/20, baseline 16/20; no test was found whose verdict a wrong solution gains by it, but the guard was blind).
# Now the guard binds it at build, the sweeps' `gc.get_referrers` and the runner's `gc.collect` are bound at
# import, and `gc` is among the watched modules.
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

import gc as _gc, types as _types
_real_referents = _gc.get_referents
def _get_referents(*objs, _real=_real_referents, _proxy=_types.MappingProxyType):
    if len(objs) == 1 and type(objs[0]) is _proxy:
        return [{}]          # a dummy dict: its tag never moves
    return _real(*objs)
_gc.get_referents = _get_referents
