"""A readers-preferring read-write lock: the baseline P09's experiment compares against.

It is correct in the narrow sense (readers share, a writer is alone) but
unfair: a reader may enter whenever no writer is *inside*, even while a
writer waits. With readers arriving faster than the last one leaves, the
count of readers never reaches zero and the writer waits until the readers
stop: writer starvation. P09 asks for the writer-preferring lock, where a
waiting writer makes new readers wait behind it.
"""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable


class Held:
    """`async with` support from an acquire and a release coroutine function."""

    def __init__(self, acquire: Callable[[], Awaitable[None]], release: Callable[[], Awaitable[None]]) -> None:
        self._acquire, self._release = acquire, release

    async def __aenter__(self) -> None:
        await self._acquire()

    async def __aexit__(self, *exc_info) -> None:
        await self._release()


class ReadersFirstRWLock:
    """Many readers or one writer; readers never wait for a *waiting* writer (so writers can starve)."""

    def __init__(self) -> None:
        self._changed = asyncio.Condition()
        self._readers = 0
        self._writing = False

    async def acquire_read(self) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: not self._writing)
            self._readers += 1

    async def release_read(self) -> None:
        async with self._changed:
            self._readers -= 1
            if self._readers == 0:
                self._changed.notify_all()

    async def acquire_write(self) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: not self._writing and self._readers == 0)
            self._writing = True

    async def release_write(self) -> None:
        async with self._changed:
            self._writing = False
            self._changed.notify_all()

    def reader(self) -> Held:
        """`async with lock.reader():` holds the lock for reading."""
        return Held(self.acquire_read, self.release_read)

    def writer(self) -> Held:
        """`async with lock.writer():` holds the lock for writing."""
        return Held(self.acquire_write, self.release_write)
