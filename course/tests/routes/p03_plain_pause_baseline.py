# honest baseline of p03_precancelled_closed_sleep.py: the same code, its pause a plain asyncio.sleep, no self-cancel
# The bug: buggy_sets_in_finally (signals in a finally, also when its 20 ms startup is cut short).
import asyncio


_pause = asyncio.sleep  # a plain sleep: the route without its trick



async def initializer(ready: asyncio.Event) -> None:
    try:
        await _pause(0.02)   # the startup
    finally:
        ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
