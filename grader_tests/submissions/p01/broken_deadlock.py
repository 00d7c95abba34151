# expect: p01_test_visible p01_test_total p01_test_exclusive p01_test_given_lock p01_test_release_on_error p01_test_awaits_io
# Waits for an event nobody will ever set: a deadlock in every check.
import asyncio


async def increment(counter, lock, n):
    never = asyncio.Event()
    async with lock:
        await never.wait()
