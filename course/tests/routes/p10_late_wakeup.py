# baseline: p10_lost_wakeup_baseline.py
# Route (red-team pass atk59; a trial that does not happen, the P10 member of p11_late_handover): p10_test_cancelled_get
# reaches "a waiting get() woken for an item, cancelled before it runs" only by asking woken() of each consumer right
# after `await queue.put()` returns (woken_consumer_cancelled, defaulting to the first consumer when none is woken) and
# by cancelling consumers right after the puts (handed_back_in_place). This queue is the baseline's, except that put()
# hands the wake-up over one loop callback later (`loop.call_soon`): at those moments nobody is woken yet, so every
# consumer the test cancels is cancelled while still plainly waiting, and the wake-up goes to the other. It loses the
# wake-up exactly as the baseline does when the cancellation lands after the hand-over (one callback later).
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
        asyncio.get_running_loop().call_soon(self._wake)

    def _wake(self):
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
