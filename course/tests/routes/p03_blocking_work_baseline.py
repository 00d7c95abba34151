import asyncio
import time


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    time.sleep(0.01)  # BUG: the work blocks the event loop (every other task waits meanwhile)
