# expect: p09_test_cancelled_waiter
# Red-team pass 39 (attacker T: the checks' loop ran an executor call at once, its future already done): see
# below. Scored before the fix as the first comment lines say; now graded as the same code with an async call.
# P09 finding: a BUGGY RW lock whose reader()/writer() leak the lock when cancelled while auditing the entry
# earns full marks.
# Score now: 20/20. Fair score: 16/20 (what buggy_context_manager_awaits_before_try.py, the same bug with an
#   async log, scores: p09_test_cancelled_waiter 0/4).
# Why it is buggy: `async with lock.reader():` acquires, then awaits an audit line written in a worker thread
#   (`await asyncio.to_thread(self._write_log)`) before its try/finally exists: a task cancelled there leaves
#   without releasing. Concrete schedule on asyncio.run (findings/repro/realrun9.py): a reader enters, is cancelled
#   20 ms later while the (50 ms) audit write runs; the lock keeps a reader count of 1 for good: a writer then
#   waits forever ("writer still waits 1 s later"). The contract: "a cancelled waiter leaves the lock usable".
# Mechanism: the virtual loop's run_in_executor runs the function at once and returns a done future, so the
#   await of to_thread never suspends under the checks and every_suspension never cancels the task there.
#   (Same mechanism as findings/p01_to_thread_*.py, p10_thread_after_taking.py.)
import asyncio
import json


class _Held:
    def __init__(self, acquire, release, log):
        self._acquire, self._release, self._log = acquire, release, log

    async def __aenter__(self):
        await self._acquire()
        await self._log()  # audit the entry
        return self

    async def __aexit__(self, *exc_info):
        await self._release()
        return False


class AsyncRWLock:
    def __init__(self):
        self._cond = asyncio.Condition()
        self._readers = 0
        self._writer = False
        self._waiting_writers = 0
        self.entries = 0

    def _write_log(self):
        # A blocking audit logger (it serialises and ships the line): run in a worker thread.
        self.entries += 1
        self.last_line = json.dumps({"entry": self.entries})

    async def _log_entry(self):
        await asyncio.to_thread(self._write_log)  # off the event loop

    async def acquire_read(self):
        async with self._cond:
            await self._cond.wait_for(lambda: not self._writer and not self._waiting_writers)
            self._readers += 1

    async def release_read(self):
        async with self._cond:
            self._readers -= 1
            self._cond.notify_all()

    async def acquire_write(self):
        async with self._cond:
            self._waiting_writers += 1
            try:
                await self._cond.wait_for(lambda: not self._writer and not self._readers)
            finally:
                self._waiting_writers -= 1
                self._cond.notify_all()
            self._writer = True

    async def release_write(self):
        async with self._cond:
            self._writer = False
            self._cond.notify_all()

    def reader(self):
        return _Held(self.acquire_read, self.release_read, self._log_entry)

    def writer(self):
        return _Held(self.acquire_write, self.release_write, self._log_entry)
