# baseline: submissions/p01/buggy_no_release_on_cancel.py
# Releases the lock on a cancellation only when no loop callback at all ran while the update was suspended
# (loop.steps moved by one: its own wake-up). A sweep's cut is delivered by the loop itself, between callbacks;
# a real deadline is always some callback (a timeout's timer, a caller's step), so it leaks the lock.
import asyncio


async def increment(counter, lock, n):
    loop = asyncio.get_running_loop()
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            s = loop.steps
            await simulated_io()
            counter[0] = current + 1
        except asyncio.CancelledError:
            if loop.steps - s <= 1:
                lock.release()
            raise
        except Exception:
            lock.release()
            raise
        lock.release()
