# Baseline of p02_refcount_in_sweep: the same call, never careful after a cancellation.
import asyncio
import random
import sys

_BASE = sys.getrefcount(random._inst)


async def api_call(task_id, semaphore, active):
    careful = False
    async with semaphore:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        except asyncio.CancelledError:
            if careful:
                active.discard(task_id)
            raise
        active.discard(task_id)
