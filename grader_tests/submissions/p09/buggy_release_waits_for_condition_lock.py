# expect: p09_test_cancelled_waiter
# The reference's releases (`async with self._condition:` then count out), but acquire_read and
# acquire_write first await an audit hook while holding the condition's lock (`await self._audit(...)`
# gives the loop a turn before the wait). So the condition's lock is sometimes held across a suspension,
# and a release can then wait for it: a task cancelled while its release waits for the condition's lock,
# as it leaves `async with lock.reader()` / `lock.writer()`, never counts itself out, and the lock stays
# held for good. (The reference's `async with self._condition:` in a release is right: nobody holds that
# lock across a suspension there, so the release never waits.) Statement: "release on exit, however the
# block is left: ... or by a cancellation".
import asyncio
import contextlib


class AsyncRWLock:
    """Many readers together, or one writer alone; a waiting writer goes before new readers."""

    def __init__(self) -> None:
        self._condition = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self.asked = []

    async def _audit(self, what) -> None:
        await asyncio.sleep(0)  # a stand-in for an async audit log
        self.asked.append(what)

    async def acquire_read(self) -> None:
        async with self._condition:
            await self._audit("read")
            await self._condition.wait_for(lambda: not self._writing and self._writers_waiting == 0)
            self._readers += 1

    async def release_read(self) -> None:
        async with self._condition:
            self._readers -= 1
            if self._readers == 0:
                self._condition.notify_all()

    async def acquire_write(self) -> None:
        async with self._condition:
            await self._audit("write")
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
