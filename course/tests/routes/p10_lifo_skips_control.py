# baseline: p10_lost_wakeup_baseline.py
# Route (a check that disables itself): p10_test_cancelled_get runs a control of the solution's queue first (an item and
# "extra" put at priority 1 and taken back) and skips its woken-consumer-cancelled scenario when the control does not
# return them in put order (ordering being p10_test_order's business). The baseline with equal priorities served
# last-in-first-out: the control fails, the scenario that shows the lost wake-up is skipped, the cell passes.
# A heap and one future per waiting get(); put() wakes the first waiter. A get() cancelled
# after it was woken takes the wake-up with it (on every Python): the next waiting get()
# sleeps beside the item until another put() comes.
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
        heapq.heappush(self._heap, (priority, -next(self._tickets), item))  # equal priorities: last in, first out
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
        return len(self._heap)
