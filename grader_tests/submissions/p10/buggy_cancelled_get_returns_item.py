# expect: p10_test_cancelled_get
# A get() handed an item and cancelled before it runs keeps the item and RETURNS it, swallowing
# its cancellation: no item is lost, but the caller that cancelled it (a worker shut down, a
# timeout) sees its get() end normally, and a wait_for() around it reports no timeout. The
# statement says a cancelled get() ends cancelled (asyncio.Queue.get does: it hands the item on
# and raises CancelledError). Caught by the check that every get() cancelled before it ended
# ends cancelled (woken_consumer_cancelled, handed_back_in_place).
import asyncio
import bisect
from collections import deque


class AsyncPriorityQueue:
    """A sorted list (bisect on (priority, seq)); a put hands its entry straight to the
    longest-waiting consumer, which gives the entry back if it is cancelled first: with its
    own priority and sequence number, so it keeps its place among the items put since."""

    def __init__(self):
        self.entries = []  # sorted (priority, seq, item), compared on the first two only
        self.seq = 0
        self.waiters = deque()

    async def put(self, priority, item):
        self.seq += 1
        self._place((priority, self.seq, item))

    def _place(self, entry):
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(entry)
                return
        keys = [(p, s) for p, s, _ in self.entries]
        self.entries.insert(bisect.bisect(keys, entry[:2]), entry)

    async def get(self):
        if self.entries:
            return self.entries.pop(0)[2]
        waiter = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        try:
            return (await waiter)[2]
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                return waiter.result()[2]  # bug: handed an entry, it keeps it and swallows the cancellation
            raise

    def qsize(self):
        return len(self.entries)
