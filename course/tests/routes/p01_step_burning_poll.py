# baseline: p01_sliced_patience_baseline.py
# Route (rt68): the baseline's impatient waiter (gives up after a day of virtual time), its day waited in 1 s
# slices, each timed-out slice followed by 200 zero-time steps (sleep(0)). let_time_pass leaps only once a
# quarter of its 5,000 steps have run, and each clock move then costs it 200+ steps, so it runs out of steps
# after ~20 moves, hours short of the day.
import asyncio
import time

PATIENCE = 86400.0  # a day of waiting, then give up
POLL = 1.0
BURN = 200


async def _take(lock: asyncio.Lock) -> bool:
    began = time.monotonic()
    while True:
        try:
            await asyncio.wait_for(lock.acquire(), POLL)
            return True
        except TimeoutError:
            for _ in range(BURN):
                await asyncio.sleep(0)
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
