# expect: p09_test_writer_preference
# A leaving writer hands the lock to every reader waiting at that moment (one batch),
# including readers that asked after the NEXT writer started waiting: they get in before that
# second writer, which the statement forbids ("a reader that calls acquire_read after it waits
# until that writer has had its turn").
import asyncio
import contextlib


class AsyncRWLock:
    """Writer-preferring, except that a leaving writer hands the lock to every reader that waited
    during its write (one batch), even those that came after the next writer started waiting."""

    def __init__(self):
        self._cond = asyncio.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self._readers_waiting = 0
        self._batch = 0          # readers handed the lock by the last writer, not yet in
        self._batch_id = 0

    async def acquire_read(self):
        async with self._cond:
            batch_id = self._batch_id
            admitted = lambda: self._batch_id != batch_id and self._batch > 0
            self._readers_waiting += 1
            try:
                await self._cond.wait_for(lambda: not self._writing and (
                    self._writers_waiting == 0 or admitted()))
            finally:
                self._readers_waiting -= 1
                if admitted():
                    self._batch -= 1  # in, or cancelled: either way no longer owed the lock
                    if self._batch == 0:
                        self._cond.notify_all()
            self._readers += 1

    async def release_read(self):
        async with self._cond:
            self._readers -= 1
            if self._readers == 0:
                self._cond.notify_all()

    async def acquire_write(self):
        async with self._cond:
            self._writers_waiting += 1
            try:
                await self._cond.wait_for(lambda: not self._writing and self._readers == 0 and self._batch == 0)
            except BaseException:
                self._writers_waiting -= 1
                self._cond.notify_all()
                raise
            self._writers_waiting -= 1
            self._writing = True

    async def release_write(self):
        async with self._cond:
            self._writing = False
            self._batch_id += 1
            self._batch = self._readers_waiting  # the readers waiting now go in as one batch
            self._cond.notify_all()

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
