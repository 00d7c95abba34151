# expect: p01_test_exclusive p01_test_release_on_error
# Same kind, another shape: acquire() inside the try, each update awaited through asyncio.gather (which
# runs it in a task of its own). A call cancelled while its update waits for the lock releases the lock
# another task holds.
import asyncio


async def _one_update(counter, lock):
    try:
        await lock.acquire()
        current = counter[0]
        await simulated_io()
        counter[0] = current + 1
    finally:
        lock.release()


async def increment(counter, lock, n):
    for _ in range(n):
        await asyncio.gather(_one_update(counter, lock))
