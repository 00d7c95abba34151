# expect: p01_test_visible p01_test_total p01_test_exclusive p01_test_given_lock p01_test_release_on_error
# The caller-holds-the-lock style gone wrong: the update's task is started under the lock but awaited
# after the lock is released, so its write is covered by nobody (no task awaiting it holds the lock):
# the updates overlap, and a write that raises is no longer under the lock.
import asyncio


async def _update(counter):
    current = counter[0]
    await simulated_io()
    counter[0] = current + 1


async def increment(counter, lock, n):
    for _ in range(n):
        async with lock:
            update = asyncio.create_task(_update(counter))
            await asyncio.sleep(0)
        await update
