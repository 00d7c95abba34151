# expect: p01_test_release_on_error
# Same kind, another shape: a cancelled call stops its updates but returns normally (the
# CancelledError is caught around the whole loop), so its caller cannot tell it was cut short.
import asyncio


async def increment(counter, lock, n):
    try:
        for _ in range(n):
            async with lock:
                current = counter[0]
                await simulated_io()
                counter[0] = current + 1
    except asyncio.CancelledError:
        return
