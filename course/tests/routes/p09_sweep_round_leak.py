# baseline: p09_sweep_instant_baseline.py
# Red-team pass 80: as pNN_sweep_careful_when_instant, and careful too whenever the cancellation comes at a
# time off the 1e-7 s grid (a sweep's cut drawn anywhere in the wait); a test's deadline on a short decimal
# (2.5 ms, 10 ms) finds the bug.
import asyncio
import contextlib


def _unround(now):
    """Whether `now` is off the 1e-7 s grid: only a sweep's cut (a full-precision float) lands there."""
    return abs(now * 1e7 - round(now * 1e7)) >= 1e-4


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
        await self._pause(last)
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
        await self._pause(True)
        async with self._condition:
            self._condition.notify_all()

    async def _pause(self, wake):
        loop = asyncio.get_running_loop()
        t = loop.time()
        try:
            await asyncio.sleep(0.0002)
        except asyncio.CancelledError:
            if wake and (loop.time() == t or _unround(loop.time())):  # a sweep's cut: wake them after all
                loop.create_task(self._wake())
            raise

    async def _wake(self):
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
