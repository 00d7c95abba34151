# expect: p01_test_total p01_test_exclusive p01_test_given_lock
# Fail-open lock wait: an update that has not got the lock within half a second takes it for
# "stuck" (leaked) and makes its read-await-write WITHOUT it. Under contention, or with the lock
# held a long time by other work, updates are lost (1000 tasks x 1 increment in plain asyncio
# end at 422). Any patience of its own is the same bug, however long: the checks hold the lock
# for 10**9 s of virtual time while updates wait.
import asyncio

PATIENCE = 0.5  # BUG: a lock not free within half a second is taken for leaked


async def increment(counter, lock, n):
    for _ in range(n):
        try:
            async with asyncio.timeout(PATIENCE):
                await lock.acquire()
            holding = True
        except TimeoutError:
            holding = False  # updates anyway
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        finally:
            if holding:
                lock.release()
