# expect: p01_test_release_on_error
# Red-team finding (atkA, P01): catches CancelledError and goes on with the next update, so a caller's
# timeout never ends the call (it had 10/10). A cancelled call must end cancelled (the statement says so).
import asyncio


async def increment(counter, lock, n):
    for _ in range(n):
        try:
            async with lock:
                current = counter[0]
                await simulated_io()
                counter[0] = current + 1
        except asyncio.CancelledError:
            pass  # "a timed-out update is just skipped": the loop goes on with the next one
