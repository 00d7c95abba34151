# expect: p01_test_awaits_io
# Awaits between the read and the write, but what it awaits never suspends: a coroutine
# with no await of its own. The update runs in one go, so it is not the
# read-await-write asked for (and the lock around it changes nothing).
async def log_update(value):
    return value + 1


async def increment(counter, lock, n):
    for _ in range(n):
        async with lock:
            current = counter[0]
            new = await log_update(current)
            counter[0] = new
