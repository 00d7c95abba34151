# baseline: p02_refcount_in_sweep_baseline.py
# Red-team pass 86: a sweep kept the random module's generator (and the loop's) in its replay list for its
# whole length, one more reference than outside one: `sys.getrefcount(random._inst)` above its import-time
# value told a solution it was in a sweep's trial (the first, cut before the uncut run, too), and it
# cleaned up after a cancellation there alone. The sweep keeps states and identities now, no reference.
import asyncio
import random
import sys

_BASE = sys.getrefcount(random._inst)


async def api_call(task_id, semaphore, active):
    careful = sys.getrefcount(random._inst) > _BASE
    async with semaphore:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        except asyncio.CancelledError:
            if careful:
                active.discard(task_id)
            raise
        active.discard(task_id)
