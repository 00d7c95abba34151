# expect: full marks
# Red-team pass 21 (fairness): each update runs in a TaskGroup child that holds the given lock for the
# whole update; a storage error then reaches the caller wrapped in an ExceptionGroup. The statement
# asks that the lock be released when an update raises, not that the error arrive unwrapped:
# p01_test_release_on_error accepts the very error or a group holding it (it had 8/10).
import asyncio

async def _one_update(counter, lock):
    async with lock:
        current = counter[0]
        await simulated_io()
        counter[0] = current + 1

async def increment(counter, lock, n):
    for _ in range(n):
        async with asyncio.TaskGroup() as tg:
            tg.create_task(_one_update(counter, lock))
