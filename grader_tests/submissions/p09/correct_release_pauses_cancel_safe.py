# expect: full marks
# The releases give the loop a turn before counting themselves out (`await asyncio.sleep(0)`), but do the
# counting out in a `finally:`: a task cancelled in that pause, as it leaves `async with lock.reader()` /
# `lock.writer()`, still releases the lock, and ends cancelled. The sweep of the suspension points of
# leaving the block (p09_test_cancelled_waiter) cancels it there: a release that suspends is fair game,
# one that then leaves the lock usable earns every point.
import asyncio
import contextlib


class AsyncRWLock:
    """Many readers together, or one writer alone; a waiting writer goes before new readers."""

    def __init__(self) -> None:
        self._condition = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    async def acquire_read(self) -> None:
        async with self._condition:
            await self._condition.wait_for(lambda: not self._writing and self._writers_waiting == 0)
            self._readers += 1

    async def release_read(self) -> None:
        try:
            await asyncio.sleep(0)  # let the others see the last read first
        finally:
            async with self._condition:
                self._readers -= 1
                if self._readers == 0:
                    self._condition.notify_all()

    async def acquire_write(self) -> None:
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
        try:
            await asyncio.sleep(0)  # let the last write settle
        finally:
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
