# expect: p01_test_release_on_error
# Same kind, another shape: a cancellation is turned into an ordinary error (TimeoutError), so the call
# does not end cancelled: a caller's asyncio.timeout() or TaskGroup sees an error, not its cancellation.
import asyncio


async def increment(counter, lock, n):
    for _ in range(n):
        try:
            async with lock:
                current = counter[0]
                await simulated_io()
                counter[0] = current + 1
        except asyncio.CancelledError:
            raise TimeoutError("increment was cancelled") from None
