# expect: p10_test_order
# P10 finding (red-team pass 34) (a), minor: priorities turned into floats, so ints above 2**53 lose their order.
# What it does: the reference queue, except that put() normalises the priority with float(priority)
# ("any number: int, float, Decimal, Fraction ..."). Two int priorities that differ by less than the
# float spacing at their size (above 2**53: e.g. deadlines in ns from time.time_ns(), ~1.7e18, whose
# spacing is 256) compare equal and come out FIFO, not lowest first (real asyncio: put(t+5, "later"),
# put(t+1, "earlier") -> get() gives "later" first; the reference gives "earlier").
# Contract broken: "lowest priority value first, FIFO among equal priorities" (CURRICULUM P10), and the
# statement: "`put` adds `item` with `priority` (a number; lower means more urgent)".
# Scored 20/20 while p10_test_order's model drew only 0, 1, 2, 2.5, 5 and -1; fair, and now, 16/20 (15/20 while
# p10_test_order was worth 5 points): the model also draws 2**60 + 1, + 2 and + 3 (one float, 2**60, to this queue).
import asyncio
import heapq
import itertools


class AsyncPriorityQueue:
    """An unbounded queue that hands out the item with the lowest priority first.

    Items of equal priority come out in the order they were put. Items are never
    compared with each other, so they can be anything.
    """

    def __init__(self) -> None:
        # A heap of (priority, sequence number, item) entries: the sequence number, unique
        # and increasing, settles every tie, so items are never compared. A condition lets
        # get() sleep until put() adds something.
        ### BEGIN SOLUTION
        self._heap = []
        self._sequence = itertools.count()
        self._changed = asyncio.Condition()
        ### END SOLUTION

    async def put(self, priority, item) -> None:
        """Add `item` with `priority`, and wake one consumer waiting in get()."""
        ### BEGIN SOLUTION
        priority = float(priority)  # any number: int, float, Decimal, Fraction, numpy scalar ...
        async with self._changed:
            heapq.heappush(self._heap, (priority, next(self._sequence), item))
            self._changed.notify()
        ### END SOLUTION

    async def get(self):
        """Remove and return the most urgent item, waiting (asleep) while there is none."""
        # Wait until the heap is not empty, then pop. If this get() is cancelled while it
        # waits, a notify() meant for it may be lost with it: pass the wake-up on.
        ### BEGIN SOLUTION
        async with self._changed:
            try:
                await self._changed.wait_for(lambda: len(self._heap) > 0)
            except asyncio.CancelledError:
                if self._heap:
                    self._changed.notify()  # our wake-up goes to the next waiting consumer
                raise
            return heapq.heappop(self._heap)[2]
        ### END SOLUTION

    def qsize(self) -> int:
        """The number of items in the queue."""
        ### BEGIN SOLUTION
        return len(self._heap)
        ### END SOLUTION