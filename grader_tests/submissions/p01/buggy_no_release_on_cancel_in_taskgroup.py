# expect: p01_test_release_on_error
# Same kind, another shape: the updates run in a TaskGroup's task and release the lock on Exception
# only; a call cancelled while its update holds the lock (during the I/O) keeps the lock forever.
import asyncio


async def _one_update(counter, lock):
    await lock.acquire()
    try:
        current = counter[0]
        await simulated_io()
        counter[0] = current + 1
    except Exception:
        lock.release()
        raise
    lock.release()


async def increment(counter, lock, n):
    async with asyncio.TaskGroup() as tg:
        for _ in range(n):
            await tg.create_task(_one_update(counter, lock))
