# baseline: p09_sliced_patience_baseline.py
# Route (red-team rt67): the baseline's impatient waiter (gives up after a day of virtual time), its day
# waited in 1 s slices (wait_for on the condition, looked at after each) instead of one: no real clock at all.
# held_for_ages follows a waiter that wakes often only as far as let_time_pass's 5,000-step budget, far less
# than a day of 1 s polls, so the deadline never comes while it looks.
import asyncio
import time
import contextlib

PATIENCE = 86400.0  # a day of waiting, then give up
POLL = 1.0


class AsyncRWLock:
    """Many readers together, or one writer alone; a waiting writer goes before new readers."""

    def __init__(self) -> None:
        # One asyncio.Condition guards the state: readers inside, a writer inside or not,
        # and how many writers are waiting.
        self._condition = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    async def _patient_wait(self, predicate) -> None:
        # The condition waited on in slices of POLL s, the deadline looked at after each.
        began = time.monotonic()
        while not predicate():
            try:
                await asyncio.wait_for(self._condition.wait(), POLL)
            except TimeoutError:
                if time.monotonic() - began >= PATIENCE:
                    raise

    async def acquire_read(self) -> None:
        # Wait while a writer is inside or waiting; then count yourself in.
        async with self._condition:
            await self._patient_wait(lambda: not self._writing and self._writers_waiting == 0)
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
                await self._patient_wait(lambda: not self._writing and self._readers == 0)
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
