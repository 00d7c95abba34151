# baseline: p10_lost_wakeup_baseline.py
# Route (a check that disables itself): p10_test_cancelled_get first runs a control on a fresh queue of the
# solution's (put an item, put "extra", get both) and skips its woken-consumer-cancelled scenario when that
# control does not give them back in put order ("other cells' business"). This is the baseline (a get()
# cancelled once woken takes the wake-up with it), except that the one item named "extra" jumps ahead of its
# priority: only that control misbehaves, the scenario that shows the lost wake-up is skipped, and no other
# cell ever puts "extra". (p10_lifo_skips_control does the same without the name: LIFO among equals.)
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
        ticket = next(self._tickets)
        if type(item) is str and item == "extra":
            ticket = -ticket  # served before the items of its priority already queued
        heapq.heappush(self._heap, (priority, ticket, item))
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
