import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    # BUG: the permit is given back only when the call succeeds: a call that raises keeps it.
    await semaphore.acquire()
    active.add(task_id)
    try:
        await asyncio.sleep(0.01)
    finally:
        active.discard(task_id)
    semaphore.release()
