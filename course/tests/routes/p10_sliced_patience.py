# baseline: p10_sliced_patience_baseline.py
# Route (red-team rt67): the baseline's impatient waiter (gives up after a day of virtual time), its day
# waited in 1 s slices (looked at after each) instead of one: no real clock at all. A check that holds
# what it waits for 10**9 s follows a waiter that wakes often only as far as let_time_pass's 5,000-step
# budget (~4,000 to 8,000 virtual s of 1 s polls), so the day's deadline never comes while it looks.
import asyncio
import time
import heapq
import itertools

PATIENCE = 86400.0  # a day of waiting, then give up
POLL = 1.0


class AsyncPriorityQueue:
    """An unbounded queue that hands out the item with the lowest priority first.

    Items of equal priority come out in the order they were put. Items are never
    compared with each other, so they can be anything.
    """

    def __init__(self) -> None:
        # A heap of (priority, sequence number, item) entries: the sequence number, unique
        # and increasing, settles every tie, so items are never compared. A condition lets
        # get() sleep until put() adds something.
        self._heap = []
        self._sequence = itertools.count()
        self._changed = asyncio.Condition()

    async def put(self, priority, item) -> None:
        """Add `item` with `priority`, and wake one consumer waiting in get()."""
        async with self._changed:
            heapq.heappush(self._heap, (priority, next(self._sequence), item))
            self._changed.notify()

    async def get(self):
        """Remove and return the most urgent item, waiting (asleep) while there is none."""
        # Wait until the heap is not empty, then pop. If this get() is cancelled while it
        # waits, a notify() meant for it may be lost with it: pass the wake-up on.
        async with self._changed:
            began = time.monotonic()
            try:
                while not self._heap:  # waited for in slices of POLL s, the deadline looked at after each
                    try:
                        await asyncio.wait_for(self._changed.wait(), POLL)
                    except TimeoutError:
                        if time.monotonic() - began > PATIENCE:
                            raise
            except asyncio.CancelledError:
                if self._heap:
                    self._changed.notify()  # our wake-up goes to the next waiting consumer
                raise
            return heapq.heappop(self._heap)[2]

    def qsize(self) -> int:
        """The number of items in the queue."""
        return len(self._heap)
