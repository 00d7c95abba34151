# Baseline: a worker that does part of its work (two 2 ms steps) before it waits for the signal.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    for _ in range(2):  # BUG: work begun before the signal
        await asyncio.sleep(0.002)
    await ready.wait()
    await asyncio.sleep(0.01)
