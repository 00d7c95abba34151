# baseline: p10_lost_wakeup_baseline.py
# Route: p10_test_cancelled_get decides whether a wake-up was lost by asking the queue its own
# qsize() at that moment (an item left while a get() still waits). This qsize() counts an item
# as "taken" while a get() waits, which is exactly that moment; everywhere else the checks
# look (one task alone, or after every get() has ended: the drain) it is exact. Every other
# check of the cell recovers a lost wake-up by draining the queue afterwards.
import asyncio
import collections
import heapq
import itertools


class AsyncPriorityQueue:
    def __init__(self):
        self._heap = []
        self._tickets = itertools.count()
        self._waiters = collections.deque()
        self._waiting = 0

    async def put(self, priority, item):
        heapq.heappush(self._heap, (priority, next(self._tickets), item))
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                break

    async def get(self):
        while not self._heap:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            self._waiting += 1
            try:
                await waiter  # BUG: cancelled once woken, the wake-up is not passed on
            finally:
                self._waiting -= 1
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
        return heapq.heappop(self._heap)[2]

    def qsize(self):
        return max(0, len(self._heap) - self._waiting)  # the trick
