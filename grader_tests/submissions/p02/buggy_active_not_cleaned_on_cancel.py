# expect: p02_test_visible p02_test_active_empty
# The practice page's shape: the permit is safe (`async with`), but the call leaves
# `active` only after its `await`, outside any `finally`: a cancelled call stays
# "in flight" forever.
import asyncio


async def api_call(task_id, semaphore, active):
    async with semaphore:
        active.add(task_id)
        await asyncio.sleep(0.01)
        active.discard(task_id)
