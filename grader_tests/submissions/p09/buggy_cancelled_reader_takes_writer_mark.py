# expect: p09_test_cancelled_waiter
# A reader cancelled while it waits takes back a "writer waiting" mark it never set (its cancel path
# copied from acquire_write), and readers hold back only while the count is above 0: nothing
# hangs, but after a reader behind a waiting writer gives up (a request timeout), new readers walk
# in past that writer. (Red-team pass 30, a member of the kind "a cancelled waiter leaves state a
# later call sees": it had 20/20; the cancelled-waiters scenario now cancels a reader waiting
# behind writers too.)
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

    async def acquire_read(self) -> None:
        # Wait while a writer is inside or waiting; then count yourself in.
        async with self._condition:
            try:
                await self._condition.wait_for(lambda: not self._writing and self._writers_waiting <= 0)
            except BaseException:
                self._writers_waiting -= 1  # bug: copied from acquire_write; a reader has no such mark
                self._condition.notify_all()
                raise
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