# expect: p01_test_release_on_error
# Releases the lock on an Exception only: `except Exception:` does not catch CancelledError,
# so a task cancelled while it holds the lock (at its simulated I/O: a request timeout) keeps
# it for good, and every other task waits forever. The take-aways: "async with lock: releases
# on every exit, including exceptions and cancellation".
async def increment(counter, lock, n):
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        except Exception:
            lock.release()
            raise
        lock.release()
