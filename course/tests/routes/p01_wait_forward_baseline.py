# Baseline of p01_wait_forward.py: the same update in a child task, awaited directly (asyncio passes
# the cancellation on); the child releases the lock on Exception only, so a cancelled update keeps it.
import asyncio


async def _one_update(counter, lock):
    await asyncio.sleep(0)
    await lock.acquire()
    try:
        current = counter[0]
        await simulated_io()
        counter[0] = current + 1
    except Exception:          # BUG: a cancelled update keeps the lock
        lock.release()
        raise
    lock.release()


async def increment(counter, lock, n):
    for _ in range(n):
        child = asyncio.create_task(_one_update(counter, lock))
        try:
            await child
        except asyncio.CancelledError:
            child.cancel()      # pass the cancellation on, as `await child` would
            raise
        child.result()
