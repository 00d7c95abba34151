# BUG (an impatient waiter): it gives up after waiting PATIENCE seconds (a day, virtual time), where the
# contract says it waits however long it takes. It waits in slices of POLL s: here one slice, the whole day.
import asyncio
import time

PATIENCE = 86400.0  # a day of waiting, then give up
POLL = PATIENCE


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
