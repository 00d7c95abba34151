# expect: full marks
# correct_condition_while_loops with faulthandler.enable() at the top of its cell, a debugging hook that
# works in a kernel (its streams have a file descriptor). The check process's sys.stderr had none:
# the line raised, and nothing after it was defined (0/20, red-team pass 100).
import faulthandler

faulthandler.enable()
import asyncio


class _Holding:
    def __init__(self, acquire, release):
        self._acquire, self._release = acquire, release

    async def __aenter__(self):
        await self._acquire()
        return self

    async def __aexit__(self, *exc_info):
        await self._release()
        return False


class AsyncRWLock:
    def __init__(self):
        self.cond = asyncio.Condition()
        self.active_readers = 0
        self.active_writer = False
        self.queued_writers = 0

    async def acquire_read(self):
        async with self.cond:
            while self.active_writer or self.queued_writers:
                await self.cond.wait()
            self.active_readers += 1

    async def release_read(self):
        async with self.cond:
            self.active_readers -= 1
            if not self.active_readers:
                self.cond.notify_all()

    async def acquire_write(self):
        async with self.cond:
            self.queued_writers += 1
            try:
                while self.active_writer or self.active_readers:
                    await self.cond.wait()
            finally:
                self.queued_writers -= 1
                if not self.queued_writers:
                    self.cond.notify_all()
            self.active_writer = True

    async def release_write(self):
        async with self.cond:
            self.active_writer = False
            self.cond.notify_all()

    def reader(self):
        return _Holding(self.acquire_read, self.release_read)

    def writer(self):
        return _Holding(self.acquire_write, self.release_write)
