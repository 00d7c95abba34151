# expect: p09_test_cancelled_waiter
# The releases count themselves out at once, then give the loop a turn (`await asyncio.sleep(0)`, "let
# the last write settle") before they wake the waiters. A task cancelled in that pause, as it leaves
# `async with lock.reader()` / `lock.writer()`, is out of the lock, but the waiters behind it are never
# woken: they sleep on a free lock (a lost wake-up) until some unrelated release. Statement: "release on
# exit, however the block is left: ... or by a cancellation". A member of the kind of
# buggy_release_cancelled_midway (red-team finding): only a sweep of the suspension points of leaving
# the block, with tasks waiting behind, finds it.
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
        self._readers -= 1
        last = self._readers == 0
        await asyncio.sleep(0)
        if last:
            async with self._condition:
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
        self._writing = False
        await asyncio.sleep(0)
        async with self._condition:
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
