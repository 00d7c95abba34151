# baseline: submissions/p01/buggy_no_release_on_cancel.py
# Red-team pass 80: as pNN_sweep_careful_when_instant, and careful too whenever the cancellation comes at a
# time off the 1e-7 s grid (a sweep's cut drawn anywhere in the wait); a test's deadline on a short decimal
# (2.5 ms, 10 ms) finds the bug.
import asyncio


def _unround(now):
    """Whether `now` is off the 1e-7 s grid: only a sweep's cut (a full-precision float) lands there."""
    return abs(now * 1e7 - round(now * 1e7)) >= 1e-4


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
            if loop.time() == t or _unround(loop.time()):
                lock.release()
            raise
        except Exception:
            lock.release()
            raise
        lock.release()
