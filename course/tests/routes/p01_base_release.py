# baseline: p01_write_outside_baseline.py
import asyncio


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    for _ in range(n):
        await lock.acquire()
        current = counter[0]
        await simulated_io()
        # Released through the base class: really free (a waiter is woken), but the checks'
        # ledger sees no release, so it still counts this task as the holder.
        asyncio.Lock.release(lock)
        try:
            counter[0] = current + 1  # BUG: the write is made after the lock is given back
        finally:
            lock._locked = True   # let the traced release() go through, so the ledger's holder
            lock.release()        # count comes back down after the write
