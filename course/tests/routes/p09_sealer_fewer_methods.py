# baseline: p09_plain_def_release_baseline.py
# The sealer asked first, for one method: the solution cell itself calls the check process's sealer
# (`course.problem_process._Names.seal`) for its class with ("acquire_read",) alone. The sealer keeps one
# sealed subclass per class (keyed by the class, whatever methods were asked for) and hands that same one to
# every object the tests make later, so release_read and release_write are not sealed: the transient instance
# shadow of p09_transient_shadow.py (plain defs in the object's __dict__ only while the lock is held) works again.
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
        self.__dict__["release_read"] = self._plain_release_read
        self.__dict__["release_write"] = self._plain_release_write

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
        self._forget()

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
        self.__dict__["release_read"] = self._plain_release_read
        self.__dict__["release_write"] = self._plain_release_write

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
        self._forget()

    def _forget(self):
        if self._readers == 0 and not self._writing:
            self.__dict__.pop("release_read", None)
            self.__dict__.pop("release_write", None)

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


try:
    import course.problem_process as _process

    _process._Names.seal((AsyncRWLock, ("acquire_read",)))
except Exception:  # not in a check process (a kernel): nothing to do
    pass
