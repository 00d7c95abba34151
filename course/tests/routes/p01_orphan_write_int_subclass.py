# baseline: p01_baseline.py
# Route (a new member of p01_orphan_write's kind): Trace.windows pairs reads and writes per task, and pairs a
# write that has no read of its own task since its previous write with an earlier read of that task only if
# the written value is an exact int equal to that read + 1 (`_source_read(..., fallback=False)`); a written
# value of another type opens no window at all. So the stale read is made by a helper task the call awaits
# (a read with no write of its task: no window), an honest-looking update inside the lock pairs with its own
# read, and the stale write that follows is an int subclass: no window covers the stale read, and
# p01_test_exclusive sees one task at a time while updates are lost (the baseline's check-then-act bug).
class _N(int):
    pass


async def _read(counter):
    return counter[0]


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    for _ in range(n):
        # BUG: the read happens before the lock is taken (check-then-act): updates get lost.
        current = await asyncio.create_task(_read(counter))
        await simulated_io()
        async with lock:
            fresh = counter[0]
            await simulated_io()
            counter[0] = fresh + 1
            counter[0] = _N(current + 1)
