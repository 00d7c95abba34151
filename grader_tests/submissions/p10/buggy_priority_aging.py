# expect: p10_test_order
# "Priority aging": an item's priority improves by one for every minute it has been queued, so
# that low-priority jobs cannot starve. The statement grants nothing of the kind (get() returns
# the item with the lowest priority; among equal priorities, the one put first): after a quiet
# hour, a thumbnail resize put first jumps ahead of a refund put later. Every check used to take
# items out within seconds of their put; caught by order_kept_for_ages (p10_test_order: items of
# several priorities left queued 10**9 s on seed 0, then taken one by one).
import asyncio
import itertools
import time


class AsyncPriorityQueue:
    AGING = 60.0  # seconds queued per step of priority gained

    def __init__(self) -> None:
        self._entries = []  # [priority, sequence, item, put at]
        self._sequence = itertools.count()
        self._changed = asyncio.Condition()

    def _most_urgent(self):
        now = time.monotonic()
        return min(self._entries, key=lambda e: (e[0] - (now - e[3]) // self.AGING, e[1]))

    async def put(self, priority, item) -> None:
        async with self._changed:
            self._entries.append((priority, next(self._sequence), item, time.monotonic()))
            self._changed.notify()

    async def get(self):
        async with self._changed:
            try:
                await self._changed.wait_for(lambda: len(self._entries) > 0)
            except asyncio.CancelledError:
                if self._entries:
                    self._changed.notify()
                raise
            entry = self._most_urgent()
            self._entries.remove(entry)
            return entry[2]

    def qsize(self) -> int:
        return len(self._entries)
