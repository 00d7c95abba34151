# expect: p09_test_writer_preference
# Writer preference that expires: a reader that comes while a writer waits holds back for at
# most 0.5 s, then goes in beside the readers inside, before the still-waiting writer (and a
# reader that comes while a writer is inside does not hold back for the next waiting writer at
# all). Under long reads with readers coming on, the writer starves.
import asyncio
import contextlib

PATIENCE = 0.5  # a reader waits at most this long for a writer that has not got in yet


class AsyncRWLock:
    def __init__(self):
        self._cond = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    async def acquire_read(self):
        async with self._cond:
            if self._writers_waiting and not self._writing:
                try:
                    async with asyncio.timeout(PATIENCE):
                        await self._cond.wait_for(lambda: not self._writing and self._writers_waiting == 0)
                except TimeoutError:
                    pass  # the writer is slow to get in: do not keep readers out forever
            await self._cond.wait_for(lambda: not self._writing)
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
                await self._cond.wait_for(lambda: not self._writing and self._readers == 0)
            except BaseException:
                self._writers_waiting -= 1
                self._cond.notify_all()
                raise
            self._writers_waiting -= 1
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
