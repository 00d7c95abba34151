# expect: p01_test_visible p01_test_total p01_test_exclusive p01_test_given_lock p01_test_release_on_error p01_test_awaits_io
# Calls asyncio.run inside code that already runs in an event loop.
import asyncio


async def increment(counter, lock, n):
    async def one_update():
        async with lock:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1

    for _ in range(n):
        asyncio.run(one_update())
