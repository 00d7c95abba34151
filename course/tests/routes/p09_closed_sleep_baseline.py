# baseline of p09_closed_sleep: p09_timer_pause_baseline with the same hand-stepped sleep pause
# Releases count themselves out at once, then pause 0.2 ms ("let the last write settle") before waking the
# waiters: a task cancelled in that pause (a caller's timeout as it leaves the block) never wakes them.
import asyncio
import contextlib


class _Pause:
    # A real asyncio.sleep(10) stepped by hand: its future (whose timer, 10 s out, is what the checks time
    # this wait by) is resolved by a timer of our own after `delay`; the sleep's coroutine is then closed,
    # never resumed, so the sealed sleep's "ended early" check never runs.
    def __init__(self, delay):
        self.delay = delay

    def __await__(self):
        inner = asyncio.sleep(10.0)
        fut = inner.send(None)
        h = asyncio.get_running_loop().call_later(self.delay, lambda: fut.done() or fut.set_result(None))
        try:
            yield fut
        finally:
            h.cancel()
            inner.close()


def _pause(delay):
    return _Pause(delay)


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
        await _pause(0.0002)
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
        await _pause(0.0002)
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
