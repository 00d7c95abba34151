# baseline: submissions/p02/buggy_active_not_cleaned_on_cancel.py
# Leaves `active` on a cancellation only when it lands at the very virtual instant the call suspended (a sweep's
# cut); a caller's timeout that comes later during the request leaves the task_id in `active` for good.
import asyncio


async def api_call(task_id, semaphore, active):
    loop = asyncio.get_running_loop()
    async with semaphore:
        active.add(task_id)
        t = loop.time()
        try:
            await asyncio.sleep(0.01)
        except asyncio.CancelledError:
            if loop.time() == t:
                active.discard(task_id)
            raise
        active.discard(task_id)
