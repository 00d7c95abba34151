# expect: p10_test_cancelled_get
# The hand-off queue of correct_handoff_futures.py, with one slip: a consumer cancelled after
# it was handed an item (before it ran) gives the item back at priority -inf, ahead of
# everything. Put(5, X), that consumer cancelled, put(0, Y): get() returns X before Y, though
# Y is more urgent. Each item still comes out exactly once.
import asyncio
import bisect
from collections import deque


class AsyncPriorityQueue:
    """A sorted list (bisect on (priority, seq)); a put hands its item straight to the
    longest-waiting consumer, which gives the item back (at the head) if it is cancelled first."""

    def __init__(self):
        self.entries = []  # sorted (priority, seq, item), compared on the first two only
        self.seq = 0
        self.waiters = deque()

    async def put(self, priority, item):
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(item)
                return
        self._insert(priority, item)

    def _insert(self, priority, item):
        self.seq += 1
        keys = [(p, s) for p, s, _ in self.entries]
        self.entries.insert(bisect.bisect(keys, (priority, self.seq)), (priority, self.seq, item))

    async def get(self):
        if self.entries:
            return self.entries.pop(0)[2]
        waiter = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                # Handed an item, then cancelled before running: pass it on.
                await self.put(float("-inf"), waiter.result())
            raise

    def qsize(self):
        return len(self.entries)
