# expect: p01_test_visible p01_test_total p01_test_exclusive p01_test_given_lock p01_test_release_on_error p01_test_awaits_io
# Correct updates, but leaves a task running in the background after returning.
import asyncio


async def increment(counter, lock, n):
    asyncio.ensure_future(asyncio.sleep(3600))
    for _ in range(n):
        async with lock:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
