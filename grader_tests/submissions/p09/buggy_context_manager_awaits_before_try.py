# expect: p09_test_cancelled_waiter
# acquire_read/acquire_write are right, but reader() and writer() log the entry with an
# await *between* acquiring and their try/finally: a task cancelled there (a request
# timeout, say) leaves `async with lock.reader():` without releasing what it acquired.
import asyncio


class _Held:
    def __init__(self, acquire, release, log):
        self._acquire, self._release, self._log = acquire, release, log

    async def __aenter__(self):
        await self._acquire()
        await self._log()  # a cancellation here skips __aexit__ entirely
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

    async def _log_entry(self):
        self.entries += 1
        await asyncio.sleep(0)  # hand the log line to the event loop

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
