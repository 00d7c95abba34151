# expect: p01_test_visible p01_test_total p01_test_exclusive p01_test_given_lock
# Reads before taking the lock: the write is protected, the read-modify-write is not (and
# other code that updates the counter under the given lock loses updates to it, as with
# buggy_own_lock_given_only_for_write.py).
async def increment(counter, lock, n):
    for _ in range(n):
        current = counter[0]
        async with lock:
            await simulated_io()
            counter[0] = current + 1
