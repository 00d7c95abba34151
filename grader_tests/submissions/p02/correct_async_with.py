# expect: full marks
# The reference style: `async with` holds the permit, a `finally` takes the call out of
# `active` however the request ends.
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    async with semaphore:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
