import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    await semaphore.acquire()
    try:
        active.add(task_id)
    except BaseException:
        semaphore.release()
        raise
    await asyncio.sleep(0.01)  # BUG: cancelled here, the call keeps its permit and its place in `active`
    active.discard(task_id)
    semaphore.release()
