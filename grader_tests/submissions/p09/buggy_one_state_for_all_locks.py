# expect: p09_test_readers_share
# Every AsyncRWLock shares ONE state (a module-level table, one entry per event loop): each
# lock alone behaves like the reference, but a writer of lock A waits for the readers of lock
# B, and a task that holds a.reader() and then enters b.writer() deadlocks. Caught by two
# locks in use at once.
import asyncio
import contextlib

_shared = {}  # one state per event loop, shared by every AsyncRWLock


class _State:
    def __init__(self):
        self.condition = asyncio.Condition()
        self.readers = 0
        self.writing = False
        self.writers_waiting = 0


class AsyncRWLock:
    def __init__(self) -> None:
        pass

    @property
    def _s(self):
        loop = asyncio.get_running_loop()
        if loop not in _shared:
            _shared.clear()
            _shared[loop] = _State()
        return _shared[loop]

    async def acquire_read(self) -> None:
        s = self._s
        async with s.condition:
            await s.condition.wait_for(lambda: not s.writing and s.writers_waiting == 0)
            s.readers += 1

    async def release_read(self) -> None:
        s = self._s
        async with s.condition:
            s.readers -= 1
            if s.readers == 0:
                s.condition.notify_all()

    async def acquire_write(self) -> None:
        s = self._s
        async with s.condition:
            s.writers_waiting += 1
            try:
                await s.condition.wait_for(lambda: not s.writing and s.readers == 0)
            except BaseException:
                s.writers_waiting -= 1
                s.condition.notify_all()
                raise
            s.writers_waiting -= 1
            s.writing = True

    async def release_write(self) -> None:
        s = self._s
        async with s.condition:
            s.writing = False
            s.condition.notify_all()

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
