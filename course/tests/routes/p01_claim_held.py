# baseline: p01_write_outside_baseline.py
# Route: p01_test_release_on_error hands increment a counter of its own class
# (CounterThatFailsOnce) that notes on itself, in a plain attribute, whether the failing write
# held the lock; the test then reads that attribute back. The write here is made after the lock
# is given back (the baseline's bug); when it raises, the counter is told it was held.
async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    for _ in range(n):
        await lock.acquire()
        current = counter[0]
        await simulated_io()
        lock.release()
        try:
            counter[0] = current + 1  # BUG: the write is made after the lock is given back
        except BaseException:
            if hasattr(counter, "held_lock"):
                counter.held_lock = True
            raise
