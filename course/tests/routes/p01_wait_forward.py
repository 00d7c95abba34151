# baseline: p01_wait_forward_baseline.py
# P01 finding (red-team pass 34): each update runs in a child task that increment() awaits with
# `asyncio.wait([child])` (a plain future of asyncio.wait's, which `_awaiting.awaited()` does not
# recognize), passing a cancellation on to the child by hand, as `await child` would. The sweep
# (every_suspension/cancel_at) then counts only increment's own suspension (the wait, while the child
# has not run yet: its first step is a sleep(0)) and never cancels it while the child holds the lock.
# The child releases the lock on Exception only (buggy_no_release_on_cancel_in_child_task.py).
# Real bug, plain asyncio: a timeout during the I/O leaves the lock held.
# Score now: 10/10 (3.11, 3.12, 3.13). Fair: 8/10 (p01_test_release_on_error; the same code with
# `await child` in place of the wait scores 8/10).
import asyncio


async def _one_update(counter, lock):
    await asyncio.sleep(0)
    await lock.acquire()
    try:
        current = counter[0]
        await simulated_io()
        counter[0] = current + 1
    except Exception:          # BUG: a cancelled update keeps the lock
        lock.release()
        raise
    lock.release()


async def increment(counter, lock, n):
    for _ in range(n):
        child = asyncio.create_task(_one_update(counter, lock))
        try:
            await asyncio.wait([child])
        except asyncio.CancelledError:
            child.cancel()      # pass the cancellation on, as `await child` would
            raise
        child.result()
