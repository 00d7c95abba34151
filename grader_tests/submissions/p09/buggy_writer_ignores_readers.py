# expect: p09_test_visible p09_test_writer_alone p09_test_writer_preference p09_test_cancelled_waiter
# Readers wait for a writer inside, and writers for each other, but a writer never waits
# for the readers: it goes in at once, among them. It is never "starved" and never waits
# long enough to be cancelled while waiting, but only because it never waits for readers.
import asyncio
import contextlib


class AsyncRWLock:
    def __init__(self):
        self._changed = asyncio.Condition()
        self._writing = False
        self._readers = 0

    async def acquire_read(self):
        async with self._changed:
            await self._changed.wait_for(lambda: not self._writing)
            self._readers += 1

    async def release_read(self):
        async with self._changed:
            self._readers -= 1
            self._changed.notify_all()

    async def acquire_write(self):
        async with self._changed:
            await self._changed.wait_for(lambda: not self._writing)
            self._writing = True

    async def release_write(self):
        async with self._changed:
            self._writing = False
            self._changed.notify_all()

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
