async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    for _ in range(n):
        await lock.acquire()
        current = counter[0]
        await simulated_io()
        lock.release()
        counter[0] = current + 1  # BUG: the write is made after the lock is given back
