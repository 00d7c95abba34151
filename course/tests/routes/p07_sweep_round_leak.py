# baseline: p07_sweep_instant_baseline.py
# Red-team pass 80: as pNN_sweep_careful_when_instant, and careful too whenever the cancellation comes at a
# time off the 1e-7 s grid (a sweep's cut drawn anywhere in the wait); a test's deadline on a short decimal
# (2.5 ms, 10 ms) finds the bug.
import asyncio


def _unround(now):
    """Whether `now` is off the 1e-7 s grid: only a sweep's cut (a full-precision float) lands there."""
    return abs(now * 1e7 - round(now * 1e7)) >= 1e-4


async def worker(worker_id, barrier, rounds=1):
    loop = asyncio.get_running_loop()
    for round_no in range(rounds):
        t = loop.time()
        try:
            await do_work(worker_id, round_no)
        except asyncio.CancelledError:
            if loop.time() == t or _unround(loop.time()):
                await barrier.abort()
            raise
        except Exception:
            await barrier.abort()
            raise
        try:
            await barrier.wait()
        except asyncio.CancelledError:
            await barrier.abort()
            raise
