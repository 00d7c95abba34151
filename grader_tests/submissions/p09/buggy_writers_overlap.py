# expect: p09_test_writer_alone
# Writer-preferring, but a writer waits only for the readers to leave, not for another
# writer: two writers can be inside together.
import asyncio
import contextlib


class AsyncRWLock:
    def __init__(self):
        self._cond = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    async def acquire_read(self):
        async with self._cond:
            await self._cond.wait_for(lambda: not self._writing and self._writers_waiting == 0)
            self._readers += 1

    async def release_read(self):
        async with self._cond:
            self._readers -= 1
            if self._readers == 0:
                self._cond.notify_all()

    async def acquire_write(self):
        async with self._cond:
            self._writers_waiting += 1
            try:
                await self._cond.wait_for(lambda: self._readers == 0)
            finally:
                self._writers_waiting -= 1
                self._cond.notify_all()
            self._writing = True

    async def release_write(self):
        async with self._cond:
            self._writing = False
            self._cond.notify_all()

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
