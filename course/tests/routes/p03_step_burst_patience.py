# baseline: p03_sliced_patience_baseline.py
# Route (rt68): the baseline's impatient worker (gives up after a day of virtual time), except that a wait
# still unanswered after 0.5 s first runs 5,100 zero-time steps (sleep(0)), each glancing at the event. The
# test's let_time_pass ends once the loop has run 5,000 steps since the call, so it stops after its first 1 s
# stretch instead of 10**9 s; the glances make the steps a waiter's (work_steps forgives them).
import asyncio
import time

PATIENCE = 86400.0  # a worker gives up on the signal after a day
FIRST = 0.5
BURST = 5100


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    began = time.monotonic()
    try:
        await asyncio.wait_for(ready.wait(), FIRST)
    except TimeoutError:
        for _ in range(BURST):
            if ready.is_set():
                break
            await asyncio.sleep(0)
        if not ready.is_set():
            await asyncio.wait_for(ready.wait(), PATIENCE - (time.monotonic() - began))
    await asyncio.sleep(0.01)
