# expect: p09_test_cancelled_waiter
# expect on 3.13: full marks
# Red-team pass 42 (attacker W):
# P09 finding (feedback, Python-dependent score without the promised note): an RW lock with two
# Conditions sharing one Lock (readers_ok / writer_ok); a release wakes ONE writer with
# writer_ok.notify(1) when writers wait; a waiting writer that is cancelled only un-counts itself
# (and wakes readers if no writer waits any more): it does not pass a wake-up on to the next writer.
# Score now: 16/20 on Python 3.11 and 3.12 (p09_test_cancelled_waiter, scenario
# cancelled_waiters_leave_writers_their_turn, seed 4), 20/20 on 3.13.
# Fair: the score split itself is the documented gh-112202 case (on 3.13 the Condition passes the
# wake-up of a notified-then-cancelled waiter on, and this code is correct there; on 3.11/3.12
# writer-2 sleeps on). But README ("Pythons") promises "p09_test_cancelled_waiter says the same if
# such a case arises there", i.e. feedback in words naming asyncio.Condition's lost wake-up, as
# P10/P11 give. Here it says only: "writer-1 was cancelled as the lock was handed to it (when
# reader-A left, at t=0.100 s): writer-2, reader-B, reader-C, writer-L, reader-D still waited 1 s
# later". Only cancelled_waiters_leave_no_trace calls wakeup_lost_by_condition/lost_wakeup_note;
# cancelled_waiters_leave_writers_their_turn does not, so the student is not told that their code
# relies on 3.13's fix (and the fix: pass the wake-up on in the except branch).
# Schedule: reader-A inside; writer-1, writer-2 wait behind it; reader-A leaves at t=0.100 s and
# notify(1) wakes writer-1, which is cancelled before it runs again; its wake-up is lost.
import asyncio
import contextlib


class AsyncRWLock:
    def __init__(self):
        lock = asyncio.Lock()
        self._readers_ok = asyncio.Condition(lock)
        self._writer_ok = asyncio.Condition(lock)
        self._lock = lock
        self._active_readers = 0
        self._active_writer = False
        self._waiting_writers = 0

    def _hand_over(self):
        if self._active_writer:
            return
        if self._waiting_writers:
            if self._active_readers == 0:
                self._writer_ok.notify(1)
        else:
            self._readers_ok.notify_all()

    async def acquire_read(self):
        async with self._lock:
            while self._active_writer or self._waiting_writers:
                await self._readers_ok.wait()
            self._active_readers += 1

    async def release_read(self):
        async with self._lock:
            self._active_readers -= 1
            self._hand_over()

    async def acquire_write(self):
        async with self._lock:
            self._waiting_writers += 1
            try:
                while self._active_writer or self._active_readers:
                    await self._writer_ok.wait()
            except BaseException:
                self._waiting_writers -= 1
                if not self._waiting_writers and not self._active_writer:
                    self._readers_ok.notify_all()
                raise
            self._waiting_writers -= 1
            self._active_writer = True

    async def release_write(self):
        async with self._lock:
            self._active_writer = False
            self._hand_over()

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
