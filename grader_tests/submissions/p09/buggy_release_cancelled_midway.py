# expect: p09_test_cancelled_waiter
# P09 finding (a): a release that can be cancelled half-way leaves the lock held by nobody.
# What it does: the reference lock, except that release_read and release_write first give the loop a
# turn (`await asyncio.sleep(0)`, "let the others see the last write") before counting themselves out.
# A task whose cancellation arrives while it leaves the block (a TaskGroup sibling failing, a caller's
# timeout firing in that step) skips the release: `async with lock.writer(): ...` ends cancelled and the
# lock stays "writing" for good; every later reader and writer waits forever (real asyncio: holder ends
# its block at t=0.01, is cancelled in that step, a reader then still waits 1 s later; the reference
# lets it in at once, since its releases never suspend).
# Contract broken: "reader() and writer() return async context managers that acquire on entry and
# release on exit, however the block is left: at its end, by an exception, or by a cancellation"
# (statement), and CURRICULUM P09 "a cancelled waiter leaves the lock usable".
# Score now: 20/20.  Fair: 16/20 (p09_test_cancelled_waiter should fail).
# Why it escapes: the every_suspension sweep of cancelled_anywhere_while_entering calls cut.spare()
# as soon as the task is in ("the sweep covers entering only"); leaving_the_block_releases cancels only
# inside the body (before the release starts). No check cancels a task at a suspension point of
# release_read/release_write or of reader()/writer()'s __aexit__. (The reference never suspends there,
# so a sweep over the leaving side is fair to it.)
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

    async def release_read(self) -> None:
        # Count yourself out; the last reader out wakes the waiters.
        ### BEGIN SOLUTION
        await asyncio.sleep(0)
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

    async def release_write(self) -> None:
        # Go out, and wake everyone waiting: readers and writers may go in now.
        ### BEGIN SOLUTION
        await asyncio.sleep(0)
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