# expect: p01_test_awaits_io
# Awaits the simulated I/O before the update instead of inside it: the read and the
# write then happen in one go, with no await between them.
async def increment(counter, lock, n):
    for _ in range(n):
        async with lock:
            await simulated_io()
            current = counter[0]
            counter[0] = current + 1
