# BUG (an impatient waiter): it gives up after waiting PATIENCE seconds (a day, virtual time), where the
# contract says it waits however long it takes. It waits in slices of POLL s: here one slice, the whole day.
import asyncio
import time

PATIENCE = 86400.0  # a day of waiting, then give up
POLL = PATIENCE


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
