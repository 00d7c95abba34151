# expect: full marks
# No Condition: a writer holds a turnstile Lock while it waits and while it writes, so new
# readers queue at the turnstile; an Event says "no reader inside".
import asyncio
from contextlib import asynccontextmanager


class AsyncRWLock:
    def __init__(self):
        self._turnstile = asyncio.Lock()
        self._readers = 0
        self._no_readers = asyncio.Event()
        self._no_readers.set()

    async def acquire_read(self):
        async with self._turnstile:  # waits while a writer waits or writes
            self._readers += 1
            self._no_readers.clear()

    async def release_read(self):
        self._readers -= 1
        if self._readers == 0:
            self._no_readers.set()

    async def acquire_write(self):
        await self._turnstile.acquire()
        try:
            await self._no_readers.wait()
        except BaseException:
            self._turnstile.release()
            raise

    async def release_write(self):
        self._turnstile.release()

    @asynccontextmanager
    async def reader(self):
        await self.acquire_read()
        try:
            yield self
        finally:
            await self.release_read()

    @asynccontextmanager
    async def writer(self):
        await self.acquire_write()
        try:
            yield self
        finally:
            await self.release_write()
