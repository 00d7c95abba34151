# baseline: submissions/p02/buggy_active_not_cleaned_on_cancel.py
# Red-team pass 80: as pNN_sweep_careful_when_instant, and careful too whenever the cancellation comes at a
# time off the 1e-7 s grid (a sweep's cut drawn anywhere in the wait); a test's deadline on a short decimal
# (2.5 ms, 10 ms) finds the bug.
import asyncio


def _unround(now):
    """Whether `now` is off the 1e-7 s grid: only a sweep's cut (a full-precision float) lands there."""
    return abs(now * 1e7 - round(now * 1e7)) >= 1e-4


async def api_call(task_id, semaphore, active):
    loop = asyncio.get_running_loop()
    async with semaphore:
        active.add(task_id)
        t = loop.time()
        try:
            await asyncio.sleep(0.01)
        except asyncio.CancelledError:
            if loop.time() == t or _unround(loop.time()):
                active.discard(task_id)
            raise
        active.discard(task_id)
