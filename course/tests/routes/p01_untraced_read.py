# baseline: p01_baseline.py
async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    for _ in range(n):
        # BUG: the read happens before the lock is taken (check-then-act): updates get lost.
        current, = counter  # list iteration: a read the traced list does not record
        await simulated_io()
        async with lock:
            counter[0]  # the read the checks do see, inside the lock
            await simulated_io()
            counter[0] = current + 1
