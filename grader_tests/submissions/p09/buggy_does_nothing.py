# expect: p09_test_visible p09_test_readers_share p09_test_writer_alone p09_test_writer_preference p09_test_cancelled_waiter
# A lock that locks nothing: every acquire returns at once. "Readers overlap", "a waiting
# writer is not starved" and "a cancelled waiter leaves no trace" hold for a lock where
# nobody ever waits; they earn nothing here.
import contextlib


class AsyncRWLock:
    async def acquire_read(self):
        pass

    async def release_read(self):
        pass

    async def acquire_write(self):
        pass

    async def release_write(self):
        pass

    @contextlib.asynccontextmanager
    async def reader(self):
        yield

    @contextlib.asynccontextmanager
    async def writer(self):
        yield
