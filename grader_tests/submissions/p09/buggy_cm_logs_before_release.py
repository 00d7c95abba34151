# expect: p09_test_cancelled_waiter
# acquire/release are the reference's, but reader() and writer() return a hand-written context manager
# whose __aexit__ first logs the visit (`await self._log(...)`, which gives the loop a turn) and only then
# awaits the release. A task cancelled in that log call, as it leaves the block, skips the release: the
# lock stays held for good. Statement: "release on exit, however the block is left: ... or by a
# cancellation". A member of the kind of buggy_release_cancelled_midway (red-team finding), in the
# context manager instead of the release.
import asyncio


class _Held:
    def __init__(self, acquire, release, log) -> None:
        self._acquire, self._release, self._log = acquire, release, log

    async def __aenter__(self):
        await self._acquire()
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self._log(exc_type)
        await self._release()
        return False


class AsyncRWLock:
    """Many readers together, or one writer alone; a waiting writer goes before new readers."""

    def __init__(self) -> None:
        self._condition = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self.visits = 0

    async def _log(self, exc_type) -> None:
        await asyncio.sleep(0)  # a stand-in for an async logger
        self.visits += 1

    async def acquire_read(self) -> None:
        async with self._condition:
            await self._condition.wait_for(lambda: not self._writing and self._writers_waiting == 0)
            self._readers += 1

    async def release_read(self) -> None:
        async with self._condition:
            self._readers -= 1
            if self._readers == 0:
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
        async with self._condition:
            self._writing = False
            self._condition.notify_all()

    def reader(self):
        return _Held(self.acquire_read, self.release_read, self._log)

    def writer(self):
        return _Held(self.acquire_write, self.release_write, self._log)
