# expect: p10_test_order p10_test_any_items
# The tie-breaker is len(heap) at put time instead of a counter, so equal priorities tie again
# once gets and puts interleave: put(1, {a}); put(1, {b}); get(); put(1, {c}) makes heapq
# compare two dicts (TypeError), and str items come out in "smallest item" order.
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
        async with self._changed:
            heapq.heappush(self._heap, (priority, len(self._heap), item))
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
