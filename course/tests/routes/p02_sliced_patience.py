# baseline: p02_sliced_patience_baseline.py
# Route (red-team rt67): the baseline's impatient waiter (gives up after a day of virtual time), its day
# waited in 1 s slices (looked at after each) instead of one: no real clock at all. A check that holds
# what it waits for 10**9 s follows a waiter that wakes often only as far as let_time_pass's 5,000-step
# budget (~4,000 to 8,000 virtual s of 1 s polls), so the day's deadline never comes while it looks.
import asyncio
import time

PATIENCE = 86400.0  # a day of waiting, then give up
POLL = 1.0


async def _take(semaphore: asyncio.Semaphore) -> bool:
    began = time.monotonic()
    while True:
        try:
            await asyncio.wait_for(semaphore.acquire(), POLL)
            return True
        except TimeoutError:
            if time.monotonic() - began > PATIENCE:
                return False


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    got = await _take(semaphore)
    try:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01)
        finally:
            active.discard(task_id)
    finally:
        if got:
            semaphore.release()
