# p02_wait_deadline_postponed's baseline: a failed or cancelled call gives its permit back 2 s later.
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
        # BUG: a call that failed gives its permit back only 2 s later (a "back-off"): the
        # calls waiting behind it wait 2 s for it.
        await asyncio.sleep(2.0)
        semaphore.release()
        raise
    semaphore.release()
