# expect: p01_test_visible p01_test_total p01_test_exclusive p01_test_given_lock p01_test_release_on_error
# A lock made inside the function: every call has its own, so it excludes nobody.
import asyncio


async def increment(counter, lock, n):
    my_lock = asyncio.Lock()
    for _ in range(n):
        async with my_lock:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
