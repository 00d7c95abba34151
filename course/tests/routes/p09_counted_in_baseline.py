# expect: p09_test_cancelled_waiter (honest baseline of p09_empty_situations.py)
# Writer-preferring and careful about cancelled writers, but acquire_read and acquire_write
# give control away once they have counted themselves in ("let the others see the new
# state"). A task cancelled at that await has the lock without knowing it: acquire raises
# CancelledError, nobody ever releases, and every writer (or everyone) waits for good.
import asyncio
import contextlib


class AsyncRWLock:
    def __init__(self):
        self._state = asyncio.Condition()
        self._readers = 0
        self._writer_in = False
        self._writers_queued = 0

    async def acquire_read(self):
        async with self._state:
            while self._writer_in or self._writers_queued:
                await self._state.wait()
            self._readers += 1
            await asyncio.sleep(0)  # yield, now that we are counted

    async def release_read(self):
        async with self._state:
            self._readers -= 1
            if not self._readers:
                self._state.notify_all()

    async def acquire_write(self):
        async with self._state:
            self._writers_queued += 1
            try:
                while self._writer_in or self._readers:
                    await self._state.wait()
            finally:
                self._writers_queued -= 1
                self._state.notify_all()
            self._writer_in = True
            await asyncio.sleep(0)  # yield, now that we are in

    async def release_write(self):
        async with self._state:
            self._writer_in = False
            self._state.notify_all()

    @contextlib.asynccontextmanager
    async def reader(self):
        await self.acquire_read()
        try:
            yield self
        finally:
            await self.release_read()

    @contextlib.asynccontextmanager
    async def writer(self):
        await self.acquire_write()
        try:
            yield self
        finally:
            await self.release_write()
