# Honest baseline of p02_postponed_step.py: the same code, the request a plain asyncio.sleep(0.01). Scores 7/10.
import asyncio


async def api_call(task_id, semaphore, active):
    await semaphore.acquire()
    try:
        active.add(task_id)
        try:
            await asyncio.sleep(0)     # hand the loop on once: a cancellation here is handled
        except asyncio.CancelledError:
            active.discard(task_id)
            semaphore.release()
            raise
        await asyncio.sleep(0.01)
    except Exception:          # BUG: CancelledError is no Exception: a call cancelled in its request keeps its permit
        active.discard(task_id)
        semaphore.release()
        raise
    active.discard(task_id)
    semaphore.release()
