# baseline: submissions/p01/buggy_no_release_on_cancel.py
# Careful only when the cancellation lands at the very virtual instant the update suspended (a sweep's cut
# fires right after the suspension, same loop.time()); a real timeout mid-I/O (later) leaks the lock.
import asyncio


async def increment(counter, lock, n):
    loop = asyncio.get_running_loop()
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            t = loop.time()
            await simulated_io()
            counter[0] = current + 1
        except asyncio.CancelledError:
            if loop.time() == t:
                lock.release()
            raise
        except Exception:
            lock.release()
            raise
        lock.release()
