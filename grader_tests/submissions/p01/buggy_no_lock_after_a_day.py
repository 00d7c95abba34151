# expect: p01_test_total p01_test_exclusive p01_test_given_lock
# The same fail-open lock wait with a patience of a day: an update that has waited 24 hours
# for the lock goes in without it. No finite patience is right: a lock is held as long as its
# holder needs it, and an update made beside the holder's is lost.
import asyncio


async def increment(counter, lock, n):
    for _ in range(n):
        try:
            async with asyncio.timeout(24 * 3600):
                await lock.acquire()
            holding = True
        except TimeoutError:
            holding = False  # BUG: updates without the lock
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        finally:
            if holding:
                lock.release()
