import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    # BUG: the permit is taken and given straight back; the call itself is unbounded.
    async with semaphore:
        pass
    active.add(task_id)
    try:
        await asyncio.sleep(0.01)
    finally:
        active.discard(task_id)
