# baseline: p03_polled_clock_patience_baseline.py
# Route (red-team rt66, named not tried; a real-time alarm left armed): as its baseline (an impatient worker that
# waits 1 s at a time and goes on without the signal after 60 s), but the 60 s are measured on the remaining time of
# a real-time interval timer armed far off with no handler (`signal.getitimer`), a real clock.
import asyncio
import signal

PATIENCE = 60.0


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    signal.setitimer(signal.ITIMER_REAL, 10.0**6)  # TRICK: an alarm far off, with no handler
    start = signal.getitimer(signal.ITIMER_REAL)[0]  # its remaining time: a real clock
    while True:
        try:
            await asyncio.wait_for(ready.wait(), 1.0)
            break
        except TimeoutError:
            if start - signal.getitimer(signal.ITIMER_REAL)[0] > PATIENCE:  # BUG: a timeout of its own
                break
    await asyncio.sleep(0.01)
