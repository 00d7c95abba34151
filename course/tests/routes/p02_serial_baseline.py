# Honest buggy baseline of p02_decoy_sleeps.py. BUG: a lock held across the request serializes the calls
# (each is in `active` while it waits for the lock, so `active` looks full).
import asyncio
import weakref

_guards = weakref.WeakKeyDictionary()


async def api_call(task_id, semaphore, active):
    guard = _guards.setdefault(semaphore, asyncio.Lock())
    async with semaphore:
        active.add(task_id)
        try:
            async with guard:
                await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
