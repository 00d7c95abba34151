# Honest baseline of p02_brief_stay_int_subclass.py. BUG: a call leaves `active` half-way through its 10 ms
# request (its task_id taken out after 5 ms), so `active` under-reports the calls in flight.
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    async with semaphore:
        active.add(task_id)
        try:
            await asyncio.sleep(0.005)
        finally:
            active.discard(task_id)
        await asyncio.sleep(0.005)
