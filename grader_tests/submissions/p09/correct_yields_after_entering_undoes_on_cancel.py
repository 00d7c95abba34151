# expect: full marks
# Gives the event loop a turn once it is in (as buggy_await_after_counting_in does), but a
# task cancelled at that turn takes its entry back and wakes the others before it leaves:
# wherever an acquire is cancelled, the lock is as if the task had never come.
import asyncio
import contextlib


class AsyncRWLock:
    def __init__(self):
        self._state = asyncio.Condition()
        self._readers = 0
        self._writer_in = False
        self._writers_queued = 0

    async def _undo(self, undo):
        async with self._state:
            undo()
            self._state.notify_all()

    async def acquire_read(self):
        async with self._state:
            while self._writer_in or self._writers_queued:
                await self._state.wait()
            self._readers += 1
        try:
            await asyncio.sleep(0)  # let the others see the new state
        except BaseException:
            await asyncio.shield(self._undo(self._leave_read))
            raise

    def _leave_read(self):
        self._readers -= 1

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
        try:
            await asyncio.sleep(0)
        except BaseException:
            await asyncio.shield(self._undo(self._leave_write))
            raise

    def _leave_write(self):
        self._writer_in = False

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
