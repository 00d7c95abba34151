# baseline: p03_polled_clock_patience_baseline.py
# Route (a real clock read at each poll): as its baseline (an impatient worker that waits 1 s at a time and goes on
# without the signal after 60 s), but the 60 s are measured with `datetime.datetime.now()`, a clock the loop's
# virtual time did not move: the checks' 10**9 virtual seconds of waiting passed in well under a second of it.
import asyncio
import datetime

PATIENCE = datetime.timedelta(seconds=60)


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    start = datetime.datetime.now()  # TRICK: the real wall clock
    while True:
        try:
            await asyncio.wait_for(ready.wait(), 1.0)
            break
        except TimeoutError:
            if datetime.datetime.now() - start > PATIENCE:  # BUG: a timeout of its own
                break
    await asyncio.sleep(0.01)
