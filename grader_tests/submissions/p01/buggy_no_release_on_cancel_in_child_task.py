# expect: p01_test_release_on_error
# Red-team finding (atkA, P01): buggy_no_release_on_cancel.py with each update in a task of its own that
# increment() awaits. It had 10/10: no cancellation ever reached a child holding the lock.
import asyncio


async def _one_update(counter, lock):
    await lock.acquire()
    try:
        current = counter[0]
        await simulated_io()
        counter[0] = current + 1
    except Exception:          # CancelledError is no Exception: a cancelled update keeps the lock
        lock.release()
        raise
    lock.release()


async def increment(counter, lock, n):
    for _ in range(n):
        await asyncio.create_task(_one_update(counter, lock))
