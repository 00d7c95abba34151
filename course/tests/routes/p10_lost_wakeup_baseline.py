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
        return len(self._heap)
