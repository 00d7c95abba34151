# expect: p09_test_cancelled_waiter
# A reader cancelled while it waits undoes a count it never made (its cancel path copied from
# release_read), and writers go in once the count is at most 0: after that cancellation a writer
# goes in beside a reader that is inside (20/20 until red-team pass 104).
import asyncio
import contextlib


class AsyncRWLock:
    def __init__(self) -> None:
        self._condition = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    async def acquire_read(self) -> None:
        async with self._condition:
            try:
                await self._condition.wait_for(lambda: not self._writing and self._writers_waiting == 0)
            except BaseException:
                self._readers -= 1  # bug: this reader was never counted in
                self._condition.notify_all()
                raise
            self._readers += 1

    async def release_read(self) -> None:
        async with self._condition:
            self._readers -= 1
            if self._readers <= 0:
                self._condition.notify_all()

    async def acquire_write(self) -> None:
        async with self._condition:
            self._writers_waiting += 1
            try:
                await self._condition.wait_for(lambda: not self._writing and self._readers <= 0)
            except BaseException:
                self._writers_waiting -= 1
                self._condition.notify_all()
                raise
            self._writers_waiting -= 1
            self._writing = True

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
