# Honest baseline of p02_slow_unless_plain_set.py. BUG: each request takes 20 ms, not the 10 ms the statement gives.
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    async with semaphore:
        active.add(task_id)
        try:
            await asyncio.sleep(0.02)
        finally:
            active.discard(task_id)
