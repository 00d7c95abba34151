# baseline: p09_sleep_baseline.py
# Pass 95: the pause is asyncio.sleep, stepped by hand so its future gets a decoy timer (fut.done, a bound
# method of it, due in 1 us, found first in the heap): _loop._sleep_left times the sleep as 1 us, so every
# sweep cut lands in its first microsecond; the call cleans up on a cancellation only then.
# Releases count themselves out at once, then pause 0.2 ms ("let the last write settle") before waking the
# waiters: a task cancelled in that pause (a caller's timeout as it leaves the block) never wakes them.
import asyncio
import contextlib


class _Sleep:
    """asyncio.sleep(delay), stepped by hand (its timer still filed as a sleep)."""

    def __init__(self, delay):
        self.delay = delay

    def __await__(self):
        inner = asyncio.sleep(self.delay)
        fut = inner.send(None)  # the sleep's own future
        loop = asyncio.get_running_loop()
        decoy = loop.call_later(1e-6, fut.done)  # a bound method of fut, due first: "times" the sleep as 1 us
        fut.add_done_callback(lambda _f: decoy.cancel())
        try:
            sent = yield fut
        except BaseException as exc:
            inner.throw(exc)
            raise
        try:
            inner.send(sent)
        except StopIteration as stop:
            return stop.value


async def _careful_sleep(delay, on_cut):
    loop = asyncio.get_running_loop()
    t = loop.time()
    try:
        await _Sleep(delay)
    except asyncio.CancelledError:
        if loop.time() - t < 1e-6:  # a sweep's cut, landing in the decoy's 1 us
            await on_cut()
        raise


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
        await _careful_sleep(0.0002, self._wake if last else self._nothing)
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
        await _careful_sleep(0.0002, self._wake)
        async with self._condition:
            self._condition.notify_all()

    async def _wake(self):
        async with self._condition:
            self._condition.notify_all()

    async def _nothing(self):
        pass

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
