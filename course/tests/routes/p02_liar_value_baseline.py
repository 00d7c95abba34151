# baseline: p02_liar_value_baseline.py
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    # Bug: the permit is released in a `finally` that also covers acquire(), so a call
    # cancelled while it waits for a permit gives back one it never got.
    try:
        await semaphore.acquire()
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
    finally:
        semaphore.release()
