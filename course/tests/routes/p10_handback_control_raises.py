# baseline: submissions/p10/buggy_handback_jumps_the_queue.py
# Route (a control that disables the check, the kind of p10_control_skips_check): handed_back_in_place (in
# p10_test_cancelled_get) first ran the same puts on a fresh queue with no get() cancelled, and returned unjudged
# when that control raised or lost an item ("p10_test_order's and p10_test_any_items' business"). The baseline (a
# consumer cancelled once handed an item gives it back ahead of everything), except that a queue on which no get()
# ever waited, and whose puts so far have the priorities of one of those controls, raises TypeError ("items
# compared") on its first get(): every control fails, every case is skipped, and no other cell's queue has that
# shape.
import asyncio
import bisect
from collections import deque

# The priorities handed_back_in_place's controls put (and nothing else puts, with no get() between).
CONTROLS = ([2, 2, 1, 3], [2, 2, 1, 2], [2, 1, 2, 2, 3], [2, 2, 2, 1, 2])


class AsyncPriorityQueue:
    """A sorted list (bisect on (priority, seq)); a put hands its item straight to the
    longest-waiting consumer, which gives the item back (at the head) if it is cancelled first."""

    def __init__(self):
        self.entries = []  # sorted (priority, seq, item), compared on the first two only
        self.seq = 0
        self.waiters = deque()
        self.priorities = []  # the trick's record: the priority of every put
        self.waited = False

    async def put(self, priority, item):
        self.priorities.append(priority)
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
        if not self.waited and self.priorities in CONTROLS and len(self.entries) == len(self.priorities):
            raise TypeError("'<' not supported between instances of 'dict' and 'dict'")  # the trick
        if self.entries:
            return self.entries.pop(0)[2]
        waiter = asyncio.get_running_loop().create_future()
        self.waited = True
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
