# expect: p10_test_cancelled_get
# A hand-off queue that loses an item that IS None when the consumer it was
# handed to is cancelled before it runs. The cancelled get() asks "was I handed an item?" with
# `waiter.result() ... is not None`: a None item handed to it is taken for "nothing handed" and
# vanishes (it never comes out, qsize() does not count it, the other waiting consumer waits
# forever). The statement: items "can be anything"; "a get() that is cancelled while it waits
# loses no item".
# Had 20/20 (p10_test_any_items puts None/0/""/False but never cancels a consumer they are
# handed to; p10_test_cancelled_get handed only strings to cancelled consumers); now
# woken_consumer_cancelled's item varies by seed (None, 0, False, "", a dict) and
# handed_back_in_place hands None, 0 and False to consumers cancelled together.
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
        self._handed = {}  # waiter -> (priority, seq) of the item handed to it

    async def put(self, priority, item):
        self._place(priority, next(self._seq), item)

    def _place(self, priority, seq, item):
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self._handed[waiter] = (priority, seq)
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
            handed = waiter.result() if waiter.done() and not waiter.cancelled() else None
            if handed is not None:  # bug: an item that IS None was handed too
                priority, seq = self._handed.pop(waiter)
                self._place(priority, seq, handed)
            self._handed.pop(waiter, None)
            raise
        self._handed.pop(waiter, None)
        return item

    def qsize(self):
        return len(self._heap)
