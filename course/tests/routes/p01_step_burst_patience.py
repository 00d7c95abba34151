# baseline: p01_sliced_patience_baseline.py
# Route (rt68): the baseline's impatient waiter (gives up after a day of virtual time), except that a wait
# still unserved after 0.5 s runs 5,100 zero-time steps (sleep(0)) before waiting out the rest of its day.
# let_time_pass ends once the loop has run 5,000 steps since the call: its first 1 s stretch ends after the
# burst, so the test lets go of the lock after 1 s, not 10**9 s.
import asyncio
import time

PATIENCE = 86400.0  # a day of waiting, then give up
FIRST = 0.5
BURST = 5100


async def _take(lock: asyncio.Lock) -> bool:
    began = time.monotonic()
    try:
        await asyncio.wait_for(lock.acquire(), FIRST)
        return True
    except TimeoutError:
        pass
    for _ in range(BURST):
        await asyncio.sleep(0)
    try:
        await asyncio.wait_for(lock.acquire(), PATIENCE - (time.monotonic() - began))
        return True
    except TimeoutError:
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
