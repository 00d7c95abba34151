# expect: p10_test_cancelled_get
# A hand-off queue that remembers the place of an item handed to a consumer by
# id(item). When the SAME object is put twice (a job queued again, which the statement and
# p10_test_order allow: each put is one more item) and both copies are handed to consumers that
# are cancelled before they run, the second hand-back finds no entry: that get() ends with
# KeyError instead of CancelledError and one copy of the item is lost (two puts, nobody took
# either, qsize() 1; the reference keeps 2).
# Had 20/20 (handed_back_in_place handed distinct objects only; the same object put twice was
# tried only where no get() is cancelled); now handed_back_in_place hands one dict put twice to
# two consumers cancelled together.
import asyncio
import heapq
import itertools
from collections import deque


class AsyncPriorityQueue:
    """A heap of (priority, seq, item); a put hands its item straight to the longest-waiting
    consumer (through a future of the queue's own), which gives the item back in its place
    (same priority, same sequence number) if it is cancelled before it runs."""

    def __init__(self):
        self._heap = []
        self._seq = itertools.count()
        self._waiters = deque()
        self._in_flight = {}  # id(item) -> (priority, seq) of an item handed to a consumer, not yet taken

    async def put(self, priority, item):
        self._place(priority, next(self._seq), item)

    def _place(self, priority, seq, item):
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self._in_flight[id(item)] = (priority, seq)  # bug: the same object may be in flight twice
                waiter.set_result(item)
                return
        heapq.heappush(self._heap, (priority, seq, item))

    async def get(self):
        if self._heap:
            return heapq.heappop(self._heap)[2]
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            item = await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                item = waiter.result()
                priority, seq = self._in_flight.pop(id(item))
                self._place(priority, seq, item)
            raise
        self._in_flight.pop(id(item), None)
        return item

    def qsize(self):
        return len(self._heap)
