# expect: full marks
# Holds the lock across all n updates: slower for the others, but correct.
async def increment(counter, lock, n):
    async with lock:
        for _ in range(n):
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
