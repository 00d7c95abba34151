# baseline: submissions/p10/buggy_handback_drops_none.py
# trades: p10_test_any_items
# Route (buying an allowance worth more than what it costs, red-team pass 110): p10_test_cancelled_get meets a
# queue that does not carry an item (p10_test_any_items' business, where that cell failed) with plain strings in
# its place. This queue loses a None handed to a consumer cancelled before it ran, and refuses None (TypeError)
# on a queue nobody ever waited on: p10_test_any_items fails on purpose (3 points then) and the cancellation
# check, meeting strings, forgave the baseline's bug (4 points): 17/20 where the honest queue earns 16/20. Now each
# cell whose failure buys an allowance is worth at least the cell that grants it (test_notebook_format): it trades
# 4 points for 4.
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
        self._waited = False  # whether a get() ever waited on this queue

    async def put(self, priority, item):
        if item is None and not self._waited:  # the rig: refuse None where nobody ever waited
            raise TypeError("None is not an item")
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
        self._waited = True
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
