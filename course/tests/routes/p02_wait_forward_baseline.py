# Baseline of p02_wait_forward.py: the same request in a task awaited directly; it gives its permit
# back itself when cancelled, and the caller's async with gives it back again: the limit grows.
import asyncio


async def _request(semaphore):
    await asyncio.sleep(0.004)       # connect
    try:
        await asyncio.sleep(0.006)   # send the request, wait for the answer
    except asyncio.CancelledError:
        semaphore.release()      # BUG: the caller's `async with` gives the permit back too
        raise


async def api_call(task_id, semaphore, active):
    async with semaphore:
        active.add(task_id)
        try:
            request = asyncio.create_task(_request(semaphore))
            await request
        finally:
            active.discard(task_id)
