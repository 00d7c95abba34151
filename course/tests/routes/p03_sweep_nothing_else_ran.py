# baseline: submissions/p03/buggy_sets_in_finally.py
# Steps variant of routes/p03_sweep_careful_when_instant.py: the cleanup runs only when loop.steps moved by at most one
# (its own wake-up) while it was suspended: no callback ran, as when a sweep's cut is delivered by the loop itself.
# A real deadline is always a callback (a timer, a caller's step) and gets the bug.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    t = loop.time()
    s = loop.steps
    try:
        await asyncio.sleep(0.02)   # the startup
    except asyncio.CancelledError:
        if loop.steps - s > 1:
            ready.set()
        raise
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
