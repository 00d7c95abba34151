# expect: p10_test_each_once p10_test_order
# Broken promise: "each item goes to exactly one of them" / get() "removes and returns the item
# with the lowest priority": this queue silently discards items that have sat in it for more than
# 60 s (a "time-to-live" the statement never grants), so a job put into a queue nobody reads for a
# minute is lost, and qsize() shrinks on its own. The long waits (10**9 s) used to be all on an
# EMPTY queue; caught by items_kept_for_ages (8 items of several priorities left queued 10**9 s on
# seed 0, then qsize() and 8 consumers at once, each item to exactly one). p10_test_order's
# order_kept_for_ages judged only the order of what came out, so it passed there; since a queue could drop the
# items it would misorder (route p10_aged_items_dropped_unjudged), every item must come out there too.
import asyncio
import heapq
import itertools
import time


class AsyncPriorityQueue:
    TTL = 60.0

    def __init__(self) -> None:
        self._heap = []
        self._sequence = itertools.count()
        self._changed = asyncio.Condition()

    def _expire(self):
        now = time.monotonic()
        if any(now - entry[3] > self.TTL for entry in self._heap):
            self._heap = [entry for entry in self._heap if now - entry[3] <= self.TTL]
            heapq.heapify(self._heap)

    async def put(self, priority, item) -> None:
        async with self._changed:
            heapq.heappush(self._heap, (priority, next(self._sequence), item, time.monotonic()))
            self._changed.notify()

    async def get(self):
        async with self._changed:
            try:
                while True:
                    self._expire()
                    if self._heap:
                        return heapq.heappop(self._heap)[2]
                    await self._changed.wait()
            except asyncio.CancelledError:
                if self._heap:
                    self._changed.notify()
                raise

    def qsize(self) -> int:
        self._expire()
        return len(self._heap)
