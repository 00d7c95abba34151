# baseline: p03_sliced_patience_baseline.py
# Route (red-team rt67): the baseline's impatient worker (gives up after a day of virtual time), waiting in 1 s
# slices instead of one: no real clock (the README's known P03 gap names only real clocks). waits_for_signal
# follows a worker that wakes often only as far as its 5,000-step budget, so the day never comes while it looks.
import asyncio
import time

PATIENCE = 86400.0  # a worker gives up on the signal after a day
POLL = 1.0


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    began = time.monotonic()
    while True:  # the signal waited for in slices of POLL s, the deadline looked at after each
        try:
            await asyncio.wait_for(ready.wait(), POLL)
            break
        except TimeoutError:
            if time.monotonic() - began >= PATIENCE:
                raise
    await asyncio.sleep(0.01)
