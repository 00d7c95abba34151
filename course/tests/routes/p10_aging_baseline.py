# "Priority aging" (as grader_tests/submissions/p10/buggy_priority_aging.py, with the steps counted in ints, so
# priorities past 2**53 keep their order): an item's priority improves by one for every minute it has been queued.
# The statement grants nothing of the kind: after a quiet hour, a resize put first jumps ahead of a refund put
# later. Only order_kept_for_ages (p10_test_order) leaves items queued that long beside younger ones.
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
