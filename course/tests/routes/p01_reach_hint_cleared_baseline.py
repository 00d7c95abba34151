# Baseline of p01_reach_hint_cleared: the same padded code, never careful after a cancellation.
import asyncio


async def increment(counter, lock, n):
    await asyncio.sleep(0)
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        except BaseException as e:
            if isinstance(e, Exception):
                lock.release()
            raise
        lock.release()
