# expect: full marks
# Awaits the simulated I/O through another name: the check is that the update suspends
# between its read and its write, not which function it awaited.
io = simulated_io


async def increment(counter, lock, n):
    for _ in range(n):
        async with lock:
            current = counter[0]
            await io()
            counter[0] = current + 1
