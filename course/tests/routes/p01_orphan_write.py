# baseline: p01_baseline.py
async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    for _ in range(n):
        # BUG: the read happens before the lock is taken (check-then-act): updates get lost.
        current = counter[0]
        await simulated_io()
        async with lock:
            # The trick: an honest-looking update inside the lock pairs with its own read
            # (its value + 1), which pops the stale read; the real (stale) write that follows
            # has no read of its own since, so it opens no window at all.
            fresh = counter[0]
            await simulated_io()
            counter[0] = fresh + 1
            counter[0] = current + 1
