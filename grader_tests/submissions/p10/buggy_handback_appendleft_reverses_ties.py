# expect: p10_test_cancelled_get
# One FIFO deque per priority; put() hands its item straight to the longest-waiting get(); a get()
# cancelled after the hand-off (before it ran) gives the item back at the FRONT of its lane
# (appendleft): right for one such consumer, but two consumers handed A then B (same priority) and
# cancelled in the same instant (a shutdown, timeouts expiring together) put A back, then B in front
# of it: the queue gives B before A (FIFO among equal priorities broken). Each item comes out once.
# Red-team pass 30 (had 20/20: handed_back_in_place cancelled one consumer only).
import asyncio
from collections import deque


class AsyncPriorityQueue:
    def __init__(self):
        self._lanes = {}  # priority -> deque of items, FIFO
        self._count = 0
        self._waiters = deque()

    async def put(self, priority, item):
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result((priority, item))
                return
        self._lanes.setdefault(priority, deque()).append(item)
        self._count += 1

    def _take(self):
        priority = min(self._lanes)
        lane = self._lanes[priority]
        item = lane.popleft()
        if not lane:
            del self._lanes[priority]
        self._count -= 1
        return item

    async def get(self):
        if self._count:
            return self._take()
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return (await waiter)[1]
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                priority, item = waiter.result()
                # pass it on to another waiting get(), or put it back at the front of its lane
                while self._waiters:
                    other = self._waiters.popleft()
                    if not other.done():
                        other.set_result((priority, item))
                        break
                else:
                    self._lanes.setdefault(priority, deque()).appendleft(item)  # bug with 2+ hand-backs
                    self._count += 1
            raise

    def qsize(self):
        return self._count
