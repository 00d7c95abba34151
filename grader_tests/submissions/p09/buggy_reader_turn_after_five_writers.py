# expect: p09_test_writer_preference
# Writer preference given up after five writers in a row (a reader-starvation guard): once 5 writers
# have gone in one after the other, the readers waiting at that moment go in before the next waiting
# writer, also those that asked after it. With a reader inside and 6 or more writers queued, a
# reader that asked behind writer-6 gets in before it. Statement: "once a writer waits in
# acquire_write, a reader that calls acquire_read after it waits until that writer has had its turn".
# A member of the kind of buggy_reader_turn_after_two_writers (red-team finding, cap 2): p09_test_writer_preference
# queues 3 to 11 writers (40 on its first seed) behind a reader, a reader asking behind each.
import asyncio
import contextlib


class AsyncRWLock:
    """Writer-preferring, with a guard against reader starvation: after five writers in a row,
    the readers waiting at that moment get a turn before the next writer."""

    MAX_WRITES_IN_A_ROW = 5

    def __init__(self) -> None:
        self._condition = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self._readers_waiting = 0
        self._writes_in_a_row = 0

    def _readers_turn(self) -> bool:
        return self._writes_in_a_row >= self.MAX_WRITES_IN_A_ROW and self._readers_waiting > 0

    async def acquire_read(self) -> None:
        async with self._condition:
            self._readers_waiting += 1
            try:
                await self._condition.wait_for(
                    lambda: not self._writing and (self._writers_waiting == 0 or self._readers_turn()))
            finally:
                self._readers_waiting -= 1
                self._condition.notify_all()
            self._readers += 1
            self._writes_in_a_row = 0

    async def release_read(self) -> None:
        async with self._condition:
            self._readers -= 1
            if self._readers == 0:
                self._condition.notify_all()

    async def acquire_write(self) -> None:
        async with self._condition:
            self._writers_waiting += 1
            try:
                await self._condition.wait_for(
                    lambda: not self._writing and self._readers == 0 and not self._readers_turn())
            finally:
                self._writers_waiting -= 1
                self._condition.notify_all()
            self._writing = True
            self._writes_in_a_row += 1

    async def release_write(self) -> None:
        async with self._condition:
            self._writing = False
            self._condition.notify_all()

    @contextlib.asynccontextmanager
    async def reader(self):
        await self.acquire_read()
        try:
            yield
        finally:
            await self.release_read()

    @contextlib.asynccontextmanager
    async def writer(self):
        await self.acquire_write()
        try:
            yield
        finally:
            await self.release_write()
