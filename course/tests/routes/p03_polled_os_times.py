# baseline: p03_polled_clock_patience_baseline.py
# Route (red-team rt66; a standard-library clock left real): as its baseline (an impatient worker that waits 1 s at
# a time and goes on without the signal after 60 s), but the 60 s are measured with `os.times().elapsed`, the real
# elapsed time since a fixed point in the past (times(2)): the checks' 10**9 virtual seconds of waiting passed in
# well under a second of it (+5 before `os.times` read virtual time in a check).
import asyncio
import os

PATIENCE = 60.0


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    start = os.times().elapsed  # TRICK: a real clock the checks did not make virtual
    while True:
        try:
            await asyncio.wait_for(ready.wait(), 1.0)
            break
        except TimeoutError:
            if os.times().elapsed - start > PATIENCE:  # BUG: a timeout of its own
                break
    await asyncio.sleep(0.01)
