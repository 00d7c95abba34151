# baseline: p09_plain_def_release_baseline.py
# A lying key in the solution's own namespace: the test cells resolve `AsyncRWLock` anew at every use (through
# the check process's `_Names.__missing__`, a plain lookup in the student's namespace dict). The solution deletes
# its exact-str entry and files the name under two str-subclass keys of the same hash, whose `__eq__` answers
# "AsyncRWLock" only outside a running loop (the class, for `defined(...)`'s look at its async defs) or only inside
# one (a factory function, which is no class, so `_Names` hands it over unwrapped: no `Contracted`, no seal, no
# check of the objects made). Every lock a scenario makes is then the baseline's class with plain-def releases.
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

    def release_read(self):
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

    def release_write(self):
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


class _Name(str):
    """A name equal to its text only inside (or only outside) a running event loop."""

    __hash__ = str.__hash__

    def __eq__(self, other):
        if self is other:
            return True
        if type(other) is not str or not str.__eq__(self, other):
            return False
        return (asyncio.events._get_running_loop() is not None) == self.in_loop

    def __ne__(self, other):
        return not self.__eq__(other)


class _AsyncStubs:
    """What `defined(...)` looks at: async defs (never called)."""

    async def acquire_read(self) -> None: ...

    async def release_read(self) -> None: ...

    async def acquire_write(self) -> None: ...

    async def release_write(self) -> None: ...


_Plain = AsyncRWLock


def _factory(*args, **kwargs):
    return _Plain(*args, **kwargs)


_outside, _inside = _Name("AsyncRWLock"), _Name("AsyncRWLock")
_outside.in_loop, _inside.in_loop = False, True
_namespace = globals()
del _namespace["AsyncRWLock"]
_namespace[_outside] = _AsyncStubs
_namespace[_inside] = _factory
