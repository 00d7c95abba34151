# expect: p09_test_writer_preference
# P09 finding (a): writer preference given up after two writers in a row (a reader-starvation guard).
# What it does: a careful writer-preferring lock (one Condition, cancel-safe counts), plus a policy the
# take-aways invite ("a writer-preferring lock can starve readers under an endless stream of writers"):
# after 2 writers in a row, the readers waiting at that moment go in before the next waiting writer.
# With reader-A inside and writer-1, writer-2, writer-3 waiting, reader-B, who asked after writer-3,
# gets in before writer-3 (real asyncio: in order reader-A, writer-1, writer-2, reader-B, writer-3).
# Contract broken: "once a writer waits, new readers wait behind it" (CURRICULUM P09); the statement:
# "Writer preference: once a writer waits in acquire_write, a reader that calls acquire_read after it
# waits until that writer has had its turn".
# Score now: 20/20.  Fair: 14/20 (p09_test_writer_preference should fail).
# Why it escapes: p09_test_writer_preference never has more than two writers queued with readers
# behind them (two writers in a stream; one inside plus one waiting). p09_test_cancelled_waiter's
# WRITER_CASES do queue three writers behind reader-A, but its overtaking check is
# `require(not overtaken or overtaken_alone)`: the uncancelled run of the same scenario overtakes too,
# so the check is excused ("p09_test_writer_preference's business"), which never sees it.
# (Any cap k >= 2 escapes; k = 3 overtakes nowhere in the tests at all.)
import asyncio
import contextlib


class AsyncRWLock:
    """Writer-preferring, with a guard against reader starvation: after two writers in a row,
    the readers waiting at that moment get a turn before the next writer."""

    MAX_WRITES_IN_A_ROW = 2

    def __init__(self) -> None:
        self._condition = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self._readers_waiting = 0
        self._writes_in_a_row = 0

    def _readers_turn(self) -> bool:
        return self._writes_in_a_row >= self.MAX_WRITES_IN_A_ROW and self._readers_waiting > 0

    async def acquire_read(self) -> None:
        async with self._condition:
            self._readers_waiting += 1
            try:
                await self._condition.wait_for(
                    lambda: not self._writing and (self._writers_waiting == 0 or self._readers_turn()))
            finally:
                self._readers_waiting -= 1
                self._condition.notify_all()
            self._readers += 1
            self._writes_in_a_row = 0

    async def release_read(self) -> None:
        async with self._condition:
            self._readers -= 1
            if self._readers == 0:
                self._condition.notify_all()

    async def acquire_write(self) -> None:
        async with self._condition:
            self._writers_waiting += 1
            try:
                await self._condition.wait_for(
                    lambda: not self._writing and self._readers == 0 and not self._readers_turn())
            finally:
                self._writers_waiting -= 1
                self._condition.notify_all()
            self._writing = True
            self._writes_in_a_row += 1

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
