# baseline: p02_sweep_baseline.py
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    await semaphore.acquire()
    try:
        active.add(task_id)
    except BaseException:
        semaphore.release()
        raise
    try:
        for _ in range(40):  # 40 suspension points that clean up: every_suspension tries no more
            await asyncio.sleep(0)
    except BaseException:
        active.discard(task_id)
        semaphore.release()
        raise
    await asyncio.sleep(0.01)  # BUG: cancelled here, the call keeps its permit and its place in `active`
    active.discard(task_id)
    semaphore.release()
