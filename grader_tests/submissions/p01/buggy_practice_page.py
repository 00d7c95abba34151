# expect: p01_test_awaits_io
# The practice page's code: a lock around an update with no await in it, so
# the lock changes nothing, and the update is not the read-await-write asked for.
async def increment(counter, lock, n):
    for _ in range(n):
        async with lock:
            counter[0] += 1
