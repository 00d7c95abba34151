# p09_frozen_test_sleep's baseline: a fresh lock waits 5 ms before its first acquire.
import asyncio
import contextlib


class AsyncRWLock:
    """Many readers together, or one writer alone; a waiting writer goes before new readers."""

    def __init__(self) -> None:
        # One asyncio.Condition guards the state: readers inside, a writer inside or not,
        # and how many writers are waiting.
        self._condition = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self._warm = False


    async def _warm_up(self) -> None:
        # BUG: a fresh lock "warms up" for 5 ms on its first acquire: a free lock is not taken at once.
        if not self._warm:
            self._warm = True
            await asyncio.sleep(0.005)

    async def acquire_read(self) -> None:
        # Wait while a writer is inside or waiting; then count yourself in.
        await self._warm_up()
        async with self._condition:
            await self._condition.wait_for(lambda: not self._writing and self._writers_waiting == 0)
            self._readers += 1

    async def release_read(self) -> None:
        # Count yourself out; the last reader out wakes the waiters.
        async with self._condition:
            self._readers -= 1
            if self._readers == 0:
                self._condition.notify_all()

    async def acquire_write(self) -> None:
        # Say that a writer waits (new readers must hold back), wait until nobody is inside,
        # then go in. If the wait is cancelled, take your "waiting" mark back and wake the
        # readers it was holding back.
        await self._warm_up()
        async with self._condition:
            self._writers_waiting += 1
            try:
                await self._condition.wait_for(lambda: not self._writing and self._readers == 0)
            except BaseException:
                self._writers_waiting -= 1
                self._condition.notify_all()
                raise
            self._writers_waiting -= 1
            self._writing = True

    async def release_write(self) -> None:
        # Go out, and wake everyone waiting: readers and writers may go in now.
        async with self._condition:
            self._writing = False
            self._condition.notify_all()

    @contextlib.asynccontextmanager
    async def reader(self):
        """`async with lock.reader():` holds the lock for reading."""
        # Acquire for reading, `yield`, and release in a `finally` (leaving the block by an
        # exception must release too).
        await self.acquire_read()
        try:
            yield
        finally:
            await self.release_read()

    @contextlib.asynccontextmanager
    async def writer(self):
        """`async with lock.writer():` holds the lock for writing."""
        # The same, for writing.
        await self.acquire_write()
        try:
            yield
        finally:
            await self.release_write()
