# baseline: p01_sliced_patience_baseline.py
# Route (red-team rt67): the baseline's impatient waiter (gives up after a day of virtual time), its day
# waited in 1 s slices (looked at after each) instead of one: no real clock at all. A check that holds
# what it waits for 10**9 s follows a waiter that wakes often only as far as let_time_pass's 5,000-step
# budget (~4,000 to 8,000 virtual s of 1 s polls), so the day's deadline never comes while it looks.
import asyncio
import time

PATIENCE = 86400.0  # a day of waiting, then give up
POLL = 1.0


async def _take(lock: asyncio.Lock) -> bool:
    began = time.monotonic()
    while True:
        try:
            await asyncio.wait_for(lock.acquire(), POLL)
            return True
        except TimeoutError:
            if time.monotonic() - began > PATIENCE:
                return False


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    for _ in range(n):
        got = await _take(lock)
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        finally:
            if got:
                lock.release()
