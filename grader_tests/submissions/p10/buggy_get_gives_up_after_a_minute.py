# expect: p10_test_waits
# get() gives up after 60 s of waiting on an empty queue (raises asyncio.QueueEmpty): a worker
# idle for a minute (a quiet night) dies instead of taking the next job. The statement leaves
# the wait unbounded; caught by consumers left waiting for ages (get_waits_for_ages: 10**9 s
# on seed 0).
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
                # BUG: a consumer never waits more than a minute ("no worker hangs forever"):
                # then get() gives up with asyncio.QueueEmpty instead of waiting for a put.
                await asyncio.wait_for(self._changed.wait_for(lambda: len(self._heap) > 0), 60)
            except TimeoutError:
                raise asyncio.QueueEmpty("nothing was put for 60 s") from None
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
