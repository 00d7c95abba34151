# expect: full marks
# `async with` around each whole update, the counter written through a slice (`counter[0:1] = [n]`,
# the same write as `counter[0] = n`). The checks recorded it as one write of the list [n], not of the
# int n to item 0, and failed "each update writes an int to counter[0]" (6/10, red-team pass 101).
async def increment(counter, lock, n):
    for _ in range(n):
        async with lock:
            current = counter[0]
            await simulated_io()
            counter[0:1] = [current + 1]
