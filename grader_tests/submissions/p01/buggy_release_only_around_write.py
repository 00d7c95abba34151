# expect: p01_test_release_on_error
# Releases the lock only around the counter's write: an error raised anywhere else in the
# critical section (the read of a failing storage, or a cancellation at its I/O: a request
# timeout while it holds the lock) leaves the lock held for good, and every other task waits
# forever. The contract: "the lock is released when the critical section raises".
async def increment(counter, lock, n):
    for _ in range(n):
        await lock.acquire()
        current = counter[0]
        await simulated_io()
        try:
            counter[0] = current + 1
        finally:
            lock.release()
