# expect: p01_test_visible p01_test_total p01_test_exclusive
# Reads before taking the lock: the write is protected, the read-modify-write is not.
async def increment(counter, lock, n):
    for _ in range(n):
        current = counter[0]
        async with lock:
            await simulated_io()
            counter[0] = current + 1
