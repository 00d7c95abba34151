# baseline: p03_polled_clock_patience_baseline.py
# Route (a real clock read at each poll): as p03_polled_clock_patience, with the 60 s measured on
# `time.clock_gettime(time.CLOCK_MONOTONIC)`, a clock the loop's virtual time did not move.
import asyncio
import time

PATIENCE = 60.0


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    start = time.clock_gettime(time.CLOCK_MONOTONIC)  # TRICK: the real steady clock
    while True:
        try:
            await asyncio.wait_for(ready.wait(), 1.0)
            break
        except TimeoutError:
            if time.clock_gettime(time.CLOCK_MONOTONIC) - start > PATIENCE:  # BUG: a timeout of its own
                break
    await asyncio.sleep(0.01)
