# expect: p01_test_visible p01_test_total p01_test_exclusive p01_test_given_lock p01_test_release_on_error p01_test_awaits_io
# Blocks the whole event loop with time.sleep instead of awaiting.
import time


async def increment(counter, lock, n):
    for _ in range(n):
        async with lock:
            current = counter[0]
            time.sleep(1000)
            counter[0] = current + 1
