# baseline: submissions/p03/buggy_sets_in_finally.py
# Signals in a `finally` (the baseline's bug: a startup cut short by a deadline still lets the workers in), except
# when the cancellation lands at the very virtual instant the startup suspended (a sweep's cut).
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    t = loop.time()
    try:
        await asyncio.sleep(0.02)   # the startup
    except asyncio.CancelledError:
        if loop.time() != t:
            ready.set()
        raise
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
