# expect: p01_test_visible p01_test_total p01_test_exclusive p01_test_given_lock p01_test_release_on_error p01_test_awaits_io
# Spins with an await that never waits for anything: it never finishes.
import asyncio


async def increment(counter, lock, n):
    while True:
        await asyncio.sleep(0)
