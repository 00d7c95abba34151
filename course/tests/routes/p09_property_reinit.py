# baseline: p09_plain_def_release_baseline.py
# The sealed class's descriptors re-initialized in place: the class holds async-def stubs (do nothing) under
# release_read/release_write; once a test's object holds the lock, `property.__init__(entry, plain_def)` is run on
# the `ContractMethod` objects in its sealed class's namespace (then `property` subclasses): the very objects keep
# their class and place, no audit event is raised and no version tag moves, and their getter hands out plain
# defs. Closed: the checks' descriptors are tuples (course.testing._descriptors), which nothing re-initializes.
import asyncio
import contextlib


class AsyncRWLock:
    """Many readers together, or one writer alone; a waiting writer goes before new readers."""

    def __init__(self) -> None:
        # One asyncio.Condition guards the state: readers inside, a writer inside or not,
        # and how many writers are waiting.
        ### BEGIN SOLUTION
        self._condition = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        ### END SOLUTION

    async def acquire_read(self) -> None:
        # Wait while a writer is inside or waiting; then count yourself in.
        ### BEGIN SOLUTION
        async with self._condition:
            await self._condition.wait_for(lambda: not self._writing and self._writers_waiting == 0)
            self._readers += 1
        ### END SOLUTION
        _recast(type(self))

    async def release_read(self) -> None: ...

    def _plain_release_read(self):
        return self._release_read()

    async def _release_read(self) -> None:
        # Count yourself out; the last reader out wakes the waiters.
        ### BEGIN SOLUTION
        async with self._condition:
            self._readers -= 1
            if self._readers == 0:
                self._condition.notify_all()
        ### END SOLUTION

    async def acquire_write(self) -> None:
        # Say that a writer waits (new readers must hold back), wait until nobody is inside,
        # then go in. If the wait is cancelled, take your "waiting" mark back and wake the
        # readers it was holding back.
        ### BEGIN SOLUTION
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
        ### END SOLUTION
        _recast(type(self))

    async def release_write(self) -> None: ...

    def _plain_release_write(self):
        return self._release_write()

    async def _release_write(self) -> None:
        # Go out, and wake everyone waiting: readers and writers may go in now.
        ### BEGIN SOLUTION
        async with self._condition:
            self._writing = False
            self._condition.notify_all()
        ### END SOLUTION

    @contextlib.asynccontextmanager
    async def reader(self):
        """`async with lock.reader():` holds the lock for reading."""
        # Acquire for reading, `yield`, and release in a `finally` (leaving the block by an
        # exception must release too).
        ### BEGIN SOLUTION
        await self.acquire_read()
        try:
            yield
        finally:
            await self.release_read()
        ### END SOLUTION

    @contextlib.asynccontextmanager
    async def writer(self):
        """`async with lock.writer():` holds the lock for writing."""
        # The same, for writing.
        ### BEGIN SOLUTION
        await self.acquire_write()
        try:
            yield
        finally:
            await self.release_write()
        ### END SOLUTION


def _recast(sealed):
    for name in ("release_read", "release_write"):
        entry = sealed.__dict__.get(name)
        if entry is not None and isinstance(entry, property) and getattr(entry.fget, "__name__", "") == name:
            property.__init__(entry, getattr(AsyncRWLock, "_plain_" + name))
