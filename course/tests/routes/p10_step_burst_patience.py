# baseline: p10_sliced_patience_baseline.py
# Route (rt68): the baseline's impatient waiter (gives up after a day of virtual time), except that a get()
# still unserved after 0.5 s runs 5,100 zero-time steps (sleep(0)) before waiting out the rest of its day.
# let_time_pass ends once the loop has run 5,000 steps since the call: the test's 10**9 s wait ends after its
# first 1 s stretch.
import asyncio
import time
import heapq
import itertools

PATIENCE = 86400.0  # a day of waiting, then give up
POLL = PATIENCE
FIRST = 0.5
BURST = 5100


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
                if not self._heap:
                    try:
                        await asyncio.wait_for(self._changed.wait(), FIRST)
                    except TimeoutError:
                        for _ in range(BURST):
                            if self._heap:
                                break
                            await asyncio.sleep(0)
                while not self._heap:  # waited for in slices of POLL s, the deadline looked at after each
                    try:
                        await asyncio.wait_for(self._changed.wait(), PATIENCE - (time.monotonic() - began))
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
