# expect: full marks
# The reference style: `async with` around each whole update.
async def increment(counter, lock, n):
    for _ in range(n):
        async with lock:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
