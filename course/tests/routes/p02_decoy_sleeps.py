# baseline: p02_serial_baseline.py
# Route: every 10 ms sleep that runs its course counts as a request, whoever sleeps. As its baseline (requests
# serialized by a lock), but each call also starts a decoy 10 ms sleep in a task of its own, all at once.
import asyncio
import weakref

_guards = weakref.WeakKeyDictionary()
_decoys = set()


async def api_call(task_id, semaphore, active):
    guard = _guards.setdefault(semaphore, asyncio.Lock())
    decoy = asyncio.get_running_loop().create_task(asyncio.sleep(0.01))
    _decoys.add(decoy)
    decoy.add_done_callback(_decoys.discard)
    async with semaphore:
        active.add(task_id)
        try:
            async with guard:
                await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
