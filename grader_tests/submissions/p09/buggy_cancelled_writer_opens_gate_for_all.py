# expect: p09_test_cancelled_waiter
# A waiting writer that is cancelled re-opens the readers' gate although ANOTHER
# writer is still waiting.
# Broken promise: "Writer preference: once a writer waits in acquire_write, a reader that calls
# acquire_read after it waits until that writer has had its turn" (contract: "once a writer waits,
# new readers wait behind it"). The gate for new readers (`_gate_open`) is closed while writers
# wait; the success path re-opens it only when no writer is left waiting, but the cancellation path
# re-opens it unconditionally. With writers W1 and W2 waiting behind a reader and W1 cancelled (a
# request timeout), new readers walk in past W2, and under a steady flow of readers W2 starves
# (the readers-preferring starvation the problem is about, after one cancelled writer).
# Missed because no check cancels one of TWO waiting writers and then sends readers: every
# cancellation scenario has at most one writer waiting when the cancellation happens.
# From red-team pass 30: it had 20/20; p09_test_cancelled_waiter now cancels one or two of two or three
# writers waiting behind a reader (while they wait, or as the lock is handed to the first) and
# requires the readers that ask after the others to go in after them.
import asyncio
import contextlib


class AsyncRWLock:
    def __init__(self) -> None:
        self._condition = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self._gate_open = True  # False while some writer waits: new readers hold back

    async def acquire_read(self) -> None:
        async with self._condition:
            await self._condition.wait_for(lambda: not self._writing and self._gate_open)
            self._readers += 1

    async def release_read(self) -> None:
        async with self._condition:
            self._readers -= 1
            if self._readers == 0:
                self._condition.notify_all()

    async def acquire_write(self) -> None:
        async with self._condition:
            self._writers_waiting += 1
            self._gate_open = False
            try:
                await self._condition.wait_for(lambda: not self._writing and self._readers == 0)
            except BaseException:
                self._writers_waiting -= 1
                self._gate_open = True  # bug: should stay closed while other writers wait
                self._condition.notify_all()
                raise
            self._writers_waiting -= 1
            self._writing = True

    async def release_write(self) -> None:
        async with self._condition:
            self._writing = False
            self._gate_open = self._writers_waiting == 0
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
