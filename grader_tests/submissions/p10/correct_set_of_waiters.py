# expect: full marks
import asyncio
import heapq
import itertools


class AsyncPriorityQueue:
    """Lowest priority first, FIFO among equal priorities; getters wait on futures kept in a set, and a
    put wakes whichever the set gives first (the contract names no order among waiting getters)."""

    def __init__(self) -> None:
        self._heap = []
        self._seq = itertools.count()
        self._waiters = set()  # futures of get() calls waiting for an item

    def _wake_one(self) -> None:
        for fut in self._waiters:
            if not fut.done():
                fut.set_result(None)
                return

    async def put(self, priority, item) -> None:
        heapq.heappush(self._heap, (priority, next(self._seq), item))
        self._wake_one()

    async def get(self):
        while not self._heap:
            fut = asyncio.get_running_loop().create_future()
            self._waiters.add(fut)
            try:
                await fut
            except asyncio.CancelledError:
                self._waiters.discard(fut)
                if fut.done() and not fut.cancelled() and self._heap:
                    self._wake_one()  # the wake-up meant for us goes to another waiter
                raise
            finally:
                self._waiters.discard(fut)
        return heapq.heappop(self._heap)[2]

    def qsize(self) -> int:
        return len(self._heap)
