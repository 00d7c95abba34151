# baseline: p02_serial_baseline.py
# Route: p02_test_reaches_limit files every asyncio.sleep whose timer fires as a request of the task whose step
# called it, whether or not that task ever waits for it. As its baseline (requests serialized by a lock), but each
# call first steps an `asyncio.sleep(0.01)` coroutine by hand (`send(None)`) in its own step and never awaits it:
# the loop files a 10 ms sleep of the call's own task, with the test (awaiting the call through its gather) as
# awaiter, for every call at once.
import asyncio
import weakref

_guards = weakref.WeakKeyDictionary()
_kept = []  # the hand-stepped sleeps, alive until their timers fire


async def api_call(task_id, semaphore, active):
    guard = _guards.setdefault(semaphore, asyncio.Lock())
    decoy = asyncio.sleep(0.01)
    decoy.send(None)  # TRICK: its timer is set, as this task's sleep; nobody waits for it
    _kept.append(decoy)
    del _kept[:-64]
    async with semaphore:
        active.add(task_id)
        try:
            async with guard:
                await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
