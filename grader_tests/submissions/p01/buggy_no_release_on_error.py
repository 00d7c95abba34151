# expect: p01_test_visible p01_test_release_on_error
# Acquire/release without try/finally: an update that raises keeps the lock forever.
async def increment(counter, lock, n):
    for _ in range(n):
        await lock.acquire()
        current = counter[0]
        await simulated_io()
        counter[0] = current + 1
        lock.release()
