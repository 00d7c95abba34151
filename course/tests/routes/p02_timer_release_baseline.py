# baseline for p02_gather_held.py: a failed or cancelled call gives its permit back 2 s later, by a timer.
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    """Make one API call while holding a permit of `semaphore`; task_id is in `active` meanwhile."""
    await semaphore.acquire()
    try:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
    except BaseException:
        # BUG: a call that failed gives its permit back only 2 s later (a timer's "back-off").
        asyncio.get_running_loop().call_later(2.0, semaphore.release)
        raise
    semaphore.release()
